"""Agreement endpoints: the same numbers as the agreement page and `manage.py agreement`."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from qualcode.api import StudyScopedMixin
from qualcode.errors import DomainError
from transcripts.models import Role

from . import agreement_report

UNIT = OpenApiParameter("unit", OpenApiTypes.STR, enum=list(agreement_report.UNITS))
CODERS = OpenApiParameter("coders", OpenApiTypes.STR, description="comma-separated usernames")


def parse_unit(value: str | None, study) -> str:
    unit = value or study.agreement_unit
    if unit not in agreement_report.UNITS:
        raise DomainError("unit", f"must be one of {', '.join(agreement_report.UNITS)}.")
    return unit


def parse_coders(value: str | None) -> list[str] | None:
    names = [name.strip() for name in (value or "").split(",") if name.strip()]
    if names and len(names) < 2:
        raise DomainError("coders", "Choose at least two coders (comma-separated usernames).")
    return names or None


class Agreement(StudyScopedMixin, APIView):
    """Agreement per code, cluster, transcript, participant, the whole study and coder pair.

    In the blind phase only owners and viewers may see it: comparing with the others' codings
    would end a coder's independence."""

    @extend_schema(parameters=[UNIT, CODERS], responses=dict)
    def get(self, request, study_pk: int):
        require_unblinded(self.study)
        unit = parse_unit(request.query_params.get("unit"), self.study)
        coders = parse_coders(request.query_params.get("coders"))
        report = agreement_report.study_agreement(self.study, unit=unit, coders=coders)
        return Response(report.as_dict())


class Confusion(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            UNIT,
            OpenApiParameter("a", OpenApiTypes.STR, required=True),
            OpenApiParameter("b", OpenApiTypes.STR, required=True),
        ],
        responses=dict,
    )
    def get(self, request, study_pk: int):
        require_unblinded(self.study)
        unit = parse_unit(request.query_params.get("unit") or "sentence", self.study)
        a, b = request.query_params.get("a", ""), request.query_params.get("b", "")
        try:
            return Response(agreement_report.confusion(self.study, unit=unit, coder_a=a, coder_b=b))
        except ValueError as error:
            raise DomainError("unit" if "unit" in str(error) else "a", str(error)) from None


def require_unblinded(study) -> None:
    if study.blind_coding and study.membership.role == Role.CODER:
        raise PermissionDenied(
            "Agreement compares everyone's codings; coders see it once the owner ends the blind phase."
        )
