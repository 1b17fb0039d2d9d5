"""The one door into a study. Every study-scoped page, API call and export reaches its study
through `get_study_for_user` (pages) or `StudyScopedMixin` (API), which return the study and
the member's Membership explicitly. Not a member, or the study is in the trash -> 404
(outsiders must not learn that a study exists); member with too low a role -> 403 with the
reason.

What a member may do is answered by `Membership` (can_write, is_owner, sees_only_own,
can_reconcile); what a member may see is decided by the `visible_to(member)` QuerySet methods
of the span models, which every list, count, aggregate, model, job and export goes through."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework.permissions import SAFE_METHODS

from transcripts.compiled import Compiled, concrete_columns, instance
from transcripts.models import ROLE_RANK, Membership, Role, Study

User = get_user_model()


_MEMBER_COLUMNS = (
    concrete_columns(Membership)
    + concrete_columns(Study, "study__")
    + concrete_columns(User, "study__consensus_user__")
)
# The door's query, compiled once (transcripts.compiled): every study request pays for it.
_DOOR = Compiled(
    lambda study_id, user_id: Membership.objects.filter(
        study_id=study_id, user_id=user_id, study__deleted_at__isnull=True
    ).values_list(*_MEMBER_COLUMNS),
    study_id=int,
    user_id=int,
)
_STUDY_AT = len(Membership._meta.concrete_fields)
_CONSENSUS_AT = _STUDY_AT + len(Study._meta.concrete_fields)


def get_study_for_user(
    user, study_id: object, *, min_role: str = Role.VIEWER
) -> tuple[Study, Membership]:
    """(study, membership) of `user` in the study, or 404 / 403."""
    try:
        [row] = _DOOR.rows(study_id=study_id, user_id=user.pk)
    except (TypeError, ValueError, OverflowError):  # not a member, or not an id
        raise Http404("No such study.") from None
    member, study = instance(Membership, row, 0), instance(Study, row, _STUDY_AT)
    study.consensus_user = instance(User, row, _CONSENSUS_AT)
    member.study = study
    # The member's account is the one asking, already loaded: not joined again.
    member.user = user
    if ROLE_RANK[member.role] < ROLE_RANK[min_role]:
        raise PermissionDenied(f"This needs the {min_role} role in the study.")
    return study, member


class StudyScopedMixin:
    """Resolves `self.study` and `self.member` once per request through the door.

    Reads need membership; writes need `write_role` (coder by default). Outsiders get 404."""

    write_role: str = Role.CODER
    read_role: str = Role.VIEWER  # owners only for what only owners may see (pseudonyms)

    def initial(self, request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication first: anonymous -> 401/403
        min_role = self.read_role if request.method in SAFE_METHODS else self.write_role
        self.study, self.member = get_study_for_user(
            request.user, kwargs["study_pk"], min_role=min_role
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["study"] = getattr(self, "study", None)
        context["member"] = getattr(self, "member", None)
        return context


def require_writer(member: Membership, refusal: str) -> tuple[Study, Any]:
    """(study, user) of a member who may write; a viewer is refused with `refusal`."""
    if not member.can_write:
        raise PermissionDenied(refusal)
    return member.study, member.user


def require_sees_all(member: Membership, what: str) -> None:
    """Refuse a coder in the blind phase a view of everyone's work (`what` names it)."""
    if member.sees_only_own:
        raise PermissionDenied(
            f"{what} compares everyone's codings; coders see it once the owner ends the blind phase."
        )
