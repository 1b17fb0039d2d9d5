"""REST endpoints of the auditor: auditors named by owners, and the auditor's comments on
codes, clusters, decisions and principles (read by owners and auditors, resolved by owners).
Reads go through the services, which refuse members who are neither (403)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.auditors import services as audit
from coding.auditors.serializers import AuditCommentIn, AuditCommentOut, AuditorIn, AuditorOut
from coding.codings.params import text_param
from coding.models import Auditor
from transcripts.access import StudyScopedMixin
from transcripts.errors import DomainError
from transcripts.models import Role
from transcripts.serializers import NOT_FOUND, REFUSED


class AuditCommentList(StudyScopedMixin, APIView):
    write_role = Role.VIEWER  # auditors are viewers; the service checks the auditor

    @extend_schema(
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=["open", "resolved"])],
        responses={200: AuditCommentOut(many=True), **REFUSED},
    )
    def get(self, request, study_pk: int):
        wanted = text_param(request, "status")
        if wanted not in (None, "open", "resolved"):
            raise DomainError("status", "must be open or resolved.")
        comments = audit.comments_for(self.member, status=wanted)
        return Response(AuditCommentOut([audit.comment_dict(c) for c in comments], many=True).data)

    @extend_schema(request=AuditCommentIn, responses={201: AuditCommentOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = AuditCommentIn(data=request.data)
        data.is_valid(raise_exception=True)
        comment = audit.write_comment(member=self.member, **data.validated_data)
        return Response(
            AuditCommentOut(audit.comment_dict(comment)).data, status=status.HTTP_201_CREATED
        )


class AuditCommentResolve(StudyScopedMixin, APIView):
    @extend_schema(request=None, responses={200: AuditCommentOut, **REFUSED})
    def post(self, request, study_pk: int, comment_pk: int):
        comment = audit.resolve_comment(member=self.member, comment_id=comment_pk)
        return Response(AuditCommentOut(audit.comment_dict(comment)).data)


def _auditor_out(auditor: Auditor) -> dict:
    return AuditorOut(
        {"id": auditor.pk, "username": auditor.user.username, "named_at": auditor.named_at}
    ).data


class AuditorList(StudyScopedMixin, APIView):
    @extend_schema(responses={200: AuditorOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        auditors = Auditor.objects.filter(study=self.study).select_related("user")
        return Response([_auditor_out(a) for a in auditors])

    @extend_schema(request=AuditorIn, responses={201: AuditorOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = AuditorIn(data=request.data)
        data.is_valid(raise_exception=True)
        auditor = audit.name_auditor(member=self.member, **data.validated_data)
        return Response(_auditor_out(auditor), status=status.HTTP_201_CREATED)


class AuditorDetail(StudyScopedMixin, APIView):
    @extend_schema(responses={204: None, **REFUSED})
    def delete(self, request, study_pk: int, auditor_pk: int):
        audit.unname_auditor(member=self.member, auditor_id=auditor_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
