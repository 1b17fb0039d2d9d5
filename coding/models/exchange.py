"""Background imports of REFI-QDA projects (.qdpx)."""

from django.db import models

from transcripts.models import Job, Study


class ExchangeJob(Job):
    """A .qdpx project imported by a task worker, into a study the user owns or into a new
    study (then `study` is set once it exists). Only its creator sees it."""

    study = models.ForeignKey(
        Study, null=True, blank=True, on_delete=models.CASCADE, related_name="exchange_jobs"
    )
    into_existing = models.BooleanField(default=False)
    filename = models.CharField(max_length=255)
    # The upload until the job has run; emptied right after (interview text belongs in the
    # study only).
    data = models.BinaryField(blank=True, default=b"")
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"exchange import {self.pk} ({self.status}, {self.done}/{self.total})"
