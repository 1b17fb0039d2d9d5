"""An invitation to join a study with a role: the user accepts it (becoming a member) or
declines it; the owner may revoke it while it waits; it expires after
QUALCODE_INVITATION_DAYS. The token makes the link in the invitation email."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        """Pending, not expired, in a study that is not in the trash."""
        return self.filter(
            status=InvitationStatus.PENDING,
            expires_at__gt=timezone.now(),
            study__deleted_at=None,
        )


class Invitation(models.Model):
    Status = InvitationStatus

    study = models.ForeignKey(
        "transcripts.Study", on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=10)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        app_label = "transcripts"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "user"],
                condition=Q(status="pending"),
                name="invitation_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["owner", "coder", "viewer"]), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values), name="invitation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.study} as {self.role} ({self.status})"

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at
