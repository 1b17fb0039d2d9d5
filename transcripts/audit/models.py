"""The audit trail of a study: one row per change (who, when, what kind, which object, the
fields before and after), written by the services inside their own transactions through
`transcripts.audit.services.record`, so a change and its record commit or roll back together.

An explicit table rather than model signals: the services write with bulk_create, bulk_update
and update(), which send no signals, and one service call (a merge of codes, a bulk accept)
is one change however many rows it touches."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditKind(models.TextChoices):
    CODING = "coding", "Coding"
    MOMENT = "moment", "Significant moment"
    MEMO = "memo", "Memo"
    CODEBOOK = "codebook", "Codebook"
    MEMBER = "member", "Member"
    SETTINGS = "settings", "Settings"
    DECISION = "decision", "Decision"
    IMPORT = "import", "Import"
    TRANSCRIPT = "transcript", "Transcript"
    PARTICIPANT = "participant", "Participant"
    TRASH = "trash", "Deletion or restore"
    EXPORT = "export", "Export"


class AuditEvent(models.Model):
    Kind = AuditKind

    # A purged study takes its trail with it: the trail quotes memos and settings of
    # interviews that must then be gone for good.
    study = models.ForeignKey(
        "transcripts.Study", on_delete=models.CASCADE, related_name="audit_events"
    )
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=AuditKind.choices)
    action = models.CharField(max_length=30)  # created, changed, deleted, restored, ...
    object_type = models.CharField(max_length=30)
    object_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        app_label = "transcripts"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["study", "-at", "-id"], name="audit_by_study"),
            models.Index(fields=["study", "object_type", "object_id"], name="audit_by_object"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AuditKind.values), name="audit_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.summary
