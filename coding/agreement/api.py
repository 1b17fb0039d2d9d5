"""Agreement endpoints: the same numbers as the agreement page and `manage.py agreement`."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.agreement import report as agreement_report
from coding.agreement.serializers import AgreementReportOut, ConfusionOut
from coding.codings.params import text_param
from transcripts.access import StudyScopedMixin, require_sees_all
from transcripts.errors import DomainError
from transcripts.serializers import REFUSED

UNIT = OpenApiParameter("unit", OpenApiTypes.STR, enum=list(agreement_report.UNITS))
OVER = OpenApiParameter(
    "consensus_over",
    OpenApiTypes.STR,
    enum=list(agreement_report.CONSENSUS_OVER),
    description="Compare with the consensus over reconciled transcripts (default) or decided "
    "regions.",
)
CODERS = OpenApiParameter("coders", OpenApiTypes.STR, description="comma-separated usernames")


def parse_coders(value: str | None) -> list[str] | None:
    names = [name.strip() for name in (value or "").split(",") if name.strip()]
    if names and len(names) < 2:
        raise DomainError("coders", "Choose at least two coders (comma-separated usernames).")
    return names or None


class Agreement(StudyScopedMixin, APIView):
    """Agreement per code, cluster, transcript, participant, the whole study and coder pair.

    In the blind phase only owners and viewers may see it: comparing with the others' codings
    would end a coder's independence."""

    @extend_schema(parameters=[UNIT, CODERS, OVER], responses={200: AgreementReportOut, **REFUSED})
    def get(self, request, study_pk: int):
        require_sees_all(self.member, "Agreement")
        unit = agreement_report.parse_unit(request.query_params.get("unit"), self.study)
        coders = parse_coders(text_param(request, "coders"))
        over = text_param(request, "consensus_over") or "reconciled"
        report = agreement_report.study_agreement(
            self.study, unit=unit, coders=coders, consensus_over=over
        )
        return Response(AgreementReportOut(report.as_dict()).data)


class Confusion(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            UNIT,
            OpenApiParameter("a", OpenApiTypes.STR, required=True),
            OpenApiParameter("b", OpenApiTypes.STR, required=True),
        ],
        responses={200: ConfusionOut, **REFUSED},
    )
    def get(self, request, study_pk: int):
        require_sees_all(self.member, "Agreement")
        unit = agreement_report.parse_unit(
            request.query_params.get("unit") or "sentence", self.study
        )
        a, b = text_param(request, "a") or "", text_param(request, "b") or ""
        try:
            table = agreement_report.confusion(self.study, unit=unit, coder_a=a, coder_b=b)
        except ValueError as error:
            raise DomainError("unit" if "unit" in str(error) else "a", str(error)) from None
        return Response(ConfusionOut(table).data)
