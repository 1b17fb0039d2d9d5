"""REST endpoints of pseudonymisation, for owners only: coders and viewers get 403, outsiders
404. The import itself takes the map (`pseudonyms`) on the transcripts' import endpoints."""

from dataclasses import asdict

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from transcripts import imports
from transcripts.access import StudyScopedMixin
from transcripts.models import Role
from transcripts.pseudonyms import services
from transcripts.pseudonyms.serializers import (
    FlagsIn,
    FlagsOut,
    KnownNameIn,
    KnownNameOut,
    ReplacementOut,
)
from transcripts.serializers import NOT_FOUND, REFUSED


class OwnersOnly(StudyScopedMixin):
    read_role = Role.OWNER
    write_role = Role.OWNER


class PseudonymMap(OwnersOnly, APIView):
    @extend_schema(responses={200: ReplacementOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        return Response(ReplacementOut(services.pseudonym_map(self.study), many=True).data)


class KnownNameList(OwnersOnly, APIView):
    @extend_schema(responses={200: KnownNameOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        return Response(KnownNameOut(self.study.known_names.all(), many=True).data)

    @extend_schema(request=KnownNameIn, responses={201: KnownNameOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = KnownNameIn(data=request.data)
        data.is_valid(raise_exception=True)
        known = services.add_known_name(study=self.study, **data.validated_data)
        return Response(KnownNameOut(known).data, status=status.HTTP_201_CREATED)


class KnownNameDetail(OwnersOnly, APIView):
    @extend_schema(responses={204: None, **NOT_FOUND})
    def delete(self, request, study_pk: int, name_pk: int):
        get_object_or_404(self.study.known_names, pk=name_pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class FlagNames(OwnersOnly, APIView):
    """The names an upload would be asked about, without storing anything."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=FlagsIn, responses={200: FlagsOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = FlagsIn(data=request.data)
        data.is_valid(raise_exception=True)
        files = [(f.name, imports.read_upload(f)) for f in data.validated_data["files"]]
        flags, unreadable = services.flag_files(self.study, files)
        body = {"flags": [asdict(flag) for flag in flags], "unreadable": unreadable}
        return Response(FlagsOut(body).data)
