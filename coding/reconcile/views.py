"""The reconciliation page: a transcript's disagreement queue, side by side with the text,
resolved one region at a time (buttons or keys), with progress."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coding.codings.params import int_or_none
from coding.models import Code
from coding.reconcile import page
from coding.reconcile import services as reconcile
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role, Turn


@login_required
def reconcile_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    reconcile.require_reconciler(member)
    transcripts = list(study.transcripts.order_by("participant__code", "id").values("id", "title"))
    chosen = request.GET.get("transcript") or (transcripts[0]["id"] if transcripts else None)
    context = {"study": study, "transcripts": transcripts, "queue": None}
    if chosen is not None:
        try:
            context["queue"] = reconcile.queue(member=member, transcript_id=chosen)
        except DomainError as error:
            messages.error(request, error.reason)
        codes = dict(Code.objects.filter(study=study).values_list("id", "name"))
        context["code_names"] = codes
        if context["queue"]:
            turns = list(
                Turn.objects.filter(transcript_id=context["queue"]["transcript"])
                .order_by("index")
                .values_list("index", "speaker", "role", "start", "end")
            )
            for region in context["queue"]["regions"] + context["queue"]["agreed"]:
                page.describe(region, codes, turns)
    return render(request, "coding/reconcile.html", context)


@login_required
@require_POST
def reconcile_decide(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    transcript = request.POST.get("transcript", "")
    edited = None
    if request.POST.get("outcome") == "edit":
        edited = [
            {
                "code": request.POST.get("edit_code"),
                "start": int_or_none(request.POST.get("edit_start")),
                "end": int_or_none(request.POST.get("edit_end")),
            }
        ]
    try:
        reconcile.decide(
            member=member,
            transcript_id=transcript,
            start=int(request.POST.get("start", "-1")),
            end=int(request.POST.get("end", "-1")),
            outcome=request.POST.get("outcome", ""),
            coder=request.POST.get("coder", ""),
            codings=edited,
            reason=request.POST.get("reason", ""),
            replaces=int_or_none(request.POST.get("replaces")),
        )
        messages.success(request, "Decision recorded.")
    except (DomainError, ValueError) as error:
        messages.error(request, getattr(error, "reason", "Offsets must be whole numbers."))
    url = reverse("reconcile", args=[study.pk])
    after = request.POST.get("next", "")
    anchor = after if re.fullmatch(r"(region|agreed)-\d{1,6}", after) else "regions"
    return redirect(f"{url}?{urlencode({'transcript': transcript})}#{anchor}")
