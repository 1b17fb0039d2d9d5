"""Codebook endpoints (read side; writes arrive with the coding-core issue)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from qualcode.api import StudyScopedMixin

from .serializers import ClusterOut, CodeOut


class ClusterList(StudyScopedMixin, APIView):
    @extend_schema(responses=ClusterOut(many=True))
    def get(self, request, study_pk: int):
        return Response(ClusterOut(self.study.clusters.all(), many=True).data)


class CodeList(StudyScopedMixin, APIView):
    @extend_schema(responses=CodeOut(many=True))
    def get(self, request, study_pk: int):
        return Response(CodeOut(self.study.codes.all(), many=True).data)
