"""Analysis endpoints: the tables of the analysis page, for scripts."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.analysis import config, selectors
from coding.analysis.serializers import SOURCE_HELP, AnalysisSettingsSerializer, FrequenciesOut
from coding.codings.params import text_param
from transcripts.access import StudyScopedMixin
from transcripts.models import Role
from transcripts.serializers import NOT_FOUND, REFUSED

SOURCE = OpenApiParameter("source", OpenApiTypes.STR, description=SOURCE_HELP + ' Default "all".')


def source_param(request) -> str:
    return text_param(request, "source") or selectors.ALL


class Frequencies(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[SOURCE],
        responses={200: FrequenciesOut, **REFUSED},
        description="Per cluster and code: codings, distinct participants (n of m) and the "
        "CQR label. In the blind phase a coder gets their own codings whatever the source.",
    )
    def get(self, request, study_pk: int):
        found = selectors.frequencies(self.study, self.member, source_param(request))
        return Response(FrequenciesOut(found).data)


class AnalysisSettingsView(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(responses={200: AnalysisSettingsSerializer, **NOT_FOUND})
    def get(self, request, study_pk: int):
        return Response(AnalysisSettingsSerializer(config.settings_for(self.study)).data)

    @extend_schema(
        request=AnalysisSettingsSerializer, responses={200: AnalysisSettingsSerializer, **REFUSED}
    )
    def patch(self, request, study_pk: int):
        """Owners: the CQR frequency-label thresholds."""
        data = AnalysisSettingsSerializer(
            config.settings_for(self.study), data=request.data, partial=True
        )
        data.is_valid(raise_exception=True)
        found = config.change_settings(member=self.member, **data.validated_data)
        return Response(AnalysisSettingsSerializer(found).data)
