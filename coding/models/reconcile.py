"""Reconciliation decisions: the audit trail of the consensus."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from transcripts.models import Study, Transcript


class ReconciliationDecision(models.Model):
    """The audit trail of consensus: one decision on one disagreement region of a transcript,
    the coders' versions as they were, the outcome and the consensus codings it produced."""

    class Outcome(models.TextChoices):
        ACCEPT_ONE = "accept_one", "Accept one coder's version"
        ACCEPT_ALL = "accept_all", "Accept every version"
        ACCEPT_NONE = "accept_none", "Accept none"
        EDIT = "edit", "Edited consensus"
        AGREED = "agreed", "The coders agreed"

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="decisions")
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="decisions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=12)
    versions = models.JSONField(help_text="The coders' codings in the region when decided.")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    accepted_coder = models.CharField(max_length=150, blank=True)
    result = models.JSONField(default=list, help_text="Consensus codings: code, start, end.")
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["transcript", "start", "-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="decision_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} [{self.start}:{self.end}]"
