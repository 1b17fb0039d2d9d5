"""Shared by the exchange commands: finding the study and the member they act as."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from transcripts.models import Membership, Role
from transcripts.studies import study_by_ref


def member_for(study_ref: str, username: str | None) -> Membership:
    """The member a command acts as: `username`, else the study's first owner."""
    study = study_by_ref(study_ref)
    if study is None:
        raise CommandError(f"No study with id or title '{study_ref}'.")
    members = Membership.objects.select_related("study", "user").filter(study=study)
    member = (
        members.filter(user__username=username).first()
        if username
        else members.filter(role=Role.OWNER).order_by("added_at", "id").first()
    )
    if member is None:
        raise CommandError(
            f"'{username}' is not a member of '{study.title}'."
            if username
            else "The study has no owner."
        )
    return member


def user_named(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user named '{username}'.")
    return user
