"""The analysis page (one tab per table, the source chosen above them), the thresholds form,
the segments behind a heatmap cell, and the CSV/XLSX exports and SVG/PNG figures of each
table. The same numbers as the API."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from coding.analysis import config, drill, selectors, tables
from coding.analysis import cooccurrence as co
from coding.analysis import export as analysis_export
from coding.analysis.heatmap import heat_rows, heat_table
from coding.models import AnalysisSettings
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role

TABS = (
    ("frequencies", "Frequencies"),
    ("matrix", "Participants × codes"),
    ("cooccurrence", "Co-occurrence"),
    ("helpful", "Helpful & hindering"),
    ("saturation", "Saturation"),
    ("attributes", "Attributes"),
)
PAIRS_SHOWN = 150
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
    "png": "image/png",
}


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = AnalysisSettings
        fields = AnalysisSettings.EDITABLE


def _params(request: HttpRequest) -> dict:
    """The table parameters of the query string, shared by page, exports and figures."""
    get = request.GET
    return {
        "source": get.get("source") or selectors.ALL,
        "kind": get.get("kind") or "span",
        "attribute": get.get("attribute") or None,
        "by": get.get("by") or "code",
        "values": get.get("values") or "counts",
    }


def _compute(name: str, study, member, params: dict) -> dict:
    options = {key: params[key] for key in ("kind", "attribute", "by", "values")}
    return tables.compute(name, study, member, params["source"], **options)


@login_required
@require_safe
def analysis_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    tab = request.GET.get("tab") or "frequencies"
    if tab not in dict(TABS):
        raise Http404("No such tab.")
    params = _params(request)
    context = {
        "study": study,
        "member": member,
        "tabs": TABS,
        "tab": tab,
        "params": params,
        "sources": selectors.source_choices(study, member),
        "kinds": co.KINDS,
        "query": request.GET.urlencode(),
    }
    try:
        found = _compute(tab, study, member, params)
    except DomainError as error:
        context["error"] = f"{error.field}: {error.reason}"
        return render(request, "coding/analysis.html", context, status=400)
    context["found"] = found
    if tab in ("matrix", "cooccurrence"):
        segments_url = reverse("analysis-segments", args=[study.pk])
        context["heat"] = mark_safe(
            heat_table(heat_rows(tab, found), segments_url)
        )  # escaped in heat_table
    if tab == "cooccurrence":  # the page lists the closest pairs; the downloads hold all
        context["pairs"] = sorted(found["pairs"], key=lambda p: (-p["count"], -p["coefficient"]))
        context["pairs"] = context["pairs"][:PAIRS_SHOWN]
    if tab == "frequencies" and member.is_owner:
        context["form"] = ThresholdsForm(instance=config.settings_for(study))
    return render(request, "coding/analysis.html", context)


@login_required
@require_POST
def save_thresholds(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    form = ThresholdsForm(request.POST, instance=config.settings_for(study))
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        name = field.replace("_", " ").capitalize() if field != "__all__" else "Thresholds"
        messages.error(request, f"{name}: {errors[0]}")
        return redirect("analysis", study.pk)
    try:
        config.change_settings(member=member, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.reason)
    else:
        messages.success(request, "CQR thresholds saved.")
    return redirect("analysis", study.pk)


@login_required
@require_safe
def cell_segments(request: HttpRequest, study_pk: int) -> HttpResponse:
    """The segments behind a heatmap cell, as a fragment htmx puts beside the table, or as a
    page of its own when the cell's link is opened directly (a new tab, no script)."""
    study, member = get_study_for_user(request.user, study_pk)
    template = "coding/_analysis_segments.html" if request.htmx else "coding/analysis_segments.html"
    try:
        found = drill.segments_for(study, member, _params(request)["source"], request.GET)
    except DomainError as error:
        context = {"study": study, "member": member, "error": error.reason}
        return render(request, template, context, status=400)
    context = {"study": study, "member": member, "found": found}
    context["title"] = request.GET.get("title", "")
    return render(request, template, context)


@login_required
@require_safe
def download(request: HttpRequest, study_pk: int, table: str, fmt: str) -> HttpResponse:
    """A table as CSV or XLSX, or its figure as SVG or PNG."""
    study, member = get_study_for_user(request.user, study_pk)
    if table not in analysis_export.TABLES or fmt not in CONTENT_TYPES:
        raise Http404("Download a table as .csv, .xlsx, .svg or .png.")
    try:
        found = _compute(table, study, member, _params(request))
    except DomainError as error:
        return HttpResponse(
            f"{error.field}: {error.reason}", status=400, content_type="text/plain; charset=utf-8"
        )
    if fmt == "csv":
        body: bytes | str = analysis_export.to_csv(table, found)
    elif fmt == "xlsx":
        body = analysis_export.to_xlsx(table, found)
    else:
        body = tables.figure(table, found, fmt)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"analysis-study{study.pk}-{table}-{found['source']}"
    disposition = "inline" if request.GET.get("inline") and fmt == "svg" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{_file_safe(name)}.{fmt}"'
    return response


def _file_safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
