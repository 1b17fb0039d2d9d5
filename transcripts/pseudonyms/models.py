"""The pseudonym map, kept apart from the transcripts: owners see it, nobody else does.

KnownName: a study's list of names (people, places) to flag in every upload, each with the
pseudonym the owner chose. Replacement: what one import replaced (original -> pseudonym, how
often), per transcript. NameReview: an owner's upload waiting for the pseudonyms; its files
are deleted as soon as the import is queued or the review is cancelled."""

from django.conf import settings
from django.db import models

from transcripts.models import Study, Transcript


class KnownName(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="known_names")
    name = models.CharField(max_length=100)
    pseudonym = models.CharField(max_length=100, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["study", "name"], name="known_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Replacement(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="replacements")
    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, related_name="replacements"
    )
    original = models.CharField(max_length=100)
    pseudonym = models.CharField(max_length=100)
    occurrences = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["transcript", "original"]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "original"], name="replacement_unique_original"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original} -> {self.pseudonym}"


class NameReview(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="name_reviews")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    participant_code = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=20, default="en")
    # [{"token", "reasons", "count", "context", "suggestion", "replace"}], in text order.
    flags = models.JSONField(default=list, blank=True)
    # [{"filename", "reason"}] for files that cannot be read (they will fail at import too).
    unreadable = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"name review {self.pk}"


class NameReviewFile(models.Model):
    review = models.ForeignKey(NameReview, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    filename = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.filename
