"""The study's analysis settings (CQR thresholds): read, made with the defaults on first use,
and changed by owners through `change_settings` (page and API alike)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from coding.analysis import cqr
from coding.models import AnalysisSettings
from coding.models.analysis import RARE_BELOW_VARIANT
from transcripts.errors import DomainError
from transcripts.models import Membership, Study


def settings_for(study: Study) -> AnalysisSettings:
    found, _ = AnalysisSettings.objects.get_or_create(study=study)
    return found


def thresholds_of(found: AnalysisSettings) -> cqr.Thresholds:
    return cqr.Thresholds(**{field: getattr(found, field) for field in AnalysisSettings.EDITABLE})


def check_settings(found: AnalysisSettings) -> None:
    if found.rare_max < found.variant_min:
        raise DomainError("rare_max", RARE_BELOW_VARIANT)


@transaction.atomic
def change_settings(*, member: Membership, **values: int) -> AnalysisSettings:
    """Change the thresholds (owners only), checked as a whole before anything is saved."""
    if not member.is_owner:
        raise PermissionDenied("Only owners change the analysis settings.")
    settings_for(member.study)  # made on first use
    found = AnalysisSettings.objects.select_for_update().get(study=member.study)
    for field, value in values.items():
        if field not in AnalysisSettings.EDITABLE:
            raise DomainError(field, "Not an analysis setting.")
        setattr(found, field, value)
    check_settings(found)
    found.save()
    return found
