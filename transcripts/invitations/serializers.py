"""Output of invitations (the invitee's and the owners' lists alike)."""

from collections.abc import Callable

from django.urls import reverse
from rest_framework import serializers

from transcripts.invitations.models import Invitation, InvitationStatus


class InvitationOut(serializers.ModelSerializer):
    study_title = serializers.CharField(source="study.title", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    invited_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    status = serializers.ChoiceField(choices=InvitationStatus.choices, read_only=True)
    token = serializers.CharField(
        read_only=True, help_text="Names the invitation in its link; only the invitee uses it."
    )

    class Meta:
        model = Invitation
        fields = [
            "id",
            "study",
            "study_title",
            "username",
            "role",
            "invited_by",
            "status",
            "created_at",
            "expires_at",
            "answered_at",
            "token",
        ]


def invitation_link(request) -> Callable[[Invitation], str]:
    """The address of an invitation's page, for its email (pages and API invite alike)."""
    return lambda invitation: request.build_absolute_uri(
        reverse("invitation", args=[invitation.token])
    )
