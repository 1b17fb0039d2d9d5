"""Analysis endpoints: the tables of the analysis page, for scripts. Each starts at the one
door and reads through the visibility layer (in the blind phase a coder gets their own
codings whatever the source asked for; the answer's `source` says so)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.analysis import config, drill, selectors, tables
from coding.analysis import cooccurrence as co
from coding.analysis import serializers as out
from coding.codings.params import text_param
from transcripts.access import StudyScopedMixin
from transcripts.models import Role
from transcripts.serializers import NOT_FOUND, REFUSED

SOURCE = OpenApiParameter(
    "source", OpenApiTypes.STR, description=out.SOURCE_HELP + ' Default "all".'
)
KIND = OpenApiParameter("kind", OpenApiTypes.STR, enum=list(co.KINDS), description="Default span.")
BY = OpenApiParameter("by", OpenApiTypes.STR, enum=["code", "cluster"], description="Default code.")
VALUES = OpenApiParameter(
    "values", OpenApiTypes.STR, enum=["counts", "presence"], description="Default counts."
)
ATTRIBUTE = OpenApiParameter(
    "attribute", OpenApiTypes.STR, description="Participant attribute; default the first."
)


def source_param(request) -> str:
    return text_param(request, "source") or selectors.ALL


class Frequencies(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[SOURCE],
        responses={200: out.FrequenciesOut, **REFUSED},
        description="Per cluster and code: codings, distinct participants (n of m) and the "
        "CQR label.",
    )
    def get(self, request, study_pk: int):
        found = selectors.frequencies(self.study, self.member, source_param(request))
        return Response(out.FrequenciesOut(found).data)


class Cooccurrence(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[SOURCE, KIND],
        responses={200: out.CooccurrenceOut, **REFUSED},
        description="Pairs of codes that meet in a span (one coder's overlapping codings), a "
        "significant moment or a participant: counts, c-coefficient, P(B|A), warnings.",
    )
    def get(self, request, study_pk: int):
        kind = text_param(request, "kind") or "span"
        found = tables.cooccurrence(self.study, self.member, source_param(request), kind)
        return Response(out.CooccurrenceOut(found).data)


class Helpful(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[SOURCE],
        responses={200: out.HelpfulOut, **REFUSED},
        description="Per cluster and code: the moments of each valence that contain its "
        "codings and their mean intensity.",
    )
    def get(self, request, study_pk: int):
        found = tables.helpful(self.study, self.member, source_param(request))
        return Response(out.HelpfulOut(found).data)


class Saturation(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[SOURCE],
        responses={200: out.SaturationOut, **REFUSED},
        description="Per participant, in the order first coded: codings, new codes, codes so far.",
    )
    def get(self, request, study_pk: int):
        found = tables.saturation(self.study, self.member, source_param(request))
        return Response(out.SaturationOut(found).data)


class Attributes(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[SOURCE, ATTRIBUTE],
        responses={200: out.AttributesOut, **REFUSED},
        description="Clusters against the participant groups one attribute makes.",
    )
    def get(self, request, study_pk: int):
        attribute = text_param(request, "attribute")
        found = tables.attributes(self.study, self.member, source_param(request), attribute)
        return Response(out.AttributesOut(found).data)


class Matrix(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[SOURCE, BY, VALUES],
        responses={200: out.MatrixOut, **REFUSED},
        description="Codings per participant and code (or cluster), or their presence.",
    )
    def get(self, request, study_pk: int):
        by = text_param(request, "by") or "code"
        values = text_param(request, "values") or "counts"
        found = tables.matrix(self.study, self.member, source_param(request), by, values)
        return Response(out.MatrixOut(found).data)


class CellSegments(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            SOURCE,
            OpenApiParameter("participant", OpenApiTypes.INT, description="A matrix row."),
            OpenApiParameter("code", OpenApiTypes.INT, description="A matrix column (code)."),
            OpenApiParameter("cluster", OpenApiTypes.INT, description="Or a cluster column."),
            OpenApiParameter("a", OpenApiTypes.INT, description="A co-occurring pair: code a..."),
            OpenApiParameter("b", OpenApiTypes.INT, description="...and code b..."),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=list(co.KINDS), description="...met so."
            ),
        ],
        responses={200: out.CellSegmentsOut, **REFUSED},
        description="The segments behind a cell of the participant matrix or of the "
        "co-occurrence table.",
    )
    def get(self, request, study_pk: int):
        source = source_param(request)
        found = drill.segments_for(self.study, self.member, source, request.query_params)
        return Response(out.CellSegmentsOut(found).data)


class AnalysisSettingsView(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(responses={200: out.AnalysisSettingsSerializer, **NOT_FOUND})
    def get(self, request, study_pk: int):
        return Response(out.AnalysisSettingsSerializer(config.settings_for(self.study)).data)

    @extend_schema(
        request=out.AnalysisSettingsSerializer,
        responses={200: out.AnalysisSettingsSerializer, **REFUSED},
    )
    def patch(self, request, study_pk: int):
        """Owners: the CQR frequency-label thresholds."""
        current = config.settings_for(self.study)
        data = out.AnalysisSettingsSerializer(current, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        found = config.change_settings(member=self.member, **data.validated_data)
        return Response(out.AnalysisSettingsSerializer(found).data)
