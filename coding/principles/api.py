"""REST endpoints of principles and the core category.

Thin views: the study comes through StudyScopedMixin (404 for outsiders, 403 for viewers'
writes); input serializers check shape; one service call per write; reads go through the
selectors (the blind phase included)."""

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.codings.params import text_param
from coding.principles import selectors
from coding.principles import services as principles
from coding.principles.serializers import (
    CoreCategoryIn,
    CoreCategoryOut,
    PrincipleIn,
    PrincipleOut,
)
from coding.principles.summary_files import FORMATS, summary_file
from transcripts.access import StudyScopedMixin
from transcripts.serializers import NOT_FOUND, REFUSED

LINKS = {"cluster": "cluster_id"}


def _present(member, principle_id: int) -> dict:
    principle = selectors.principle_for(member, principle_id)
    if principle is None:
        raise Http404("No such principle in this study.")
    return PrincipleOut(selectors.principle_dict(principle)).data


class PrincipleList(StudyScopedMixin, APIView):
    @extend_schema(responses={200: PrincipleOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int):
        rows = [selectors.principle_dict(p) for p in selectors.principles_for(self.member)]
        return Response(PrincipleOut(rows, many=True).data)

    @extend_schema(request=PrincipleIn, responses={201: PrincipleOut, **REFUSED})
    def post(self, request, study_pk: int):
        data = PrincipleIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = {LINKS.get(k, k): v for k, v in data.validated_data.items()}
        principle = principles.write_principle(member=self.member, **values)
        return Response(_present(self.member, principle.pk), status=status.HTTP_201_CREATED)


class PrincipleDetail(StudyScopedMixin, APIView):
    @extend_schema(responses={200: PrincipleOut, **NOT_FOUND})
    def get(self, request, study_pk: int, principle_pk: int):
        return Response(_present(self.member, principle_pk))

    @extend_schema(request=PrincipleIn(partial=True), responses={200: PrincipleOut, **REFUSED})
    def patch(self, request, study_pk: int, principle_pk: int):
        data = PrincipleIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {LINKS.get(k, k): v for k, v in data.validated_data.items()}
        principles.update_principle(member=self.member, principle_id=principle_pk, **values)
        return Response(_present(self.member, principle_pk))

    @extend_schema(responses={204: None, **REFUSED})
    def delete(self, request, study_pk: int, principle_pk: int):
        principles.delete_principle(member=self.member, principle_id=principle_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _core_out(core) -> dict:
    if core is None:
        return CoreCategoryOut({"statement": "", "author": None, "updated_at": None}).data
    author = core.author.username if core.author else None
    return CoreCategoryOut(
        {"statement": core.statement, "author": author, "updated_at": core.updated_at}
    ).data


class CoreCategoryDetail(StudyScopedMixin, APIView):
    """The study's core category (an empty statement when none is written yet)."""

    @extend_schema(responses={200: CoreCategoryOut, **NOT_FOUND})
    def get(self, request, study_pk: int):
        return Response(_core_out(selectors.core_category(self.study)))

    @extend_schema(request=CoreCategoryIn, responses={200: CoreCategoryOut, **REFUSED})
    def put(self, request, study_pk: int):
        data = CoreCategoryIn(data=request.data)
        data.is_valid(raise_exception=True)
        core = principles.set_core_category(
            member=self.member, statement=data.validated_data["statement"]
        )
        return Response(_core_out(core))


class SummaryDownload(StudyScopedMixin, APIView):
    """The mentors' principle summary as a file (what this member may see)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=sorted(FORMATS)),
            OpenApiParameter(
                "source",
                str,
                description="consensus, all or a coder's username (default: the consensus "
                "once there is one, else all)",
            ),
        ],
        responses={
            (200, content_type.split(";")[0]): OpenApiTypes.BINARY
            for content_type, _ in FORMATS.values()
        }
        | REFUSED,
    )
    def get(self, request, study_pk: int, fmt: str):
        if fmt not in FORMATS:
            raise Http404("Download as md, html, docx or pdf.")
        made = summary_file(
            study=self.study, member=self.member, fmt=fmt, source=text_param(request, "source")
        )
        response = HttpResponse(made.content, content_type=made.content_type)
        response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        return response
