"""Exchange endpoints: download a study as .qdpx or its codebook as .qdc, import a project
(a background job to poll) and a codebook. The same functions serve the pages and commands."""

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.exchange import codebook, export, importer, jobs, reports
from coding.exchange.serializers import (
    CodebookImportOut,
    CodebookUploadIn,
    ExchangeJobOut,
    ProjectUploadIn,
)
from transcripts.access import StudyScopedMixin, get_study_for_user
from transcripts.models import Role
from transcripts.serializers import NOT_FOUND, REFUSED, DetailOut

QDPX_TYPE = "application/vnd.refi-qda.qdpx+zip"
QDC_TYPE = "application/xml"


def file_of(*content_types: str) -> dict:
    """The schema of a download: the file as an attachment, in each of its media types."""
    return {
        (200, kind.split(";")[0]): OpenApiResponse(
            OpenApiTypes.BINARY, description="The file, as an attachment."
        )
        for kind in content_types
    }


def download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ProjectExport(StudyScopedMixin, APIView):
    """The study as a REFI-QDA project: what this member may see (in the blind phase a coder's
    own work only)."""

    @extend_schema(responses={**file_of(QDPX_TYPE), **NOT_FOUND})
    def get(self, request, study_pk: int):
        data, _ = export.qdpx_bytes(self.member)
        return download(data, QDPX_TYPE, f"study-{self.study.pk}.qdpx")


class Codebook(StudyScopedMixin, APIView):
    write_role = Role.OWNER
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={**file_of(QDC_TYPE), **REFUSED})
    def get(self, request, study_pk: int):
        """The codebook as a REFI-QDA codebook (.qdc): clusters are non-codable parents; an
        empty codebook is a 400."""
        return download(export.qdc_bytes(self.member), QDC_TYPE, f"codebook-{self.study.pk}.qdc")

    @extend_schema(request=CodebookUploadIn, responses={200: CodebookImportOut, **REFUSED})
    def post(self, request, study_pk: int):
        """Add a .qdc codebook's clusters and codes (names the study has are kept)."""
        data = CodebookUploadIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        result = codebook.import_codebook(
            member=self.member,
            data=upload.read(codebook.MAX_CODEBOOK_BYTES + 1),
            filename=upload.name,
        )
        return Response(CodebookImportOut(result).data)


class ResearcherExport(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "what", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(reports.WHAT)
            ),
            OpenApiParameter(
                "fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(reports.KINDS)
            ),
        ],
        responses={**file_of(*reports.KINDS.values()), **NOT_FOUND},
    )
    def get(self, request, study_pk: int, what: str, fmt: str):
        """Coded segments (grouped by code, with participant and context) or the codebook, as
        CSV, XLSX or DOCX; in the blind phase a coder's own segments only."""
        rendered = reports.render(self.member, what, fmt)
        if rendered is None:
            raise Http404("Export segments or the codebook as csv, xlsx or docx.")
        return download(*rendered)


class ProjectImport(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=ProjectUploadIn, responses={202: ExchangeJobOut, **REFUSED})
    def post(self, request):
        """Queue a .qdpx import into a new study (you own it) or a study you own."""
        data = ProjectUploadIn(data=request.data)
        data.is_valid(raise_exception=True)
        member = None
        if data.validated_data["study"] is not None:
            _, member = get_study_for_user(
                request.user, data.validated_data["study"], min_role=Role.OWNER
            )
        upload = data.validated_data["file"]
        job = jobs.queue_import(
            user=request.user,
            data=upload.read(importer.MAX_PROJECT_BYTES + 1),
            filename=upload.name,
            member=member,
        )
        job.refresh_from_db()
        return Response(ExchangeJobOut(job).data, status=status.HTTP_202_ACCEPTED)


class ProjectImportJob(APIView):
    @extend_schema(responses={200: ExchangeJobOut, 403: DetailOut, 404: DetailOut})
    def get(self, request, job_pk: int):
        """A project import you started: progress, then the import report."""
        job = jobs.jobs_of(request.user).filter(pk=job_pk).first()
        if job is None:
            raise Http404("No such import.")
        return Response(ExchangeJobOut(job).data)
