"""The CQR auditor: a member an owner names (a viewer: an auditor reads everything and codes
nothing) who reviews the codebook, the consensus and the principles and writes comments on
codes, clusters, reconciliation decisions and principles; owners read the open ones and
resolve them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from coding.models.codebook import Cluster, Code
from coding.models.principles import Principle
from coding.models.reconcile import ReconciliationDecision
from transcripts.models import Study


class Auditor(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="auditors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["named_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "user"], name="auditor_unique_user"),
        ]

    def __str__(self) -> str:
        return f"auditor {self.user_id} of {self.study_id}"


class AuditTarget(models.TextChoices):
    CODE = "code", "Code"
    CLUSTER = "cluster", "Cluster"
    DECISION = "decision", "Reconciliation decision"
    PRINCIPLE = "principle", "Principle"


class AuditComment(models.Model):
    """An auditor's comment on exactly one code, cluster, decision or principle."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="audit_comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_comments"
    )
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    decision = models.ForeignKey(
        ReconciliationDecision, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    principle = models.ForeignKey(
        Principle, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(code__isnull=False, cluster=None, decision=None, principle=None)
                    | Q(code=None, cluster__isnull=False, decision=None, principle=None)
                    | Q(code=None, cluster=None, decision__isnull=False, principle=None)
                    | Q(code=None, cluster=None, decision=None, principle__isnull=False)
                ),
                name="audit_comment_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def target_kind(self) -> str:
        return next(k for k in AuditTarget.values if getattr(self, f"{k}_id") is not None)
