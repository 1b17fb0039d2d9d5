"""The audit trail page of a study (owners): filters by kind, user and days, pages of 100,
and the CSV export of what the filters select."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from transcripts.access import get_study_for_user
from transcripts.audit import export, services
from transcripts.audit.models import AuditKind
from transcripts.errors import DomainError
from transcripts.models import Role

PAGE_ROWS = 100


def _filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip() for k in ("kind", "user", "since", "until")}


@login_required
def audit_trail(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    chosen = _filters(request)
    error, page = None, None
    try:
        rows = services.events_for(member, **chosen)
        page = Paginator(rows, PAGE_ROWS).get_page(request.GET.get("page"))
    except DomainError as problem:
        error = problem
    context = {
        "study": study,
        "chosen": chosen,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
        "kinds": AuditKind.choices,
        "users": study.memberships.select_related("user").order_by("user__username"),
        "error": error,
        "page": page,
        "rows": [(e, export.as_json(e.before), export.as_json(e.after)) for e in page or []],
    }
    return render(request, "transcripts/audit.html", context, status=400 if error else 200)


@login_required
def audit_export(request: HttpRequest, study_pk: int) -> HttpResponse:
    """The selected changes as CSV; the export itself is recorded in the trail."""
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    chosen = _filters(request)
    try:
        rows = services.events_for(member, **chosen)
    except DomainError as problem:
        return HttpResponse(f"{problem.field}: {problem.reason}", status=400)
    services.record_export(member, "audit trail", **{k: v for k, v in chosen.items() if v})
    response = StreamingHttpResponse(
        export.csv_lines(rows.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-study{study.pk}.csv"'
    return response
