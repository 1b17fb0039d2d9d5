"""Inviting members: an owner names a user and a role; a member's role changes at once (and a
site administrator enrols anyone at once), anyone else gets an invitation (and an email with its link when they have an address) which they
accept, becoming a member, or decline. Owners see the pending ones and revoke them. Each step
is in the audit trail."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from transcripts import studies
from transcripts.audit import services as audit
from transcripts.errors import DomainError
from transcripts.invitations.models import Invitation, InvitationStatus
from transcripts.models import Membership, Role

log = logging.getLogger(__name__)


def lifetime() -> timedelta:
    return timedelta(days=settings.QUALCODE_INVITATION_DAYS)


def _require_owner(member: Membership) -> None:
    if not member.is_owner:
        raise PermissionDenied("Only an owner of the study invites members.")


@transaction.atomic
def invite(
    *,
    member: Membership,
    username: str,
    role: str,
    link: Callable[[Invitation], str] | None = None,
) -> Membership | Invitation:
    """A member's new role (at once), or an invitation for anyone else (replacing one that
    waits). `link` makes the invitation's address for the email."""
    _require_owner(member)
    if role not in Role.values:
        raise DomainError("role", f"Role must be one of {', '.join(Role.values)}.")
    name = (username or "").strip()
    user = get_user_model().objects.filter(username=name, is_active=True).first()
    if user is None:
        raise DomainError("username", f"No user named '{name}'.")
    # A site administrator manages the accounts and may already enrol anyone through the admin
    # site, so an invitation would only add a step (scripts that set up a study rely on this).
    enrolled = Membership.objects.filter(study_id=member.study_id, user=user).exists()
    if enrolled or member.user.is_superuser:
        return studies.add_member(study=member.study, actor=member.user, username=name, role=role)
    now = timezone.now()
    waiting = Invitation.objects.select_for_update().filter(
        study_id=member.study_id, user=user, status=InvitationStatus.PENDING
    )
    waiting.update(status=InvitationStatus.REVOKED, answered_at=now)
    invitation = Invitation.objects.create(
        study_id=member.study_id,
        user=user,
        role=role,
        invited_by=member.user,
        created_at=now,
        expires_at=now + lifetime(),
    )
    _record(member.user, invitation, "invited", {"user": user.pk, "role": role})
    if user.email and link is not None:
        address = link(invitation)
        transaction.on_commit(lambda: _send(invitation, address))
    return invitation


def _send(invitation: Invitation, address: str) -> None:
    inviter = invitation.invited_by.username if invitation.invited_by else "An owner"
    sent = send_mail(
        f"Invitation to the study “{invitation.study.title}” on QualCode",
        f"{inviter} invites you to the study “{invitation.study.title}” as {invitation.role}.\n\n"
        f"Accept or decline it here (until {invitation.expires_at:%Y-%m-%d}):\n{address}\n",
        None,
        [invitation.user.email],
        fail_silently=True,
    )
    if not sent:
        log.warning("The invitation email to %s could not be sent.", invitation.user.username)


def pending_for_study(member: Membership):
    """The study's invitations still waiting for an answer (owners only)."""
    _require_owner(member)
    return (
        Invitation.objects.open()
        .filter(study_id=member.study_id)
        .select_related("user", "invited_by")
    )


def pending_for_user(user):
    """The invitations waiting for `user`'s answer."""
    return Invitation.objects.open().filter(user=user).select_related("study", "invited_by")


def invitation_for(user, token: str, *, lock: bool = False) -> Invitation:
    """The user's own open invitation with this token; 404 for anyone else or once answered."""
    rows = pending_for_user(user)
    if lock:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(token=str(token)).first()
    if found is None:
        raise Http404("No such invitation waiting for you (answered, revoked or expired).")
    return found


@transaction.atomic
def accept(*, user, token: str) -> Invitation:
    """Join the study with the invitation's role."""
    invitation = invitation_for(user, token, lock=True)
    studies.add_member(
        study=invitation.study,
        actor=invitation.invited_by,
        username=user.username,
        role=invitation.role,
    )
    _answer(user, invitation, InvitationStatus.ACCEPTED)
    return invitation


@transaction.atomic
def decline(*, user, token: str) -> Invitation:
    invitation = invitation_for(user, token, lock=True)
    _answer(user, invitation, InvitationStatus.DECLINED)
    return invitation


@transaction.atomic
def revoke(*, member: Membership, invitation_id: object) -> Invitation:
    """Withdraw an invitation that waits (owners)."""
    try:
        rows = pending_for_study(member).select_for_update(of=("self",))
        invitation = rows.get(pk=int(invitation_id))
    except (Invitation.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such invitation waiting in this study.") from None
    _answer(member.user, invitation, InvitationStatus.REVOKED)
    return invitation


def _answer(actor, invitation: Invitation, status: str) -> None:
    invitation.status, invitation.answered_at = status, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    _record(actor, invitation, status, {"status": status}, before={"status": "pending"})


def _record(actor, invitation: Invitation, action: str, after: dict, before=None) -> None:
    audit.record(
        study=invitation.study_id,
        actor=actor,
        kind=audit.Kind.MEMBER,
        action=action,
        obj=invitation,
        summary=f"Invitation of {invitation.user.username} as {invitation.role} {action}",
        before=before,
        after=after,
    )
