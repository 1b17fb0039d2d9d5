"""Reconciling clusters as a team: a member proposes a codebook change (move a code, merge
codes, rename a cluster, name the core category) with a reason and the segments that motivate
it; teammates comment, agreeing or objecting; an owner accepts (the change is applied through
the codebook services and its history entry names the proposal), rejects, or the author
withdraws it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from coding.models.spans import Coding
from transcripts.models import Study


class ProposalKind(models.TextChoices):
    MOVE_CODE = "move_code", "Move a code to another cluster"
    MERGE_CODES = "merge_codes", "Merge codes"
    RENAME_CLUSTER = "rename_cluster", "Rename a cluster"
    CORE_CATEGORY = "core_category", "Name the core category"


class ProposalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Stance(models.TextChoices):
    COMMENT = "comment", "Comment"
    AGREE = "agree", "Agree"
    OBJECT = "object", "Object"


class CodebookProposal(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(max_length=16, choices=ProposalKind.choices)
    # The change's ids and texts (code, cluster, sources, target, name, statement), checked by
    # the service when proposed and again by the codebook services when accepted.
    change = models.JSONField(default=dict)
    summary = models.CharField(max_length=500)  # the change in words, as it was proposed
    reason = models.TextField()
    segments = models.ManyToManyField(Coding, blank=True, related_name="proposals")
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalKind.values), name="proposal_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.summary


class ProposalComment(models.Model):
    proposal = models.ForeignKey(
        CodebookProposal, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposal_comments"
    )
    stance = models.CharField(max_length=8, choices=Stance.choices, default=Stance.COMMENT)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="proposal_comment_stance_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stance}: {self.text[:40]}"
