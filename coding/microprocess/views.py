"""Pages: the study's sessions, one session (timeline chart, figures, segments linked to the
text, forms to import series and enter measures, the therapist-guess exercise) and one
participant's measures over sessions. Each passes the one door, calls one service or selector
and renders; a refused input comes back on its form with status 400."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coding.microprocess import chart, measures, report, selectors, services
from coding.microprocess.forms import (
    DEFAULTS,
    MEASURE_FORMS,
    AnalysisForm,
    GuessForm,
    MeasuresImportForm,
    RatingsForm,
    RecordingForm,
    SessionForm,
)
from coding.microprocess.models import Recording, Session
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.imports import read_upload
from transcripts.models import Role, Transcript


@login_required
def session_list(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    sessions = (
        Session.objects.filter(transcript__study=study)
        .select_related("transcript__participant")
        .prefetch_related("series", "measures")
        .order_by("transcript__participant__code", "number")
    )
    timed = (
        Transcript.objects.filter(
            study=study, session__isnull=True, turns__start_seconds__isnull=False
        )
        .select_related("participant")
        .defer("text", "sentences")
        .distinct()
        .order_by("participant__code", "title")
    )
    context = {
        "study": study,
        "member": member,
        "sessions": sessions,
        "timed": timed,
        "alliance": selectors.alliance(member, instrument="wai_sr", rater_role="client"),
    }
    return render(request, "coding/microprocess/sessions.html", context)


def _session_context(request, study, member, transcript_pk, params) -> dict:
    data = selectors.session_data(study, transcript_pk)
    transcript = data.transcript
    workbench = reverse("transcript-detail", args=[study.pk, transcript.pk])
    context = {
        "study": study,
        "member": member,
        "transcript": transcript,
        "session": data.session,
        "series": data.series,
        "workbench": workbench,
        "measures": _measures(data.session),
        "session_form": SessionForm(initial=_session_initial(data.session)),
        "ratings_form": RatingsForm(),
        "measure_forms": {key: form() for key, form in MEASURE_FORMS.items()},
        "recording": Recording.objects.filter(transcript=transcript).first(),
        "recording_form": RecordingForm(),
    }
    if data.series:
        found = report.session_report(data, member, **params)
        links = selectors.text_links(member, transcript)
        rated = {s.rater_role: s for s in data.series}
        context["report"] = found
        context["tables"] = report.page_tables(found)
        context["chart"] = chart.session_chart(
            {role: (r.seconds, r.values) for role, r in data.rated.items()},
            found,
            links.moments,
            [(t.index, t.seconds, t.end_seconds, t.speaker) for t in links.turns],
            workbench,
        )
        context["rated"] = rated
        context["guess_form"] = _guess_form(found)
    return context


def _session_initial(session) -> dict:
    if session is None:
        return {}
    return {"number": session.number, "date": session.date, "therapist": session.therapist}


def _measures(session) -> list[dict]:
    if session is None:
        return []
    return [
        {"measure": m, "score": measures.score(m.instrument, m.items)}
        for m in session.measures.all()
    ]


def _guess_form(found: dict, data=None) -> GuessForm | None:
    if not found["guess"] or not found["guess"]["segments"]:
        return None
    segments = [
        {"label": f"{chart.clock(s['start'])}–{chart.clock(s['end'])}"}
        for s in found["guess"]["segments"]
    ]
    return GuessForm(data, segments=segments, labels=found["guess"]["labels"])


@login_required
def session_page(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    form = AnalysisForm(request.GET or None)
    params = dict(DEFAULTS)
    if form.is_bound and form.is_valid():
        params = form.cleaned_data
    try:
        context = _session_context(request, study, member, transcript_pk, params)
    except DomainError as error:
        form.add_error(error.field or None, error.reason)
        params = dict(DEFAULTS)
        context = _session_context(request, study, member, transcript_pk, params)
    context["analysis_form"] = form if form.is_bound else AnalysisForm(initial=params)
    context["params"] = params
    bad = form.is_bound and bool(form.errors)
    return render(request, "coding/microprocess/session.html", context, status=400 if bad else 200)


def _back(study, transcript_pk) -> HttpResponse:
    return redirect("session", study_pk=study.pk, transcript_pk=transcript_pk)


def _refused(request, study, member, transcript_pk, name: str, form) -> HttpResponse:
    params = dict(DEFAULTS)
    context = _session_context(request, study, member, transcript_pk, params)
    context.update(analysis_form=AnalysisForm(initial=params), params=params)
    if name.startswith("measure:"):
        context["measure_forms"][name.split(":")[1]] = form
    else:
        context[name] = form
    return render(request, "coding/microprocess/session.html", context, status=400)


@login_required
@require_POST
def session_edit(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.save_session(member=member, transcript_id=transcript_pk, **form.cleaned_data)
            messages.success(request, "Session saved.")
            return _back(study, transcript_pk)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.reason)
    return _refused(request, study, member, transcript_pk, "session_form", form)


@login_required
@require_POST
def ratings_import(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    form = RatingsForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            series = services.import_ratings(
                member=member,
                transcript_id=transcript_pk,
                rater_role=form.cleaned_data["rater_role"],
                data=read_upload(upload),
                source_name=upload.name,
            )
            messages.success(
                request, f"{len(series.seconds)} {series.rater_role} samples imported."
            )
            return _back(study, transcript_pk)
        except DomainError as error:
            form.add_error("file" if error.field == "file" else None, error.reason)
        except ValidationError as error:
            for line in error.message_dict.get("file", []):
                form.add_error("file", line)
    return _refused(request, study, member, transcript_pk, "ratings_form", form)


@login_required
@require_POST
def series_remove(
    request: HttpRequest, study_pk: int, transcript_pk: int, rater_role: str
) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    if services.remove_series(member=member, transcript_id=transcript_pk, rater_role=rater_role):
        messages.success(request, f"The {rater_role} series is removed.")
    return _back(study, transcript_pk)


@login_required
@require_POST
def measure_entry(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    instrument = request.POST.get("instrument", "")
    if instrument not in MEASURE_FORMS:
        messages.error(request, "Choose WAI-SR or SRS.")
        return _back(study, transcript_pk)
    form = MEASURE_FORMS[instrument](request.POST)
    if form.is_valid():
        count = measures.INSTRUMENTS[instrument].items
        items = [float(form.cleaned_data[f"item_{n}"]) for n in range(1, count + 1)]
        try:
            services.save_measure(
                member=member,
                transcript_id=transcript_pk,
                instrument=instrument,
                rater_role=form.cleaned_data["rater_role"],
                items=items,
            )
            messages.success(request, f"{measures.INSTRUMENTS[instrument].label} saved.")
            return _back(study, transcript_pk)
        except DomainError as error:
            form.add_error(None, f"{error.field}: {error.reason}")
    return _refused(request, study, member, transcript_pk, f"measure:{instrument}", form)


@login_required
@require_POST
def guess_entry(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    shown_at = AnalysisForm({**request.POST.dict(), "lag": 0})
    if not shown_at.is_valid():
        messages.error(request, "The segments shown are no longer known: analyse again.")
        return _back(study, transcript_pk)
    params = shown_at.cleaned_data
    data = selectors.session_data(study, transcript_pk)
    found = report.session_report(data, member, **params) if data.series else {"guess": None}
    form = _guess_form(found, request.POST)
    if form is None or not form.is_valid():
        messages.error(request, "Label every segment top or bottom.")
        return _back(study, transcript_pk)
    services.save_guess(
        member=member,
        transcript_id=transcript_pk,
        step=params["step"],
        segment=params["segment"],
        starts=[s["start"] for s in found["guess"]["segments"]],
        labels=form.labels(),
    )
    messages.success(request, "The therapist's guesses are saved.")
    url = reverse("session", args=[study.pk, transcript_pk])
    return redirect(f"{url}?step={params['step']:g}&segment={params['segment']:g}&lag=0#guess")


@login_required
def participant_measures(request: HttpRequest, study_pk: int, participant_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    participant = get_object_or_404(study.participants, pk=participant_pk)
    form = MeasuresImportForm()
    status = 200
    if request.method == "POST":
        study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
        form = MeasuresImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                data = read_upload(form.cleaned_data["file"])
                stored = services.import_measures(
                    member=member, participant_id=participant.pk, data=data
                )
                messages.success(request, f"{stored} answer sheets imported.")
                return redirect(
                    "participant-measures", study_pk=study.pk, participant_pk=participant.pk
                )
            except DomainError as error:
                form.add_error("file", error.reason)
        status = 400
    context = {
        "study": study,
        "member": member,
        "participant": participant,
        "rows": selectors.participant_measures(participant),
        "form": form,
    }
    return render(request, "coding/microprocess/participant.html", context, status=status)
