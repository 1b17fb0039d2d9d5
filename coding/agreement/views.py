"""The agreement page and its CSV/XLSX exports. Same numbers as the API and the command."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from coding.agreement import export as agreement_export
from coding.agreement import report as agreement_report
from coding.suggestions import jobs as suggest_jobs
from transcripts.access import get_study_for_user, require_sees_all
from transcripts.audit import services as audit
from transcripts.errors import DomainError

DEFINITIONS = [
    (
        "Percent agreement",
        "Share of coder pairs, over the units two or more coders rated, that gave the unit the same value. Ignores chance.",
    ),
    (
        "Cohen's kappa",
        "Two coders: (observed - chance) / (1 - chance) agreement, chance from each coder's own marginals.",
    ),
    (
        "Fleiss' kappa",
        "Three or more coders: the same idea, chance from the pooled marginals (shown instead of Cohen's kappa).",
    ),
    (
        "Krippendorff's alpha",
        "1 - observed / expected disagreement, over all pairable values; handles any number of coders and missing ratings. Below 0.667 is usually too low to draw conclusions; 0.8 or more is reliable.",
    ),
    (
        "Unitized alpha",
        "Krippendorff's alpha on the character continuum itself: compares where each coder's spans begin and end, gaps included (no sentences or turns needed).",
    ),
]


@login_required
def agreement_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    require_sees_all(member, "Agreement")
    everyone = agreement_report.coded_by(study)
    chosen = request.GET.getlist("coder") or agreement_report.coders_of(study)
    context = {
        "study": study,
        "member": member,
        "everyone": everyone,
        "chosen": chosen,
        "definitions": DEFINITIONS,
        # Shown even when the coders cannot be compared (one coder): the machine is the second.
        "machine": _machine(study),
    }
    try:
        unit = agreement_report.parse_unit(request.GET.get("unit"), study)
        over = request.GET.get("consensus_over") or "reconciled"
        report = agreement_report.study_agreement(
            study, unit=unit, coders=chosen, consensus_over=over
        )
    except DomainError as error:
        context["error"] = error.reason
        return render(request, "coding/agreement.html", context, status=400)
    context.update(unit=unit, report=report, over=over)
    context["pair_grid"] = _pair_grid(report)
    context["tables"] = [
        ("Codes", report.codes),
        ("Clusters", report.clusters),
        ("Transcripts", report.transcripts),
        ("Participants", report.participants),
    ]
    if unit != "unitized" and len(report.coders) >= 2:
        a = request.GET.get("a") if request.GET.get("a") in report.coders else report.coders[0]
        b = request.GET.get("b") if request.GET.get("b") in report.coders else report.coders[1]
        if a != b:
            matrix = agreement_report.confusion(study, unit=unit, coder_a=a, coder_b=b)
            context["confusion"] = matrix
            context["confusion_rows"] = _confusion_rows(matrix)
    return render(request, "coding/agreement.html", context)


def _machine(study) -> dict | None:
    """The latest suggestion evaluation's alpha per cluster of the suggestions against each
    coder, with cluster names (this page is already refused to a coder in the blind phase)."""
    evaluation = suggest_jobs.latest_evaluation(study)
    found = (evaluation.result or {}).get("machine") if evaluation else None
    if not found:
        return None
    names = evaluation.result.get("names", {})
    return {
        "finished": evaluation.finished_at,
        "clusters": [names.get(label, label) for label in found["clusters"]],
        "coders": found["coders"],
    }


def _pair_grid(report) -> list[tuple[str, list]]:
    """Coders x coders alpha; "" on and below the diagonal (each pair shown once)."""
    alpha = {(p["a"], p["b"]): p["alpha"] for p in report.pairs}
    coders = report.coders
    return [
        (a, [alpha.get((a, b), "") if i < j else "" for j, b in enumerate(coders)])
        for i, a in enumerate(coders)
    ]


def _confusion_rows(matrix: dict) -> list[dict]:
    codes = matrix["codes"]
    rows = []
    for i, code in enumerate(codes):
        cells = [{"n": n, "diagonal": i == j} for j, n in enumerate(matrix["matrix"][i])]
        cells.append({"n": matrix["a_only"][i], "diagonal": False})
        rows.append({"name": code["name"], "cells": cells})
    rows.append(
        {
            "name": "(nothing)",
            "cells": [{"n": n, "diagonal": False} for n in matrix["b_only"]]
            + [{"n": 0, "diagonal": False}],
        }
    )
    return rows


@login_required
def export_agreement(request: HttpRequest, study_pk: int, fmt: str) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Export as .csv or .xlsx.")
    require_sees_all(member, "Agreement")
    unit = agreement_report.parse_unit(request.GET.get("unit"), study)
    chosen = request.GET.getlist("coder") or None
    report = agreement_report.study_agreement(study, unit=unit, coders=chosen)
    name = f"agreement-study{study.pk}-{unit}"
    audit.record_export(member, "agreement", format=fmt, unit=unit, coders=report.coders)
    if fmt == "xlsx":
        response = HttpResponse(
            agreement_export.to_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            agreement_export.to_csv(report), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
