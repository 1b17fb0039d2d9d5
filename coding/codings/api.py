"""REST endpoints of codings, significant moments, memos and retrieval (segments, counts).

Thin views: the study comes through StudyScopedMixin (404 for outsiders, 403 for viewers'
writes); input serializers check shape; one service call per write; reads are scoped to the
study and to what the blind phase lets this member see."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.codings import retrieval
from coding.codings import services as codings
from coding.codings.params import FILTERS, choice_param, int_param, parse_filters
from coding.codings.serializers import (
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
from coding.models import Coding, Memo, SignificantMoment, Valence
from transcripts.access import StudyScopedMixin

# ---------------------------------------------------------------- codings


class CodingList(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            *FILTERS,
            OpenApiParameter("limit", OpenApiTypes.INT),
            OpenApiParameter("offset", OpenApiTypes.INT),
        ],
        responses=CodingOut(many=True),
        description="With ?transcript=ID: every visible coding of that transcript (the "
        "workbench's list, unpaginated). Otherwise paginated with limit/offset.",
    )
    def get(self, request, study_pk: int):
        filters = parse_filters(request)
        qs = Coding.objects.visible_to(self.member)
        qs = retrieval.filter_codings(qs, self.member, **filters).order_by("start", "end", "id")
        if filters["transcript"] is not None:
            rows = list(qs.values_list(*retrieval.CODING_COLUMNS))
            texts = retrieval.texts_for([filters["transcript"]]) if rows else {}
            return Response(retrieval.coding_dicts(rows, texts))
        page = LimitOffsetPagination()
        rows = page.paginate_queryset(qs.values_list(*retrieval.CODING_COLUMNS), request, view=self)
        texts = retrieval.texts_for(row[1] for row in rows)
        return page.get_paginated_response(retrieval.coding_dicts(rows, texts))

    @extend_schema(request=CodingIn, responses={201: CodingDetailOut, 200: CodingDetailOut})
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
        body = retrieval.coding_out(result.coding, result.text)
        body["merged"] = result.merged
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


class CodingDetail(StudyScopedMixin, APIView):
    def _coding(self, coding_pk: int) -> Coding:
        return get_object_or_404(Coding.objects.visible_to(self.member), pk=coding_pk)

    @extend_schema(responses=CodingDetailOut)
    def get(self, request, study_pk: int, coding_pk: int):
        return Response(retrieval.coding_out(self._coding(coding_pk)))

    @extend_schema(request=CodingUpdateIn, responses=CodingDetailOut)
    def patch(self, request, study_pk: int, coding_pk: int):
        data = CodingUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "code" in values:
            values["code_id"] = values.pop("code")
        coding = codings.update_coding(member=self.member, coding_id=coding_pk, **values)
        return Response(retrieval.coding_out(coding))

    @extend_schema(responses={204: None})
    def delete(self, request, study_pk: int, coding_pk: int):
        codings.delete_coding(member=self.member, coding_id=coding_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CodingMoments(StudyScopedMixin, APIView):
    """The significant moment(s) around a coding (moments that contain it)."""

    @extend_schema(responses=MomentOut(many=True))
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
    @extend_schema(
        parameters=[
            OpenApiParameter("transcript", OpenApiTypes.INT),
            OpenApiParameter("valence", OpenApiTypes.STR, enum=Valence.values),
        ],
        responses=MomentOut(many=True),
    )
    def get(self, request, study_pk: int):
        qs = SignificantMoment.objects.visible_to(self.member).select_related("rater")
        transcript = int_param(request, "transcript")
        valence = choice_param(request, "valence", Valence.values)
        if transcript is not None:
            qs = qs.filter(transcript_id=transcript)
        if valence:
            qs = qs.filter(valence=valence)
        moments = list(qs.order_by("transcript_id", "start", "id"))
        texts = retrieval.texts_for(m.transcript_id for m in moments)
        return Response(MomentOut(moments, many=True, context={"texts": texts}).data)

    @extend_schema(request=MomentIn, responses={201: MomentOut})
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

    @extend_schema(responses=MomentOut)
    def get(self, request, study_pk: int, moment_pk: int):
        return Response(self._out(self._moment(moment_pk)))

    @extend_schema(request=MomentUpdateIn, responses=MomentOut)
    def patch(self, request, study_pk: int, moment_pk: int):
        data = MomentUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        moment = codings.update_moment(
            member=self.member, moment_id=moment_pk, **data.validated_data
        )
        return Response(self._out(moment))

    @extend_schema(responses={204: None})
    def delete(self, request, study_pk: int, moment_pk: int):
        codings.delete_moment(member=self.member, moment_id=moment_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MomentCodings(StudyScopedMixin, APIView):
    """The codings that lie within a significant moment."""

    @extend_schema(responses=CodingOut(many=True))
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
    @extend_schema(
        parameters=[
            OpenApiParameter(n, OpenApiTypes.INT) for n in ("transcript", "code", "coding")
        ],
        responses=MemoOut(many=True),
    )
    def get(self, request, study_pk: int):
        qs = Memo.objects.visible_to(self.member).select_related("author")
        for name in ("transcript", "code", "coding"):
            value = int_param(request, name)
            if value is not None:
                qs = qs.filter(**{f"{name}_id": value})
        return Response(MemoOut(qs, many=True).data)

    @extend_schema(request=MemoIn, responses={201: MemoOut})
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
        )
        return Response(MemoOut(memo).data, status=status.HTTP_201_CREATED)


class MemoDetail(StudyScopedMixin, APIView):
    @extend_schema(responses=MemoOut)
    def get(self, request, study_pk: int, memo_pk: int):
        qs = Memo.objects.visible_to(self.member).select_related("author")
        return Response(MemoOut(get_object_or_404(qs, pk=memo_pk)).data)

    @extend_schema(request=MemoUpdateIn, responses=MemoOut)
    def patch(self, request, study_pk: int, memo_pk: int):
        data = MemoUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        memo = codings.update_memo(member=self.member, memo_id=memo_pk, **data.validated_data)
        return Response(MemoOut(memo).data)

    @extend_schema(responses={204: None})
    def delete(self, request, study_pk: int, memo_pk: int):
        codings.delete_memo(member=self.member, memo_id=memo_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- retrieval


class SegmentList(StudyScopedMixin, APIView):
    """Every visible coded segment, with quote, context, participant and coder: the
    constant-comparison list (filter by code to read one code across the study)."""

    @extend_schema(parameters=FILTERS, responses=SegmentOut(many=True))
    def get(self, request, study_pk: int):
        qs = Coding.objects.visible_to(self.member)
        qs = retrieval.segment_queryset(
            retrieval.filter_codings(qs, self.member, **parse_filters(request))
        )
        page = LimitOffsetPagination()
        rows = page.paginate_queryset(qs, request, view=self)
        texts = retrieval.texts_for(c.transcript_id for c in rows)
        return page.get_paginated_response(retrieval.segments(rows, texts))


class CodeCounts(StudyScopedMixin, APIView):
    @extend_schema(parameters=[OpenApiParameter("coder", OpenApiTypes.STR)], responses=CountsOut)
    def get(self, request, study_pk: int):
        visible = Coding.objects.visible_to(self.member)
        coder = request.query_params.get("coder") or None
        return Response(retrieval.counts(self.study, visible, coder=coder))
