"""REST endpoints of invitations: a study's pending ones (owners, who revoke them), and the
user's own, which they accept or decline. Inviting is POST .../members/ (202 with the
invitation; a member's role change answers 200)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from transcripts.access import StudyScopedMixin
from transcripts.invitations import services
from transcripts.invitations.serializers import InvitationOut
from transcripts.models import Role
from transcripts.serializers import FORBIDDEN, NOT_FOUND


class StudyInvitationList(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(responses={200: InvitationOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        """Invitations of the study waiting for an answer (owners only)."""
        rows = services.pending_for_study(self.member).select_related("study")
        return Response(InvitationOut(rows, many=True).data)


class StudyInvitationDetail(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(responses={204: None, **NOT_FOUND})
    def delete(self, request, study_pk: int, invitation_pk: int):
        """Revoke an invitation that waits (owners only)."""
        services.revoke(member=self.member, invitation_id=invitation_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyInvitationList(APIView):
    @extend_schema(responses={200: InvitationOut(many=True), **FORBIDDEN})
    def get(self, request):
        """Invitations waiting for your answer."""
        return Response(InvitationOut(services.pending_for_user(request.user), many=True).data)


class InvitationAccept(APIView):
    @extend_schema(request=None, responses={200: InvitationOut, **NOT_FOUND})
    def post(self, request, token: str):
        """Accept: you become a member with the invitation's role."""
        invitation = services.accept(user=request.user, token=token)
        return Response(InvitationOut(invitation).data)


class InvitationDecline(APIView):
    @extend_schema(request=None, responses={200: InvitationOut, **NOT_FOUND})
    def post(self, request, token: str):
        """Decline: nothing changes in the study; the owners see it answered."""
        invitation = services.decline(user=request.user, token=token)
        return Response(InvitationOut(invitation).data)
