"""REST endpoints of the codebook, codings, significant moments, memos and retrieval.

Thin views: the study comes through StudyScopedMixin (404 for outsiders, 403 for viewers'
writes); input serializers check shape; one service call per write; reads use QuerySet
filters scoped to the study and to what the blind phase lets this member see."""

from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from qualcode.api import StudyScopedMixin
from qualcode.errors import DomainError
from transcripts import studies
from transcripts.access import get_study_for_user
from transcripts.models import Study
from transcripts.serializers import StudyIn, StudyOut

from . import codebook, codings, retrieval
from .models import Coding, SignificantMoment, Valence
from .serializers import (
    ClusterIn,
    ClusterOut,
    CodebookEventOut,
    CodeDeleteIn,
    CodeIn,
    CodeOut,
    CodingDetailOut,
    CodingIn,
    CodingOut,
    CodingUpdateIn,
    CountsOut,
    MemoIn,
    MemoOut,
    MemoUpdateIn,
    MergeIn,
    MomentIn,
    MomentOut,
    MomentUpdateIn,
    SegmentOut,
    SplitIn,
)


def _int_param(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise DomainError(name, "must be a whole number (an id).") from None


def _choice_param(request, name: str, choices) -> str | None:
    value = request.query_params.get(name) or None
    if value is not None and value not in choices:
        raise DomainError(name, f"must be one of {', '.join(choices)}.")
    return value


FILTERS = [
    OpenApiParameter("transcript", OpenApiTypes.INT),
    OpenApiParameter("code", OpenApiTypes.INT),
    OpenApiParameter("cluster", OpenApiTypes.INT),
    OpenApiParameter("coder", OpenApiTypes.STR, description="username"),
    OpenApiParameter("participant", OpenApiTypes.STR, description="code such as P07"),
    OpenApiParameter("valence", OpenApiTypes.STR, enum=Valence.values),
    OpenApiParameter(
        "speaker_role", OpenApiTypes.STR, enum=["interviewer", "client", "therapist", "other"]
    ),
]


def _filters(request) -> dict:
    return {
        "transcript": _int_param(request, "transcript"),
        "code": _int_param(request, "code"),
        "cluster": _int_param(request, "cluster"),
        "coder": request.query_params.get("coder") or None,
        "participant": request.query_params.get("participant") or None,
        "valence": _choice_param(request, "valence", Valence.values),
        "speaker_role": _choice_param(
            request, "speaker_role", ["interviewer", "client", "therapist", "other"]
        ),
    }


# ---------------------------------------------------------------- studies


class StudyList(APIView):
    @extend_schema(responses=StudyOut(many=True))
    def get(self, request):
        rows = Study.objects.for_study_list(request.user).annotate(my_role=F("memberships__role"))
        # for_user joins memberships on the requesting user, so my_role is that user's role.
        return Response(StudyOut(rows, many=True).data)

    @extend_schema(request=StudyIn, responses={201: StudyOut})
    def post(self, request):
        data = StudyIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        starter = values.pop("starter_codebook")
        with transaction.atomic():
            study = studies.create_study(user=request.user, **values)
            if starter:
                codebook.load_starter_codebook(study=study, actor=request.user)
        study = get_study_for_user(request.user, study.pk)
        return Response(StudyOut(study).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- codebook


class ClusterList(StudyScopedMixin, APIView):
    @extend_schema(responses=ClusterOut(many=True))
    def get(self, request, study_pk: int):
        return Response(ClusterOut(self.study.clusters.all(), many=True).data)

    @extend_schema(request=ClusterIn, responses={201: ClusterOut})
    def post(self, request, study_pk: int):
        data = ClusterIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("reason")
        cluster = codebook.create_cluster(
            study=self.study, actor=request.user, parent_id=values.pop("parent", None), **values
        )
        return Response(ClusterOut(cluster).data, status=status.HTTP_201_CREATED)


class ClusterDetail(StudyScopedMixin, APIView):
    @extend_schema(responses=ClusterOut)
    def get(self, request, study_pk: int, cluster_pk: int):
        return Response(ClusterOut(get_object_or_404(self.study.clusters, pk=cluster_pk)).data)

    @extend_schema(request=ClusterIn(partial=True), responses=ClusterOut)
    def patch(self, request, study_pk: int, cluster_pk: int):
        data = ClusterIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason", "")
        if "parent" in changes:
            changes["parent_id"] = changes.pop("parent")
        cluster = codebook.update_cluster(
            study=self.study, actor=request.user, cluster_id=cluster_pk, reason=reason, **changes
        )
        return Response(ClusterOut(cluster).data)

    @extend_schema(responses={204: None})
    def delete(self, request, study_pk: int, cluster_pk: int):
        codebook.delete_cluster(
            study=self.study,
            actor=request.user,
            cluster_id=cluster_pk,
            reason=request.query_params.get("reason", ""),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class CodeList(StudyScopedMixin, APIView):
    @extend_schema(responses=CodeOut(many=True))
    def get(self, request, study_pk: int):
        return Response(CodeOut(codebook.codes_with_counts(self.study), many=True).data)

    @extend_schema(request=CodeIn, responses={201: CodeOut})
    def post(self, request, study_pk: int):
        data = CodeIn(data=request.data)
        data.is_valid(raise_exception=True)
        code = codebook.create_code(study=self.study, actor=request.user, **data.validated_data)
        return Response(CodeOut(code).data, status=status.HTTP_201_CREATED)


class CodeDetail(StudyScopedMixin, APIView):
    @extend_schema(responses=CodeOut)
    def get(self, request, study_pk: int, code_pk: int):
        code = get_object_or_404(codebook.codes_with_counts(self.study), pk=code_pk)
        return Response(CodeOut(code).data)

    @extend_schema(request=CodeIn(partial=True), responses=CodeOut)
    def patch(self, request, study_pk: int, code_pk: int):
        """Renaming and moving are the owner's (recorded as such); other fields any coder's."""
        data = CodeIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        reason = fields.pop("reason", "")
        actor, study = request.user, self.study
        codebook.get_code(study, code_pk)  # 404-like DomainError before anything changes
        if "name" in fields:
            codebook.rename_code(
                study=study, actor=actor, code_id=code_pk, name=fields.pop("name"), reason=reason
            )
        if "cluster_id" in fields:
            codebook.move_code(
                study=study,
                actor=actor,
                code_id=code_pk,
                cluster_id=fields.pop("cluster_id"),
                reason=reason,
            )
        if fields:
            codebook.update_code(study=study, actor=actor, code_id=code_pk, reason=reason, **fields)
        code = codebook.codes_with_counts(study).get(pk=code_pk)
        return Response(CodeOut(code).data)

    @extend_schema(request=CodeDeleteIn, responses={204: None})
    def delete(self, request, study_pk: int, code_pk: int):
        """Deleting a code with codings needs merge_into or delete_codings=true."""
        data = CodeDeleteIn(data=request.data or request.query_params)
        data.is_valid(raise_exception=True)
        codebook.delete_code(
            study=self.study, actor=request.user, code_id=code_pk, **data.validated_data
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class CodeMerge(StudyScopedMixin, APIView):
    @extend_schema(request=MergeIn, responses=CodeOut)
    def post(self, request, study_pk: int):
        data = MergeIn(data=request.data)
        data.is_valid(raise_exception=True)
        target = codebook.merge_codes(
            study=self.study,
            actor=request.user,
            source_ids=data.validated_data["sources"],
            target_id=data.validated_data["target"],
            reason=data.validated_data["reason"],
        )
        return Response(CodeOut(codebook.codes_with_counts(self.study).get(pk=target.pk)).data)


class CodeSplit(StudyScopedMixin, APIView):
    @extend_schema(request=SplitIn, responses={201: CodeOut(many=True)})
    def post(self, request, study_pk: int, code_pk: int):
        data = SplitIn(data=request.data)
        data.is_valid(raise_exception=True)
        new_codes = codebook.split_code(
            study=self.study, actor=request.user, code_id=code_pk, **data.validated_data
        )
        rows = codebook.codes_with_counts(self.study).filter(pk__in=[c.pk for c in new_codes])
        return Response(CodeOut(rows, many=True).data, status=status.HTTP_201_CREATED)


class CodebookHistory(StudyScopedMixin, APIView):
    @extend_schema(responses=CodebookEventOut(many=True))
    def get(self, request, study_pk: int):
        events = self.study.codebook_events.select_related("actor")
        page = LimitOffsetPagination()
        rows = page.paginate_queryset(events, request, view=self)
        return page.get_paginated_response(CodebookEventOut(rows, many=True).data)


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
        filters = _filters(request)
        qs = Coding.objects.visible_to(self.study, request.user)
        qs = retrieval.filter_codings(qs, self.study, request.user, **filters).order_by(
            "start", "end", "id"
        )
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
            study=self.study,
            user=request.user,
            transcript_id=values["transcript"],
            code_id=values["code"],
            start=values["start"],
            end=values["end"],
            memo=values["memo"],
            quote=values["quote"],
        )
        body = _coding_out(result.coding, result.text)
        body["merged"] = result.merged
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


def _coding_out(coding: Coding, text: str | None = None) -> dict:
    """One coding with its timestamps; the quote comes from the stored text."""
    if text is None:
        text = retrieval.texts_for([coding.transcript_id])[coding.transcript_id]
    return {
        "id": coding.pk,
        "transcript": coding.transcript_id,
        "code": coding.code_id,
        "coder": coding.coder.username,
        "start": coding.start,
        "end": coding.end,
        "quote": text[coding.start : coding.end],
        "memo": coding.memo,
        "created_at": coding.created_at,
        "updated_at": coding.updated_at,
    }


class CodingDetail(StudyScopedMixin, APIView):
    def _coding(self, coding_pk: int) -> Coding:
        return get_object_or_404(
            Coding.objects.visible_to(self.study, self.request.user), pk=coding_pk
        )

    @extend_schema(responses=CodingDetailOut)
    def get(self, request, study_pk: int, coding_pk: int):
        return Response(_coding_out(self._coding(coding_pk)))

    @extend_schema(request=CodingUpdateIn, responses=CodingDetailOut)
    def patch(self, request, study_pk: int, coding_pk: int):
        data = CodingUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "code" in values:
            values["code_id"] = values.pop("code")
        coding = codings.update_coding(
            study=self.study, user=request.user, coding_id=coding_pk, **values
        )
        return Response(_coding_out(coding))

    @extend_schema(responses={204: None})
    def delete(self, request, study_pk: int, coding_pk: int):
        codings.delete_coding(study=self.study, user=request.user, coding_id=coding_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CodingMoments(StudyScopedMixin, APIView):
    """The significant moment(s) around a coding (moments that contain it)."""

    @extend_schema(responses=MomentOut(many=True))
    def get(self, request, study_pk: int, coding_pk: int):
        coding = get_object_or_404(
            Coding.objects.visible_to(self.study, request.user), pk=coding_pk
        )
        moments = (
            SignificantMoment.objects.visible_to(self.study, request.user)
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
        qs = SignificantMoment.objects.visible_to(self.study, request.user).select_related("rater")
        transcript = _int_param(request, "transcript")
        valence = _choice_param(request, "valence", Valence.values)
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
            study=self.study, user=request.user, transcript_id=values.pop("transcript"), **values
        )
        texts = retrieval.texts_for([moment.transcript_id])
        return Response(
            MomentOut(moment, context={"texts": texts}).data, status=status.HTTP_201_CREATED
        )


class MomentDetail(StudyScopedMixin, APIView):
    def _moment(self, moment_pk: int) -> SignificantMoment:
        qs = SignificantMoment.objects.visible_to(self.study, self.request.user).select_related(
            "rater"
        )
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
            study=self.study, user=request.user, moment_id=moment_pk, **data.validated_data
        )
        return Response(self._out(moment))

    @extend_schema(responses={204: None})
    def delete(self, request, study_pk: int, moment_pk: int):
        codings.delete_moment(study=self.study, user=request.user, moment_id=moment_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MomentCodings(StudyScopedMixin, APIView):
    """The codings that lie within a significant moment."""

    @extend_schema(responses=CodingOut(many=True))
    def get(self, request, study_pk: int, moment_pk: int):
        qs = SignificantMoment.objects.visible_to(self.study, request.user)
        moment = get_object_or_404(qs, pk=moment_pk)
        rows = (
            Coding.objects.visible_to(self.study, request.user)
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
        qs = codings.visible_memos(self.study, request.user).select_related("author")
        for name in ("transcript", "code", "coding"):
            value = _int_param(request, name)
            if value is not None:
                qs = qs.filter(**{f"{name}_id": value})
        return Response(MemoOut(qs, many=True).data)

    @extend_schema(request=MemoIn, responses={201: MemoOut})
    def post(self, request, study_pk: int):
        data = MemoIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        memo = codings.write_memo(
            study=self.study,
            user=request.user,
            text=v["text"],
            transcript_id=v["transcript"],
            code_id=v["code"],
            coding_id=v["coding"],
        )
        return Response(MemoOut(memo).data, status=status.HTTP_201_CREATED)


class MemoDetail(StudyScopedMixin, APIView):
    @extend_schema(responses=MemoOut)
    def get(self, request, study_pk: int, memo_pk: int):
        qs = codings.visible_memos(self.study, request.user).select_related("author")
        return Response(MemoOut(get_object_or_404(qs, pk=memo_pk)).data)

    @extend_schema(request=MemoUpdateIn, responses=MemoOut)
    def patch(self, request, study_pk: int, memo_pk: int):
        data = MemoUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        memo = codings.update_memo(
            study=self.study, user=request.user, memo_id=memo_pk, **data.validated_data
        )
        return Response(MemoOut(memo).data)

    @extend_schema(responses={204: None})
    def delete(self, request, study_pk: int, memo_pk: int):
        codings.delete_memo(study=self.study, user=request.user, memo_id=memo_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- retrieval


class SegmentList(StudyScopedMixin, APIView):
    """Every visible coded segment, with quote, context, participant and coder: the
    constant-comparison list (filter by code to read one code across the study)."""

    @extend_schema(parameters=FILTERS, responses=SegmentOut(many=True))
    def get(self, request, study_pk: int):
        qs = Coding.objects.visible_to(self.study, request.user)
        qs = retrieval.segment_queryset(
            retrieval.filter_codings(qs, self.study, request.user, **_filters(request))
        )
        page = LimitOffsetPagination()
        rows = page.paginate_queryset(qs, request, view=self)
        texts = retrieval.texts_for(c.transcript_id for c in rows)
        return page.get_paginated_response(retrieval.segments(rows, texts))


class CodeCounts(StudyScopedMixin, APIView):
    @extend_schema(parameters=[OpenApiParameter("coder", OpenApiTypes.STR)], responses=CountsOut)
    def get(self, request, study_pk: int):
        visible = Coding.objects.visible_to(self.study, request.user)
        coder = request.query_params.get("coder") or None
        return Response(retrieval.counts(self.study, visible, coder=coder))
