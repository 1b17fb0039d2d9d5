"""REST endpoints for studies, members, participants, transcripts and imports.

Thin views: parse input, pass the one door (StudyScopedMixin / get_study_for_user), call one
service or QuerySet method, present with an output serializer."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.http import quote_etag
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from transcripts import imports, payloads, studies
from transcripts.access import StudyScopedMixin, get_study_for_user
from transcripts.invitations import services as invitations
from transcripts.invitations.serializers import InvitationOut, invitation_link
from transcripts.models import Membership, Participant, Role, Transcript, Turn
from transcripts.serializers import (
    NOT_FOUND,
    REFUSED,
    ErrorOut,
    FileOutcomeOut,
    ImportIn,
    ImportJobOut,
    MemberIn,
    MemberOut,
    MemberRoleIn,
    ParticipantIn,
    ParticipantOut,
    SentenceOut,
    SpeakerRoleIn,
    SpeakerRoleSetOut,
    SpeakerRolesOut,
    StudyOut,
    StudyUpdateIn,
    TranscriptListOut,
    TranscriptOut,
    TranscriptUpdateIn,
)
from transcripts.trash import services as trash
from transcripts.trash.serializers import CONFIRM


class StudyDetail(APIView):
    @extend_schema(responses={200: StudyOut, **NOT_FOUND})
    def get(self, request, study_pk: int):
        study, member = get_study_for_user(request.user, study_pk)
        return Response(StudyOut(study, context={"member": member}).data)

    @extend_schema(request=StudyUpdateIn, responses={200: StudyOut, **REFUSED})
    def patch(self, request, study_pk: int):
        study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
        data = StudyUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        study = studies.update_study(member=member, **data.validated_data)
        return Response(StudyOut(study, context={"member": member}).data)

    @extend_schema(parameters=[CONFIRM], responses={204: None, **REFUSED})
    def delete(self, request, study_pk: int):
        """Move the study to the trash (owners; `?confirm=` its title)."""
        study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
        trash.trash_study(member=member, confirm=request.query_params.get("confirm"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberList(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(responses={200: MemberOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        rows = self.study.memberships.select_related("user", "study").order_by("user__username")
        return Response(MemberOut(rows, many=True).data)

    @extend_schema(
        request=MemberIn,
        responses={200: MemberOut, 202: InvitationOut, **REFUSED},
        description="A member's role changes at once (200), and a site administrator enrols "
        "anyone at once (200). Anyone else is invited (202): they join once they accept (POST /api/v1/invitations/{token}/accept/).",
    )
    def post(self, request, study_pk: int):
        data = MemberIn(data=request.data)
        data.is_valid(raise_exception=True)
        made = invitations.invite(
            member=self.member, link=invitation_link(request), **data.validated_data
        )
        if isinstance(made, Membership):
            return Response(MemberOut(made).data)
        return Response(InvitationOut(made).data, status=status.HTTP_202_ACCEPTED)


class MemberDetail(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    def _membership(self, member_pk: int) -> Membership:
        return get_object_or_404(
            self.study.memberships.select_related("user", "study"), pk=member_pk
        )

    @extend_schema(responses={200: MemberOut, **NOT_FOUND})
    def get(self, request, study_pk: int, member_pk: int):
        return Response(MemberOut(self._membership(member_pk)).data)

    @extend_schema(request=MemberRoleIn, responses={200: MemberOut, **REFUSED})
    def patch(self, request, study_pk: int, member_pk: int):
        membership = self._membership(member_pk)
        data = MemberRoleIn(data=request.data)
        data.is_valid(raise_exception=True)
        if "role" in data.validated_data:
            membership = studies.add_member(
                study=self.study,
                actor=request.user,
                username=membership.user.username,
                role=data.validated_data["role"],
            )
        named = data.validated_data.get(
            "named_reconciler", data.validated_data.get("can_reconcile")
        )
        if named is not None:
            membership = studies.set_reconciler(
                study=self.study, membership=membership, value=named, actor=request.user
            )
        return Response(MemberOut(membership).data)

    @extend_schema(responses={204: None, **REFUSED})
    def delete(self, request, study_pk: int, member_pk: int):
        membership = self._membership(member_pk)
        studies.remove_member(study=self.study, membership=membership, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ParticipantList(StudyScopedMixin, APIView):
    @extend_schema(responses={200: ParticipantOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        return Response(ParticipantOut(self.study.participants.all(), many=True).data)

    @extend_schema(request=ParticipantIn, responses={201: ParticipantOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = ParticipantIn(data=request.data)
        data.is_valid(raise_exception=True)
        participant = studies.create_participant(
            study=self.study, actor=request.user, **data.validated_data
        )
        return Response(ParticipantOut(participant).data, status=status.HTTP_201_CREATED)


class ParticipantDetail(StudyScopedMixin, APIView):
    def _participant(self, participant_pk: int) -> Participant:
        return get_object_or_404(self.study.participants, pk=participant_pk)

    @extend_schema(responses={200: ParticipantOut, **NOT_FOUND})
    def get(self, request, study_pk: int, participant_pk: int):
        return Response(ParticipantOut(self._participant(participant_pk)).data)

    @extend_schema(request=ParticipantIn, responses={200: ParticipantOut, **REFUSED})
    def patch(self, request, study_pk: int, participant_pk: int):
        participant = self._participant(participant_pk)
        data = ParticipantIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        participant = studies.update_participant(
            participant=participant, merge=True, actor=request.user, **data.validated_data
        )
        return Response(ParticipantOut(participant).data)


@extend_schema(responses={200: TranscriptListOut(many=True), **REFUSED})
class TranscriptList(StudyScopedMixin, generics.ListAPIView):
    serializer_class = TranscriptListOut
    filterset_fields = ["participant__code", "source_format", "language"]

    queryset = Transcript.objects.none()  # for the schema generator; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Transcript.objects.none()
        return Transcript.objects.filter(study=self.study).for_listing()


class TranscriptDetail(StudyScopedMixin, APIView):
    write_role = Role.OWNER  # deleting a transcript hides its codings: the owner's decision

    def _transcript(self, transcript_pk: int):
        return get_object_or_404(
            Transcript.objects.filter(study=self.study)
            .select_related("participant", "imported_by")
            .prefetch_related(Prefetch("turns", Turn.objects.select_related("participant"))),
            pk=transcript_pk,
        )

    @extend_schema(responses={200: TranscriptOut, **NOT_FOUND})
    def get(self, request, study_pk: int, transcript_pk: int):
        body, version = payloads.transcript_payload(self.study, transcript_pk)
        response = Response(body)
        # Set here, ConditionalGetMiddleware answers If-None-Match with 304 without hashing
        # the body; the format is part of it (the browsable API is another representation).
        response["ETag"] = quote_etag(f"{version}-{request.accepted_renderer.format}")
        return response

    @extend_schema(request=TranscriptUpdateIn, responses={200: TranscriptOut, **REFUSED})
    def patch(self, request, study_pk: int, transcript_pk: int):
        transcript = self._transcript(transcript_pk)
        data = TranscriptUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        studies.update_transcript(transcript=transcript, actor=request.user, **data.validated_data)
        return Response(TranscriptOut(self._transcript(transcript_pk)).data)

    @extend_schema(parameters=[CONFIRM], responses={204: None, **REFUSED})
    def delete(self, request, study_pk: int, transcript_pk: int):
        """Move the transcript to the study's trash (owners; `?confirm=` its title)."""
        trash.trash_transcript(
            member=self.member,
            transcript_id=transcript_pk,
            confirm=request.query_params.get("confirm"),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class TranscriptSentences(StudyScopedMixin, APIView):
    @extend_schema(responses={200: SentenceOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int, transcript_pk: int):
        transcript = get_object_or_404(
            Transcript.objects.filter(study=self.study).only("text", "sentences"), pk=transcript_pk
        )
        text = transcript.text
        rows = [
            {"index": i, "start": start, "end": end, "text": text[start:end]}
            for i, (start, end) in enumerate(transcript.sentences)
        ]
        return Response(SentenceOut(rows, many=True).data)


class TranscriptImport(StudyScopedMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=ImportIn,
        responses={
            200: FileOutcomeOut(many=True),
            201: FileOutcomeOut(many=True),
            400: PolymorphicProxySerializer(
                component_name="ImportRefused",
                serializers=[ErrorOut, FileOutcomeOut(many=True)],
                resource_type_field_name=None,
                many=False,
            ),
            **NOT_FOUND,
        },
        description="201 when a file was imported, 200 when every file was a duplicate, "
        "400 with the outcomes when every file failed (or the error shape for bad input).",
    )
    def post(self, request, study_pk: int):
        data = ImportIn(data=request.data)
        data.is_valid(raise_exception=True)
        pseudonyms = _pseudonyms_of(self.member, data.validated_data)
        files = [(f.name, imports.read_upload(f)) for f in data.validated_data["files"]]
        outcomes = imports.import_files(
            study=self.study,
            user=request.user,
            files=files,
            participant_code=data.validated_data["participant"],
            language=data.validated_data["language"],
            replacements=pseudonyms,
        )
        imported = any(o.status == "imported" for o in outcomes)
        code = status.HTTP_201_CREATED if imported else status.HTTP_200_OK
        if all(o.status == "failed" for o in outcomes):
            code = status.HTTP_400_BAD_REQUEST
        return Response(FileOutcomeOut(outcomes, many=True).data, status=code)


def _pseudonyms_of(member: Membership, data: dict) -> dict[str, str]:
    """The pseudonym map of an import; only owners see (and so give) the study's map."""
    if data["pseudonyms"] and not member.is_owner:
        raise PermissionDenied("Only owners pseudonymise: the map of names is theirs to keep.")
    return data["pseudonyms"]


class SpeakerRoles(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(responses={200: SpeakerRolesOut, **NOT_FOUND})
    def get(self, request, study_pk: int):
        labels = (
            Turn.objects.filter(transcript__study=self.study, transcript__deleted_at=None)
            .values("speaker", "role")
            .annotate(turns=Count("id"))
            .order_by("speaker", "role")
        )
        body = {"overrides": self.study.speaker_roles, "labels": list(labels)}
        return Response(SpeakerRolesOut(body).data)

    @extend_schema(request=SpeakerRoleIn, responses={200: SpeakerRoleSetOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = SpeakerRoleIn(data=request.data)
        data.is_valid(raise_exception=True)
        changed = studies.set_speaker_role(
            study=self.study, actor=request.user, **data.validated_data
        )
        body = {"overrides": self.study.speaker_roles, "turns_changed": changed}
        return Response(SpeakerRoleSetOut(body).data)


class ImportJobList(StudyScopedMixin, APIView):
    """Background imports: POST queues the files and answers 202 with the job to poll."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: ImportJobOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        jobs = self.study.import_jobs.select_related("created_by")[:50]
        return Response(ImportJobOut(jobs, many=True).data)

    @extend_schema(request=ImportIn, responses={202: ImportJobOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = ImportIn(data=request.data)
        data.is_valid(raise_exception=True)
        pseudonyms = _pseudonyms_of(self.member, data.validated_data)
        job = imports.queue_import(
            study=self.study,
            user=request.user,
            files=[(f.name, imports.read_upload(f)) for f in data.validated_data["files"]],
            participant_code=data.validated_data["participant"],
            language=data.validated_data["language"],
            replacements=pseudonyms,
        )
        return Response(ImportJobOut(job).data, status=status.HTTP_202_ACCEPTED)


class ImportJobDetail(StudyScopedMixin, APIView):
    @extend_schema(responses={200: ImportJobOut, **NOT_FOUND})
    def get(self, request, study_pk: int, job_pk: int):
        job = get_object_or_404(self.study.import_jobs.select_related("created_by"), pk=job_pk)
        return Response(ImportJobOut(job).data)
