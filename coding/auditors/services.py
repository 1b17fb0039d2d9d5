"""Writes and reads of the auditor's work. Owners name and unname auditors (viewers only: an
auditor reads everything, the blind phase included, and codes nothing); auditors comment on a
code, cluster, reconciliation decision or principle of the study; owners resolve comments.
Comments are read by owners and auditors (403 for others)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from coding.models import (
    AuditComment,
    Auditor,
    AuditTarget,
    Cluster,
    Code,
    Principle,
    ReconciliationDecision,
)
from transcripts.errors import DomainError
from transcripts.models import Membership, Role

TARGETS = {
    AuditTarget.CODE: Code,
    AuditTarget.CLUSTER: Cluster,
    AuditTarget.DECISION: ReconciliationDecision,
    AuditTarget.PRINCIPLE: Principle,
}


def is_auditor(member: Membership) -> bool:
    return Auditor.objects.filter(study_id=member.study_id, user_id=member.user_id).exists()


def require_reader(member: Membership) -> None:
    if not (member.is_owner or is_auditor(member)):
        raise PermissionDenied("Audit comments are for the study's owners and auditors.")


def _owner(member: Membership) -> None:
    if not member.is_owner:
        raise PermissionDenied("Only an owner of the study names auditors and resolves comments.")


@transaction.atomic
def name_auditor(*, member: Membership, username: object) -> Auditor:
    _owner(member)
    try:
        named = Membership.objects.select_related("user").get(
            study_id=member.study_id, user__username=str(username)
        )
    except Membership.DoesNotExist:
        raise DomainError("username", "No member of this study has that username.") from None
    if named.role != Role.VIEWER:
        raise DomainError(
            "username", "Name a viewer as auditor: an auditor reads everything and codes nothing."
        )
    auditor, _ = Auditor.objects.get_or_create(
        study_id=member.study_id, user=named.user, defaults={"named_by": member.user}
    )
    return auditor


@transaction.atomic
def unname_auditor(*, member: Membership, auditor_id: object) -> None:
    _owner(member)
    try:
        Auditor.objects.get(study_id=member.study_id, pk=int(auditor_id)).delete()
    except (Auditor.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such auditor in this study.") from None


@transaction.atomic
def write_comment(*, member: Membership, target: str, target_id: object, text: str) -> AuditComment:
    if not is_auditor(member):
        raise PermissionDenied("Only the study's auditors write audit comments.")
    if target not in TARGETS:
        raise DomainError("target", f"must be one of {', '.join(AuditTarget.values)}.")
    if not isinstance(text, str) or not text.strip() or "\x00" in text:
        raise DomainError("text", "A comment needs some text.")
    try:
        thing = TARGETS[target].objects.get(study_id=member.study_id, pk=int(target_id))
    except (TARGETS[target].DoesNotExist, TypeError, ValueError, OverflowError):
        raise DomainError("target_id", f"No such {target} in this study.") from None
    return AuditComment.objects.create(
        study_id=member.study_id, author=member.user, text=text.strip()[:5000], **{target: thing}
    )


@transaction.atomic
def resolve_comment(*, member: Membership, comment_id: object) -> AuditComment:
    _owner(member)
    try:
        comment = AuditComment.objects.select_for_update().get(
            study_id=member.study_id, pk=int(comment_id)
        )
    except (AuditComment.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such comment in this study.") from None
    if comment.resolved_at is None:
        comment.resolved_by, comment.resolved_at = member.user, timezone.now()
        comment.save(update_fields=["resolved_by", "resolved_at"])
    return comment


def comments_for(member: Membership, *, status: str | None = None) -> QuerySet:
    """The study's audit comments for an owner or auditor, oldest first."""
    require_reader(member)
    qs = AuditComment.objects.filter(study_id=member.study_id).select_related(
        "author", "resolved_by", "code", "cluster", "decision", "principle"
    )
    if status == "open":
        qs = qs.filter(resolved_at=None)
    elif status == "resolved":
        qs = qs.exclude(resolved_at=None)
    return qs.order_by("created_at", "id")


def target_label(comment: AuditComment) -> str:
    kind = comment.target_kind
    thing = getattr(comment, kind)
    if kind == AuditTarget.DECISION:
        return f"decision {thing.pk} ({thing.get_outcome_display().lower()})"
    if kind == AuditTarget.PRINCIPLE:
        return f"principle “{thing.statement[:80]}”"
    return f"{kind} “{thing.name}”"


def comment_dict(comment: AuditComment) -> dict:
    return {
        "id": comment.pk,
        "author": comment.author.username,
        "target": comment.target_kind,
        "target_id": getattr(comment, f"{comment.target_kind}_id"),
        "target_label": target_label(comment),
        "text": comment.text,
        "created_at": comment.created_at,
        "resolved_by": comment.resolved_by.username if comment.resolved_by else None,
        "resolved_at": comment.resolved_at,
    }
