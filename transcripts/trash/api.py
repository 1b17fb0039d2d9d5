"""REST endpoints of the trash: the studies an owner may restore, a study's trashed
transcripts, and restoring either. Deleting (into the trash) is the DELETE of the study or
transcript itself, with `?confirm=` its name."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from transcripts.access import StudyScopedMixin
from transcripts.models import Role
from transcripts.serializers import FORBIDDEN, NOT_FOUND
from transcripts.trash import services
from transcripts.trash.serializers import TrashedStudyOut, TrashedTranscriptOut


class TrashedStudyList(APIView):
    @extend_schema(responses={200: TrashedStudyOut(many=True), **FORBIDDEN})
    def get(self, request):
        """Studies in the trash that you own and may restore."""
        rows = services.trashed_studies(request.user)
        return Response(TrashedStudyOut(rows, many=True).data)


class TrashedStudyRestore(APIView):
    @extend_schema(request=None, responses={200: TrashedStudyOut, **NOT_FOUND})
    def post(self, request, study_pk: int):
        """Restore a study of yours from the trash (404 if it is not there or too old)."""
        study = services.restore_study(user=request.user, study_id=study_pk)
        return Response(TrashedStudyOut(study).data)


class TrashedTranscriptList(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(responses={200: TrashedTranscriptOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        """The study's transcripts in the trash (owners only)."""
        rows = services.trashed_transcripts(self.member)
        return Response(TrashedTranscriptOut(rows, many=True).data)


class TrashedTranscriptRestore(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(request=None, responses={200: TrashedTranscriptOut, **NOT_FOUND})
    def post(self, request, study_pk: int, transcript_pk: int):
        """Restore a transcript from the study's trash (owners only)."""
        transcript = services.restore_transcript(member=self.member, transcript_id=transcript_pk)
        return Response(TrashedTranscriptOut(transcript).data)
