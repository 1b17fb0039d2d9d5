"""Suggestion settings of a study: threshold, recommender switches, rule unit and training
source. Owners change them through `change_settings` (page and API alike)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from coding.models import SuggestionSettings
from transcripts.audit import services as audit
from transcripts.errors import DomainError
from transcripts.models import Membership, Role, Study

_UNSET = object()


def settings_for(study: Study) -> SuggestionSettings:
    found, _ = SuggestionSettings.objects.select_related("source_coder").get_or_create(study=study)
    return found


def source_member(study: Study, username: str):
    """The member named as the training source (coders and owners code)."""
    if not username:
        return None
    membership = (
        study.memberships.filter(user__username=username, role__in=[Role.OWNER, Role.CODER])
        .select_related("user")
        .first()
    )
    if membership is None:
        raise DomainError("source_coder_name", f"“{username}” is not a coder of this study.")
    return membership.user


def check_settings(cfg) -> None:
    if cfg.source == cfg.Source.CODER and cfg.source_coder_id is None:
        raise DomainError("source_coder_name", "Name the coder whose codings to learn from.")


@transaction.atomic
def change_settings(
    *, member: Membership, source_coder_name: object = _UNSET, **values
) -> SuggestionSettings:
    """Change the study's suggestion settings (owners only); `source_coder_name` names the
    coder of the one-coder source ("" clears it). Checked as a whole before it is saved."""
    if not member.is_owner:
        raise PermissionDenied("Only owners change the suggestion settings.")
    study = member.study
    settings_for(study)  # made on first use
    found = (
        # lock the settings row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer join to source_coder
        SuggestionSettings.objects.select_for_update(of=("self",))
        .select_related("source_coder")
        .get(study=study)
    )
    fields = (*SuggestionSettings.EDITABLE, "source_coder")
    before = audit.snapshot(found, fields)
    if source_coder_name is not _UNSET:
        found.source_coder = source_member(study, str(source_coder_name or ""))
    for field, value in values.items():
        setattr(found, field, value)
    check_settings(found)
    found.save()
    before, after = audit.changes(before, audit.snapshot(found, fields))
    if after:
        audit.record(
            study=study,
            actor=member.user,
            kind=audit.Kind.SETTINGS,
            action="changed",
            obj=found,
            summary=f"Suggestion settings changed: {', '.join(after)}",
            before=before,
            after=after,
        )
    return found
