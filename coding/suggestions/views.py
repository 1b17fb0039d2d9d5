"""The suggestions page: the study's recommender settings (owners change them), training,
suggesting and evaluating as background jobs with a progress bar, the trained classifiers
with their held-out evaluation, and the latest cross-validated evaluation table."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coding.models import SuggestionJob, SuggestionModel, SuggestionSettings
from coding.suggestions import config
from coding.suggestions import jobs as suggest_jobs
from coding.suggestions import services as suggest
from coding.suggestions.config import settings_for
from coding.suggestions.queue import QUEUE_LENGTH, review_queue
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role

ROWS = (
    ("rules", "Codebook rules"),
    ("memory", "Coded-phrase memory"),
    ("model", "Learned classifier"),
    ("combined", "Combined"),
    ("moments", "Moment candidates"),
)


class SettingsForm(forms.ModelForm):
    source_coder_name = forms.CharField(required=False, label="Coder (for the one-coder source)")
    # Optional: a form posted without it (made before the cap existed) keeps the study's cap.
    best_per_transcript = forms.IntegerField(required=False, min_value=0, max_value=1000)

    def clean_best_per_transcript(self):
        value = self.cleaned_data["best_per_transcript"]
        return self.instance.best_per_transcript if value is None else value

    class Meta:
        model = SuggestionSettings
        fields = SuggestionSettings.EDITABLE


def _levels(result: dict) -> dict:
    """Both levels' micro averages beside the coders' ceiling, and the cluster rows (results
    stored before the cluster level have none)."""
    clusters = result.get("cluster_tables")
    if not clusters:
        return {}
    keys = ("model", "combined")
    summary = [
        {"name": title, "cells": [result["tables"][k]["micro"], clusters[k]["micro"]]}
        for k, title in ROWS
        if k in keys
    ]
    if "combined_codes_only" in clusters:
        codes_only = clusters["combined_codes_only"]["micro"]
        name = "Combined without cluster suggestions"
        summary.append({"name": name, "cells": [result["tables"]["combined"]["micro"], codes_only]})
    if ceiling := result.get("ceiling"):
        name = f"Coders against each other ({ceiling['coders']})"
        summary.append(
            {"name": name, "ceiling": True, "cells": [ceiling["code"], ceiling["cluster"]]}
        )
    names = result.get("names", {})
    rows = [
        {"name": f"{avg} average", "avg": True, "cells": [clusters[k][avg] for k in keys]}
        for avg in ("micro", "macro")
    ]
    for i, row in enumerate(clusters["model"]["rows"]):
        rows.append(
            {
                "name": names.get(row["label"], row["label"]),
                "support": row["support"],
                "cells": [clusters[k]["rows"][i] for k in keys],
            }
        )
    return {"summary": summary, "clusters": rows}


def _evaluation_tables(result: dict) -> dict:
    """One row per code with P/R/F1 for each recommender side by side (then the averages), and
    the moment candidates' rows: what the evaluation page shows."""
    if not result.get("tables"):
        return {}
    tables = result["tables"]
    names = result.get("names", {})
    codes = [key for key, _ in ROWS if key != "moments"]

    def cells(keys, pick):
        return [pick(tables[k]) for k in keys]

    rows = [
        {"name": "micro average", "avg": True, "cells": cells(codes, lambda t: t["micro"])},
        {"name": "macro average", "avg": True, "cells": cells(codes, lambda t: t["macro"])},
    ]
    for i, row in enumerate(tables["rules"]["rows"]):
        rows.append(
            {
                "name": names.get(row["label"], row["label"]),
                "support": row["support"],
                "cells": cells(codes, lambda t, i=i: t["rows"][i]),
            }
        )
    moments = tables["moments"]
    moment_rows = [
        {"name": "micro average", "avg": True, "cells": [moments["micro"]]},
        {"name": "macro average", "avg": True, "cells": [moments["macro"]]},
    ] + [
        {"name": f"{row['label']} moment", "support": row["support"], "cells": [row]}
        for row in moments["rows"]
    ]
    return {"titles": [t for k, t in ROWS if k != "moments"], "codes": rows, "moments": moment_rows}


@login_required
def suggestions_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    cfg = settings_for(study)
    job = (
        suggest_jobs.running(study)
        or SuggestionJob.objects.filter(study=study).order_by("-created_at").first()
    )
    # The evaluation scores against everyone's codings: not for a coder in the blind phase.
    evaluation = None if member.sees_only_own else suggest_jobs.latest_evaluation(study)
    models = (
        SuggestionModel.objects.visible_to(member)
        .select_related("for_user")
        .defer("weights", "config")[:8]
    )
    context = {
        "study": study,
        "cfg": cfg,
        "form": SettingsForm(
            instance=cfg,
            initial={"source_coder_name": cfg.source_coder.username if cfg.source_coder else ""},
        ),
        "coders": study.memberships.filter(role__in=[Role.OWNER, Role.CODER])
        .order_by("user__username")
        .values_list("user__username", flat=True),
        "is_owner": member.is_owner,
        "can_write": member.can_write,
        "job": job,
        "job_messages": suggest_jobs.visible_messages(job, member) if job else [],
        "sees_all": not member.sees_only_own,
        "models": models,
        "evaluation": evaluation,
        "tables": _evaluation_tables(evaluation.result if evaluation else {}),
        "queue_length": QUEUE_LENGTH,
        "levels": _levels(evaluation.result if evaluation else {}),
        "queue": review_queue(member) if member.can_write else [],
        "counts": suggest.counts(member),
    }
    return render(request, "coding/suggestions.html", context)


@login_required
@require_POST
def save_settings(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    form = SettingsForm(request.POST, instance=settings_for(study))
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        messages.error(request, f"{field.replace('_', ' ').capitalize()}: {errors[0]}")
        return redirect("suggestions", study.pk)
    try:
        config.change_settings(member=member, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.reason)
        return redirect("suggestions", study.pk)
    messages.success(request, "Suggestion settings saved.")
    return redirect("suggestions", study.pk)


@login_required
@require_POST
def start_job(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    kind = request.POST.get("kind", "")
    if kind not in SuggestionJob.Kind.values:
        messages.error(request, "Unknown job kind.")
        return redirect("suggestions", study.pk)
    try:
        job = suggest_jobs.start(member=member, kind=kind)
    except DomainError as error:
        messages.error(request, error.reason)
        return redirect("suggestions", study.pk)
    if request.htmx:
        return _job_partial(request, study, member, job)
    return redirect("suggestions", study.pk)


@login_required
def job_status(request: HttpRequest, study_pk: int, job_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    job = get_object_or_404(SuggestionJob, study=study, pk=job_pk)
    return _job_partial(request, study, member, job)


def _job_partial(request, study, member, job) -> HttpResponse:
    context = {
        "study": study,
        "job": job,
        "job_messages": suggest_jobs.visible_messages(job, member),
        # The page's stored-suggestion counts follow a job without a reload (htmx out of band).
        "counts": suggest.counts(member) if job.status == SuggestionJob.Status.DONE else None,
    }
    return render(request, "coding/_suggestion_job.html", context)
