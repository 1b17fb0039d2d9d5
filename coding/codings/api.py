"""REST endpoints of codings, significant moments, memos and retrieval (segments, counts).

Thin views: the study comes through StudyScopedMixin (404 for outsiders, 403 for viewers'
writes); input serializers check shape; one service call per write; reads are scoped to the
study and to what the blind phase lets this member see."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.codings import retrieval, undo
from coding.codings import services as codings
from coding.codings.filters import (
    CodingFilter,
    MemoFilter,
    MomentFilter,
    StudyFilterBackend,
    filter_list,
)
from coding.codings.params import TranscriptOrPages, text_param
from coding.codings.serializers import (
    CodingAppliedOut,
    CodingDetailOut,
    CodingIn,
    CodingOut,
    CodingUpdateIn,
    CountsOut,
    MemoIn,
    MemoOut,
    MemoUpdateIn,
    MomentIn,
    MomentOut,
    MomentUpdateIn,
    SegmentOut,
)
from coding.models import Coding, Memo, SignificantMoment
from transcripts.access import StudyScopedMixin
from transcripts.params import Pages
from transcripts.serializers import NOT_FOUND, REFUSED

# ---------------------------------------------------------------- codings


class CodingList(StudyScopedMixin, APIView):
    queryset = Coding.objects.none()  # the model, for the schema; requests read visible_to()
    filter_backends = [StudyFilterBackend]
    filterset_class = CodingFilter
    pagination_class = TranscriptOrPages

    @extend_schema(
        responses={200: CodingOut(many=True), **REFUSED},
        description="With ?transcript=ID: every visible coding of that transcript (the "
        "workbench's list, unpaginated). Otherwise paginated with limit/offset.",
    )
    def get(self, request, study_pk: int):
        qs = filter_list(self, Coding.objects.visible_to(self.member))
        rows = qs.order_by("start", "end", "id").values_list(*retrieval.CODING_COLUMNS)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        if page is None:
            rows = list(rows)
            return Response(retrieval.coding_dicts(rows, retrieval.texts_for(r[1] for r in rows)))
        texts = retrieval.texts_for(row[1] for row in page)
        return paginator.get_paginated_response(retrieval.coding_dicts(page, texts))

    @extend_schema(
        request=CodingIn, responses={201: CodingAppliedOut, 200: CodingAppliedOut, **REFUSED}
    )
    def post(self, request, study_pk: int):
        """Apply a code to a span. 201 when created; 200 when an identical coding existed or
        the span merged with the same code's overlapping span (the merged coding returns)."""
        data = CodingIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = codings.apply_code(
            member=self.member,
            transcript_id=values["transcript"],
            code_id=values["code"],
            start=values["start"],
            end=values["end"],
            memo=values["memo"],
            quote=values["quote"],
        )
        context = {"texts": {result.coding.transcript_id: result.text}, "merged": result.merged}
        return Response(
            CodingAppliedOut(result.coding, context=context).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class CodingDetail(StudyScopedMixin, APIView):
    def _coding(self, coding_pk: int) -> Coding:
        return get_object_or_404(Coding.objects.visible_to(self.member), pk=coding_pk)

    @extend_schema(responses={200: CodingDetailOut, **NOT_FOUND})
    def get(self, request, study_pk: int, coding_pk: int):
        return Response(CodingDetailOut(self._coding(coding_pk)).data)

    @extend_schema(request=CodingUpdateIn, responses={200: CodingDetailOut, **REFUSED})
    def patch(self, request, study_pk: int, coding_pk: int):
        data = CodingUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "code" in values:
            values["code_id"] = values.pop("code")
        coding = codings.update_coding(member=self.member, coding_id=coding_pk, **values)
        return Response(CodingDetailOut(coding).data)

    @extend_schema(responses={204: None, **REFUSED})
    def delete(self, request, study_pk: int, coding_pk: int):
        codings.delete_coding(member=self.member, coding_id=coding_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CodingRestore(StudyScopedMixin, APIView):
    @extend_schema(request=None, responses={201: CodingAppliedOut, **REFUSED})
    def post(self, request, study_pk: int, coding_pk: int):
        """Undo deleting your own coding `coding_pk`: the coding again (a new id; merged with
        an overlapping span of its code as any new coding is) and the memos attached to it."""
        result = undo.restore_coding(member=self.member, coding_id=coding_pk)
        context = {"texts": {result.coding.transcript_id: result.text}, "merged": result.merged}
        return Response(
            CodingAppliedOut(result.coding, context=context).data, status=status.HTTP_201_CREATED
        )


class CodingMoments(StudyScopedMixin, APIView):
    """The significant moment(s) around a coding (moments that contain it)."""

    @extend_schema(responses={200: MomentOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int, coding_pk: int):
        coding = get_object_or_404(Coding.objects.visible_to(self.member), pk=coding_pk)
        moments = (
            SignificantMoment.objects.visible_to(self.member)
            .filter(
                codings.spans_around(coding.start, coding.end), transcript_id=coding.transcript_id
            )
            .select_related("rater")
        )
        texts = retrieval.texts_for([coding.transcript_id])
        return Response(MomentOut(moments, many=True, context={"texts": texts}).data)


# ---------------------------------------------------------------- moments


class MomentList(StudyScopedMixin, APIView):
    queryset = SignificantMoment.objects.none()  # the model, for the schema
    filter_backends = [StudyFilterBackend]
    filterset_class = MomentFilter

    @extend_schema(responses={200: MomentOut(many=True), **REFUSED})
    def get(self, request, study_pk: int):
        qs = SignificantMoment.objects.visible_to(self.member).select_related("rater")
        moments = list(filter_list(self, qs).order_by("transcript_id", "start", "id"))
        texts = retrieval.texts_for(m.transcript_id for m in moments)
        return Response(MomentOut(moments, many=True, context={"texts": texts}).data)

    @extend_schema(request=MomentIn, responses={201: MomentOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = MomentIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        moment = codings.mark_moment(
            member=self.member, transcript_id=values.pop("transcript"), **values
        )
        texts = retrieval.texts_for([moment.transcript_id])
        return Response(
            MomentOut(moment, context={"texts": texts}).data, status=status.HTTP_201_CREATED
        )


class MomentDetail(StudyScopedMixin, APIView):
    def _moment(self, moment_pk: int) -> SignificantMoment:
        qs = SignificantMoment.objects.visible_to(self.member).select_related("rater")
        return get_object_or_404(qs, pk=moment_pk)

    def _out(self, moment: SignificantMoment) -> dict:
        return MomentOut(
            moment, context={"texts": retrieval.texts_for([moment.transcript_id])}
        ).data

    @extend_schema(responses={200: MomentOut, **NOT_FOUND})
    def get(self, request, study_pk: int, moment_pk: int):
        return Response(self._out(self._moment(moment_pk)))

    @extend_schema(request=MomentUpdateIn, responses={200: MomentOut, **REFUSED})
    def patch(self, request, study_pk: int, moment_pk: int):
        data = MomentUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        moment = codings.update_moment(
            member=self.member, moment_id=moment_pk, **data.validated_data
        )
        return Response(self._out(moment))

    @extend_schema(responses={204: None, **REFUSED})
    def delete(self, request, study_pk: int, moment_pk: int):
        codings.delete_moment(member=self.member, moment_id=moment_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MomentCodings(StudyScopedMixin, APIView):
    """The codings that lie within a significant moment."""

    @extend_schema(responses={200: CodingOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int, moment_pk: int):
        qs = SignificantMoment.objects.visible_to(self.member)
        moment = get_object_or_404(qs, pk=moment_pk)
        rows = (
            Coding.objects.visible_to(self.member)
            .filter(
                codings.spans_within(moment.start, moment.end), transcript_id=moment.transcript_id
            )
            .order_by("start", "end", "id")
            .values_list(*retrieval.CODING_COLUMNS)
        )
        return Response(retrieval.coding_dicts(rows, retrieval.texts_for([moment.transcript_id])))


# ---------------------------------------------------------------- memos


class MemoList(StudyScopedMixin, APIView):
    queryset = Memo.objects.none()  # the model, for the schema
    filter_backends = [StudyFilterBackend]
    filterset_class = MemoFilter

    @extend_schema(responses={200: MemoOut(many=True), **REFUSED})
    def get(self, request, study_pk: int):
        qs = Memo.objects.visible_to(self.member).select_related("author")
        return Response(MemoOut(filter_list(self, qs), many=True).data)

    @extend_schema(request=MemoIn, responses={201: MemoOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = MemoIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        memo = codings.write_memo(
            member=self.member,
            text=v["text"],
            transcript_id=v["transcript"],
            code_id=v["code"],
            coding_id=v["coding"],
            kind=v["kind"],
        )
        return Response(MemoOut(memo).data, status=status.HTTP_201_CREATED)


class MemoDetail(StudyScopedMixin, APIView):
    @extend_schema(responses={200: MemoOut, **NOT_FOUND})
    def get(self, request, study_pk: int, memo_pk: int):
        qs = Memo.objects.visible_to(self.member).select_related("author")
        return Response(MemoOut(get_object_or_404(qs, pk=memo_pk)).data)

    @extend_schema(request=MemoUpdateIn, responses={200: MemoOut, **REFUSED})
    def patch(self, request, study_pk: int, memo_pk: int):
        data = MemoUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        memo = codings.update_memo(member=self.member, memo_id=memo_pk, **data.validated_data)
        return Response(MemoOut(memo).data)

    @extend_schema(responses={204: None, **REFUSED})
    def delete(self, request, study_pk: int, memo_pk: int):
        codings.delete_memo(member=self.member, memo_id=memo_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- retrieval


class SegmentList(StudyScopedMixin, APIView):
    """Every visible coded segment, with quote, context, participant and coder: the
    constant-comparison list (filter by code to read one code across the study)."""

    queryset = Coding.objects.none()  # the model, for the schema
    filter_backends = [StudyFilterBackend]
    filterset_class = CodingFilter
    pagination_class = Pages

    @extend_schema(responses={200: SegmentOut(many=True), **REFUSED})
    def get(self, request, study_pk: int):
        qs = retrieval.segment_queryset(filter_list(self, Coding.objects.visible_to(self.member)))
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(qs, request, view=self)
        texts = retrieval.texts_for(c.transcript_id for c in rows)
        segments = SegmentOut(retrieval.segments(rows, texts), many=True).data
        return paginator.get_paginated_response(segments)


class CodeCounts(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[OpenApiParameter("coder", OpenApiTypes.STR, description="username")],
        responses={200: CountsOut, **REFUSED},
    )
    def get(self, request, study_pk: int):
        visible = Coding.objects.visible_to(self.member)
        coder = text_param(request, "coder")
        return Response(CountsOut(retrieval.counts(self.study, visible, coder=coder)).data)
