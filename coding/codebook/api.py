"""REST endpoints of the codebook: clusters, codes, merge, split, delete and the history.

Thin views: the study comes through StudyScopedMixin (404 for outsiders, 403 for viewers'
writes); input serializers check shape; one service call per write."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.codebook import clusters, restructure
from coding.codebook import services as codebook
from coding.codebook.serializers import (
    ClusterIn,
    ClusterOut,
    CodebookEventOut,
    CodeDeleteIn,
    CodeIn,
    CodeOut,
    MergeIn,
    RecheckOut,
    SplitIn,
)
from coding.codings import retrieval
from coding.codings.params import text_param
from coding.models import Coding
from transcripts.access import StudyScopedMixin
from transcripts.errors import DomainError
from transcripts.params import Pages
from transcripts.serializers import NOT_FOUND, REFUSED


class ClusterList(StudyScopedMixin, APIView):
    @extend_schema(responses={200: ClusterOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        return Response(ClusterOut(self.study.clusters.all(), many=True).data)

    @extend_schema(request=ClusterIn, responses={201: ClusterOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = ClusterIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("reason")
        cluster = clusters.create_cluster(
            member=self.member, parent_id=values.pop("parent", None), **values
        )
        return Response(ClusterOut(cluster).data, status=status.HTTP_201_CREATED)


class ClusterDetail(StudyScopedMixin, APIView):
    @extend_schema(responses={200: ClusterOut, **NOT_FOUND})
    def get(self, request, study_pk: int, cluster_pk: int):
        return Response(ClusterOut(get_object_or_404(self.study.clusters, pk=cluster_pk)).data)

    @extend_schema(request=ClusterIn(partial=True), responses={200: ClusterOut, **REFUSED})
    def patch(self, request, study_pk: int, cluster_pk: int):
        data = ClusterIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason", "")
        if "parent" in changes:
            changes["parent_id"] = changes.pop("parent")
        cluster = clusters.update_cluster(
            member=self.member, cluster_id=cluster_pk, reason=reason, **changes
        )
        return Response(ClusterOut(cluster).data)

    @extend_schema(
        parameters=[OpenApiParameter("reason", OpenApiTypes.STR)],
        responses={204: None, **REFUSED},
    )
    def delete(self, request, study_pk: int, cluster_pk: int):
        clusters.delete_cluster(
            member=self.member,
            cluster_id=cluster_pk,
            reason=text_param(request, "reason") or "",
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class CodeList(StudyScopedMixin, APIView):
    @extend_schema(responses={200: CodeOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        return Response(CodeOut(codebook.codes_with_counts(self.member), many=True).data)

    @extend_schema(request=CodeIn, responses={201: CodeOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = CodeIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("motivated_by", None)
        code = codebook.create_code(member=self.member, **values)
        return Response(CodeOut(code).data, status=status.HTTP_201_CREATED)


class CodeDetail(StudyScopedMixin, APIView):
    @extend_schema(responses={200: CodeOut, **NOT_FOUND})
    def get(self, request, study_pk: int, code_pk: int):
        code = get_object_or_404(codebook.codes_with_counts(self.member), pk=code_pk)
        return Response(CodeOut(code).data)

    @extend_schema(request=CodeIn(partial=True), responses={200: CodeOut, **REFUSED})
    def patch(self, request, study_pk: int, code_pk: int):
        """Renaming and moving are the owner's (recorded as such); other fields any coder's."""
        data = CodeIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        why = {"reason": fields.pop("reason", ""), "motivated_by": fields.pop("motivated_by", None)}
        codebook.change_code(member=self.member, code_id=code_pk, **why, **fields)
        code = codebook.codes_with_counts(self.member).get(pk=code_pk)
        return Response(CodeOut(code).data)

    @extend_schema(request=CodeDeleteIn, responses={204: None, **REFUSED})
    def delete(self, request, study_pk: int, code_pk: int):
        """Deleting a code with codings needs merge_into or delete_codings=true."""
        data = CodeDeleteIn(data=request.data or request.query_params)
        data.is_valid(raise_exception=True)
        restructure.delete_code(member=self.member, code_id=code_pk, **data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CodeMerge(StudyScopedMixin, APIView):
    @extend_schema(request=MergeIn, responses={200: CodeOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = MergeIn(data=request.data)
        data.is_valid(raise_exception=True)
        target = restructure.merge_codes(
            member=self.member,
            source_ids=data.validated_data["sources"],
            target_id=data.validated_data["target"],
            reason=data.validated_data["reason"],
            motivated_by=data.validated_data.get("motivated_by"),
        )
        return Response(CodeOut(codebook.codes_with_counts(self.member).get(pk=target.pk)).data)


class CodeSplit(StudyScopedMixin, APIView):
    @extend_schema(request=SplitIn, responses={201: CodeOut(many=True), **REFUSED})
    def post(self, request, study_pk: int, code_pk: int):
        data = SplitIn(data=request.data)
        data.is_valid(raise_exception=True)
        new_codes = restructure.split_code(
            member=self.member, code_id=code_pk, **data.validated_data
        )
        rows = codebook.codes_with_counts(self.member).filter(pk__in=[c.pk for c in new_codes])
        return Response(CodeOut(rows, many=True).data, status=status.HTTP_201_CREATED)


class CodebookHistory(StudyScopedMixin, APIView):
    pagination_class = Pages

    @extend_schema(responses={200: CodebookEventOut(many=True), **REFUSED})
    def get(self, request, study_pk: int):
        events = codebook.history(self.member)
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(CodebookEventOut(rows, many=True).data)


class CodebookRecheck(StudyScopedMixin, APIView):
    """Codings to re-check after a codebook change: the codings of the changed (or merge
    target) code that nobody has touched since the change."""

    @extend_schema(responses={200: RecheckOut, **REFUSED})
    def get(self, request, study_pk: int, event_pk: int):
        event = get_object_or_404(codebook.history(self.member), pk=event_pk)
        code_id = event.details.get("target") or event.details.get("code")
        if not isinstance(code_id, int):
            raise DomainError("event", "This change does not concern a single code.")
        visible = Coding.objects.visible_to(self.member)
        rows = list(
            visible.filter(code_id=code_id, updated_at__lte=event.at)
            .order_by("transcript_id", "start")
            .values_list(*retrieval.CODING_COLUMNS)
        )
        texts = retrieval.texts_for(row[1] for row in rows)
        body = {
            "event": event.pk,
            "summary": event.shown,
            "code": code_id,
            "codings": retrieval.coding_dicts(rows, texts),
        }
        return Response(RecheckOut(body).data)
