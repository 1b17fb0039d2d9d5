"""REST endpoints of the study-wide search (keyword in context) and of "code all hits".

Thin views: the study comes through StudyScopedMixin (404 for outsiders; viewers read but
cannot code: 403); input serializers check shape; the selector searches, the service codes."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.search import selectors, services
from coding.search.serializers import CodeHitsIn, CodeHitsOut, SearchIn, SearchOut
from transcripts.access import StudyScopedMixin
from transcripts.serializers import REFUSED


class Search(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[SearchIn],
        responses={200: SearchOut, **REFUSED},
        description="Every hit of `q` in the turns of the study's transcripts, case- and "
        "accent-insensitive, with the turn's speaker and context; offsets are code points. "
        "Pages by limit and offset; `total` counts every hit.",
    )
    def get(self, request, study_pk: int):
        data = SearchIn(data=request.query_params)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        found = selectors.search_study(
            self.member,
            query=values["q"],
            speaker_role=values["speaker_role"],
            participant=values["participant"],
            whole_words=values["whole_words"],
        )
        offset, limit = values["offset"], values["limit"]
        page = found.hits[offset : offset + limit]
        body = {
            "q": values["q"],
            "whole_words": values["whole_words"],
            "total": len(found.hits),
            "transcripts": found.transcripts,
            "offset": offset,
            "limit": limit,
            "results": selectors.hit_rows(self.member, found, page),
        }
        return Response(SearchOut(body).data)


class CodeHits(StudyScopedMixin, APIView):
    @extend_schema(
        request=CodeHitsIn,
        responses={200: CodeHitsOut, **REFUSED},
        description="Code the given hits of `q` with one code, as yourself, in one "
        "transaction (all or nothing). Each hit must still be a hit of `q` at its offsets. "
        "Overlapping or touching spans of the same code of yours merge, as when coding by hand.",
    )
    def post(self, request, study_pk: int):
        data = CodeHitsIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = services.code_hits(
            member=self.member,
            query=values["q"],
            code_id=values["code"],
            hits=[(h["transcript"], h["start"], h["end"]) for h in values["hits"]],
            whole_words=values["whole_words"],
        )
        return Response(CodeHitsOut(result).data)
