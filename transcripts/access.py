"""One door into a study: every study-scoped view and API call gets the study through here.

Not a member -> 404 (outsiders must not learn that a study exists); member with too low a
role -> 403. The membership is attached to the study as `study.membership` for later checks."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import ROLE_RANK, Membership, Role, Study


def get_study_for_user(user, study_id: object, *, min_role: str = Role.VIEWER) -> Study:
    try:
        membership = Membership.objects.select_related("study").get(
            study_id=int(study_id), user_id=user.pk
        )
    except (Membership.DoesNotExist, TypeError, ValueError):
        raise Http404("No such study.") from None
    if ROLE_RANK[membership.role] < ROLE_RANK[min_role]:
        raise PermissionDenied(f"This needs the {min_role} role in the study.")
    study = membership.study
    study.membership = membership
    return study


def can_write(study: Study) -> bool:
    return ROLE_RANK[study.membership.role] >= ROLE_RANK[Role.CODER]


def is_owner(study: Study) -> bool:
    return study.membership.role == Role.OWNER
