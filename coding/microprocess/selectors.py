"""Reads of sessions for the page, the API and the command, in a constant number of queries.
Sessions, series and measures are study data every member sees; the codings and moments
linked to dial segments go through the visibility layer (a coder in the blind phase sees only
their own)."""

from dataclasses import dataclass, field

import numpy as np
from django.shortcuts import get_object_or_404

from coding.microprocess import alliance as alliance_pure
from coding.microprocess import analysis, measures, timeline
from coding.microprocess.analysis import SessionAnalysis
from coding.microprocess.models import RaterRole, RatingSeries, Session, SessionMeasure
from coding.models import Coding, SignificantMoment
from transcripts.errors import DomainError
from transcripts.models import Membership, Participant, Study, Transcript

MAX_GRID_POINTS = 2_000_000
ROLE_ORDER = {role: i for i, role in enumerate(RaterRole.values)}


@dataclass
class SessionData:
    transcript: Transcript
    session: Session | None
    series: list[RatingSeries] = field(default_factory=list)

    @property
    def rated(self) -> dict[str, analysis.Series]:
        return {
            s.rater_role: analysis.Series(
                np.asarray(s.seconds, dtype=float), np.asarray(s.values, dtype=float)
            )
            for s in self.series
        }


def session_data(study: Study, transcript_pk: int) -> SessionData:
    """The transcript (404 outside the study), its session and series: three queries."""
    transcript = get_object_or_404(
        Transcript.objects.filter(study=study)
        .select_related("participant")
        .defer("text", "sentences"),
        pk=transcript_pk,
    )
    session = Session.objects.filter(transcript=transcript).first()
    series = list(session.series.select_related("imported_by")) if session else []
    series.sort(key=lambda s: ROLE_ORDER[s.rater_role])
    return SessionData(transcript, session, series)


def check_parameters(*, step: float, segment: float, lag: float) -> None:
    if not 0.01 <= step <= 60:
        raise DomainError("step", "must be between 0.01 and 60 seconds.")
    if not step <= segment <= 3600:
        raise DomainError("segment", "must be at least the step and at most 3600 seconds.")
    if not abs(lag) <= 600:
        raise DomainError("lag", "must be within 600 seconds either way.")


def analyse(data: SessionData, *, step: float, segment: float, lag: float) -> SessionAnalysis:
    check_parameters(step=step, segment=segment, lag=lag)
    rated = data.rated
    if rated:
        span = min(float(s.seconds[-1]) for s in rated.values())
        span -= max(float(s.seconds[0]) for s in rated.values())
        if span / step > MAX_GRID_POINTS:
            raise DomainError("step", f"too fine for this session (over {MAX_GRID_POINTS} points).")
    return analysis.analyse(rated, step=step, segment=segment, lag=lag)


@dataclass
class TextLinks:
    """Timed turns and the visible codings and moments of a transcript, with time spans."""

    turns: list[timeline.TimedTurn]
    codings: list[dict]
    moments: list[dict]

    def inside(self, start: float, end: float) -> dict:
        return {
            "turns": timeline.turns_between(self.turns, start, end),
            "codings": [c for c in self.codings if timeline.overlaps(c["seconds"], start, end)],
            "moments": [m for m in self.moments if timeline.overlaps(m["seconds"], start, end)],
        }


def text_links(member: Membership, transcript: Transcript) -> TextLinks:
    """Three queries: timed turns, visible codings, visible moments."""
    turns = timed_turns(transcript)
    codings = Coding.objects.visible_to(member).filter(transcript=transcript)
    moments = SignificantMoment.objects.visible_to(member).filter(transcript=transcript)
    coding_rows = codings.values_list("id", "start", "end", "code__name", "coder__username")
    moment_rows = moments.values_list("id", "start", "end", "valence", "rater__username")
    return TextLinks(
        turns=turns,
        codings=[
            {
                "id": i,
                "code": code,
                "coder": coder,
                "seconds": timeline.span_seconds(turns, s, e),
                "turn": timeline.first_turn(turns, s, e),
            }
            for i, s, e, code, coder in coding_rows
        ],
        moments=[
            {
                "id": i,
                "valence": v,
                "rater": rater,
                "seconds": timeline.span_seconds(turns, s, e),
                "turn": timeline.first_turn(turns, s, e),
            }
            for i, s, e, v, rater in moment_rows
        ],
    )


def span_dial(
    data: SessionData, member: Membership, *, coding: int | None, moment: int | None
) -> dict:
    """A visible coding's or moment's time span and each rater's mean dial value over it."""
    if (coding is None) == (moment is None):
        raise DomainError("coding", "give either coding or moment.")
    model = Coding if coding is not None else SignificantMoment
    item = get_object_or_404(
        model.objects.visible_to(member).filter(transcript=data.transcript),
        pk=coding if coding is not None else moment,
    )
    turns = timed_turns(data.transcript)
    seconds = timeline.span_seconds(turns, item.start, item.end)
    means = {}
    if seconds is not None:
        means = {role: timeline.mean_between(s, *seconds) for role, s in data.rated.items()}
    return {
        "kind": "coding" if coding is not None else "moment",
        "id": item.pk,
        "start_seconds": seconds[0] if seconds else None,
        "end_seconds": seconds[1] if seconds else None,
        "means": means,
    }


def timed_turns(transcript: Transcript) -> timeline.Turns:
    rows = transcript.turns.filter(start_seconds__isnull=False, end_seconds__isnull=False)
    fields = ("index", "start", "end", "start_seconds", "end_seconds", "speaker")
    return timeline.Turns(timeline.TimedTurn(*row) for row in rows.values_list(*fields))


def participant_measures(participant: Participant) -> dict:
    """A participant's sessions in order with each instrument's total (and subscales) per
    rater role, and each rater's mean dial value: three queries."""
    sessions = list(
        Session.objects.filter(transcript__participant=participant)
        .select_related("transcript")
        .prefetch_related("measures", "series")
        .order_by("number", "id")
    )
    present = {(m.instrument, m.rater_role) for s in sessions for m in s.measures.all()}
    columns = sorted(present, key=lambda c: (c[0] != measures.WAI_SR, ROLE_ORDER[c[1]]))
    dial_roles = sorted(
        {r.rater_role for s in sessions for r in s.series.all()}, key=ROLE_ORDER.__getitem__
    )
    rows = []
    for session in sessions:
        found = {(m.instrument, m.rater_role): m for m in session.measures.all()}
        dial = {r.rater_role: r for r in session.series.all()}
        rows.append(
            {
                "session": session,
                "cells": [
                    measures.score(c[0], found[c].items) if c in found else None for c in columns
                ],
                "dial": [
                    sum(dial[r].values) / len(dial[r].values) if r in dial else None
                    for r in dial_roles
                ],
            }
        )
    labels = [(measures.INSTRUMENTS[i].label, role) for i, role in columns]
    return {"columns": labels, "dial_roles": dial_roles, "rows": rows}


def alliance(member: Membership, *, instrument: str, rater_role: str) -> dict:
    """Mean scores of the participants endorsing each cluster and each moment valence, from
    the codings and moments this member may see (a coder in the blind phase: their own)."""
    measured = SessionMeasure.objects.filter(
        session__transcript__study_id=member.study_id,
        session__transcript__participant__isnull=False,
        instrument=instrument,
        rater_role=rater_role,
    ).values_list("session__transcript__participant_id", "total")
    scores = alliance_pure.participant_scores(list(measured))
    clusters: dict[str, set[int]] = {}
    coded = (
        Coding.objects.visible_to(member)
        .filter(code__cluster__isnull=False, transcript__participant__isnull=False)
        .values_list("code__cluster__name", "transcript__participant_id")
        .distinct()
    )
    for name, participant in coded:
        clusters.setdefault(name, set()).add(participant)
    valences: dict[str, set[int]] = {}
    moments = (
        SignificantMoment.objects.visible_to(member)
        .filter(transcript__participant__isnull=False)
        .values_list("valence", "transcript__participant_id")
        .distinct()
    )
    for valence, participant in moments:
        valences.setdefault(valence, set()).add(participant)
    return {
        "instrument": instrument,
        "rater_role": rater_role,
        "participants_scored": len(scores),
        "clusters": alliance_pure.group_means(dict(sorted(clusters.items())), scores),
        "moments": alliance_pure.group_means(dict(sorted(valences.items())), scores),
    }
