"""Exchange pages: the study's exchange page (downloads, the data-loss report, imports into
the study), importing a project as a new study, and a job's progress (polled by htmx)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from coding.exchange import codebook, export, importer, jobs, reports
from coding.exchange.forms import CodebookForm, ProjectForm
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def exchange_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    context = {
        "study": study,
        "member": member,
        "losses": export.export_losses(member),
        "project_form": ProjectForm(),
        "codebook_form": CodebookForm(),
        "jobs": jobs.jobs_of(request.user).filter(study=study)[:5],
    }
    if request.method == "POST":
        study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
        form = CodebookForm(request.POST, request.FILES)
        context["codebook_form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                context["codebook_result"] = codebook.import_codebook(
                    member=member,
                    data=upload.read(codebook.MAX_CODEBOOK_BYTES + 1),
                    filename=upload.name,
                )
            except DomainError as error:
                form.add_error("file", error.reason)
        if form.errors:
            return render(request, "coding/exchange.html", context, status=400)
    return render(request, "coding/exchange.html", context)


@login_required
def project_download(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    data, _ = export.qdpx_bytes(member)
    return _download(data, "application/vnd.refi-qda.qdpx+zip", f"study-{study.pk}.qdpx")


@login_required
def codebook_download(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    try:
        data = export.qdc_bytes(member)
    except DomainError as error:
        raise Http404(error.reason) from None
    return _download(data, "application/xml", f"codebook-{study.pk}.qdc")


@login_required
def researcher_export(request: HttpRequest, study_pk: int, what: str, fmt: str) -> HttpResponse:
    """Coded segments or the codebook as CSV, XLSX or DOCX (what this member may see)."""
    _, member = get_study_for_user(request.user, study_pk)
    rendered = reports.render(member, what, fmt)
    if rendered is None:
        raise Http404("Export segments or the codebook as .csv, .xlsx or .docx.")
    return _download(*rendered)


@login_required
def project_import(request: HttpRequest, study_pk: int | None = None) -> HttpResponse:
    """GET: the form; POST: queue the import (into the study when named: owners only)."""
    member = None
    if study_pk is not None:
        _, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    form = ProjectForm(request.POST or None, request.FILES or None)
    job = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = jobs.queue_import(
                user=request.user,
                data=upload.read(importer.MAX_PROJECT_BYTES + 1),
                filename=upload.name,
                member=member,
            )
        except DomainError as error:
            form.add_error("file", error.reason)
    status = 400 if form.errors else 200
    context = {"form": form, "job": job, "member": member}
    template = "coding/_exchange_job.html" if request.htmx else "coding/exchange_import.html"
    return render(request, template, context, status=status)


@login_required
def job_status(request: HttpRequest, job_pk: int) -> HttpResponse:
    job = jobs.jobs_of(request.user).filter(pk=job_pk).first()
    if job is None:
        raise Http404("No such import.")
    template = "coding/_exchange_job.html" if request.htmx else "coding/exchange_import.html"
    return render(request, template, {"job": job, "form": None})
