"""The summary page: a preview of the mentors' principle summary from a chosen source,
download buttons for Markdown, HTML, DOCX and PDF, and the study's pseudonym list (names
the summary replaces). Everything is what this member may see (the blind phase included)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from coding.agreement.report import coded_by
from coding.models import Pseudonym
from coding.principles import services as principles
from coding.principles.summary import build_summary, default_source
from coding.principles.summary_files import FORMATS, summary_file
from coding.principles.summary_render import html_article
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role


@login_required
@require_safe
def summary_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    source = request.GET.get("source") or default_source(study)
    try:
        summary = build_summary(study=study, member=member, source=source)
    except DomainError as problem:
        messages.error(request, problem.reason)
        return redirect("summary", study.pk)
    context = {
        "study": study,
        "member": member,
        "can_write": member.can_write,
        "source": summary.method.source,
        "sources": ["consensus", "all", *([] if member.sees_only_own else coded_by(study))],
        "preview": html_article(summary),
        "formats": [("md", "Markdown"), ("html", "HTML"), ("docx", "Word (DOCX)"), ("pdf", "PDF")],
        "pseudonyms": Pseudonym.objects.filter(study=study),
    }
    return render(request, "coding/summary.html", context)


@login_required
@require_safe
def summary_download(request: HttpRequest, study_pk: int, fmt: str) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    if fmt not in FORMATS:
        raise Http404("Download as md, html, docx or pdf.")
    try:
        made = summary_file(study=study, member=member, fmt=fmt, source=request.GET.get("source"))
    except DomainError as problem:
        messages.error(request, problem.reason)
        return redirect("summary", study.pk)
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


@login_required
@require_POST
def pseudonym_add(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    try:
        principles.add_pseudonym(
            member=member,
            name=request.POST.get("name", ""),
            replacement=request.POST.get("replacement", ""),
        )
    except DomainError as problem:
        messages.error(request, problem.reason)
    else:
        messages.success(request, "The pseudonym list is saved.")
    return redirect(reverse("summary", args=[study.pk]) + "#pseudonyms")


@login_required
@require_POST
def pseudonym_delete(request: HttpRequest, study_pk: int, pseudonym_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    principles.delete_pseudonym(member=member, pseudonym_id=pseudonym_pk)
    messages.success(request, "Name removed from the pseudonym list.")
    return redirect(reverse("summary", args=[study.pk]) + "#pseudonyms")
