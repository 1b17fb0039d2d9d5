"""The coding workbench: one transcript with its turns, the codebook beside it, and the
codings and moments this member may see. The page ships the spans as JSON; the ES module
(static/coding/workbench/main.js and its modules) draws highlights, handles selection and talks to the REST API."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from coding.codings import retrieval
from coding.codings.turns_html import turns_html
from coding.models import Coding
from coding.suggestions import services as suggest
from coding.suggestions.config import settings_for
from coding.suggestions.queue import best_per_transcript
from transcripts.access import get_study_for_user
from transcripts.models import Transcript


@login_required
def workbench(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    transcript = get_object_or_404(
        Transcript.objects.filter(study=study).select_related("participant", "recording"),
        pk=transcript_pk,
    )
    text = transcript.text
    # (index, speaker, role, start, end, start_seconds, end_seconds, focus-group participant)
    turns = list(
        transcript.turns.order_by("index").values_list(
            "index", "speaker", "role", "start", "end", "start_seconds", "end_seconds",
            "participant__code",
        )
    )  # fmt: skip
    visible = Coding.objects.visible_to(member)
    rows = visible.filter(transcript=transcript).values_list(*retrieval.CODING_COLUMNS)
    codings = retrieval.coding_dicts(rows, {transcript.pk: text})
    moments = retrieval.moment_dicts(member, transcript.pk, text)
    members = retrieval.coder_names(study, codings)
    # Suggestions still open for this member (viewers cannot decide them, so they get none).
    # Constant queries: the settings, then open_for's four.
    cfg = settings_for(study)
    suggestions = suggest.open_for(member, transcript.pk, cfg=cfg) if member.can_write else []
    # The study's cap of the best N per transcript: a larger choice in the page fetches more.
    suggestions = best_per_transcript(suggestions, cfg.best_per_transcript)
    for item in suggestions:
        item["quote"] = text[item["start"] : item["end"]]
    config = {
        "study": study.pk,
        "transcript": transcript.pk,
        "user": request.user.username,
        "canWrite": member.can_write,
        "isOwner": member.is_owner,
        "blind": study.blind_coding,
        "coders": members,
        **retrieval.codebook_lists(study),
        "codings": codings,
        "moments": moments,
        "sentences": transcript.sentences,
        "suggestions": suggestions,
        "suggestThreshold": cfg.threshold,
        "suggestBest": cfg.best_per_transcript,
        "suggestionsPage": reverse("suggestions", args=[study.pk]),
        "api": f"/api/v1/studies/{study.pk}/",
    }
    context = {
        "study": study,
        "transcript": transcript,
        "turns": turns,
        "turns_html": mark_safe(turns_html(turns, text)),  # noqa: S308 (escaped there)
        "config": config,
        "can_write": member.can_write,
        "member": member,
    }
    return render(request, "coding/workbench.html", context)
