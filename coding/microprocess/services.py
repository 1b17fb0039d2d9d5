"""Writes of sessions, dial-rating series and session measures: one function per write, inside
a transaction, keyword-only. Bad input raises DomainError (one field) or Django's
ValidationError (every bad row of a file, under `file`), and stores nothing."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404

from coding.microprocess import dialcsv, measures
from coding.microprocess.analysis import BOTTOM, TOP
from coding.microprocess.models import RaterRole, RatingSeries, Session, SessionMeasure
from transcripts.access import require_writer
from transcripts.errors import DomainError
from transcripts.models import Membership, Transcript
from transcripts.parsers.base import ImportFailed, decode_text

REFUSAL = "Viewers cannot change sessions, ratings or measures."


def _transcript(member: Membership, transcript_id: int) -> Transcript:
    try:
        return Transcript.objects.defer("text", "sentences").get(
            study_id=member.study_id, pk=transcript_id
        )
    except Transcript.DoesNotExist:
        # The transcript is part of the address: an unknown one is a 404, as for the study.
        raise Http404("No such transcript in this study.") from None


def _next_number(transcript: Transcript) -> int:
    if transcript.participant_id is None:
        return 1
    used = Session.objects.filter(transcript__participant_id=transcript.participant_id)
    return (used.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def save_session(
    *,
    member: Membership,
    transcript_id: int,
    number: int | None = None,
    date: date | None = None,
    therapist: str = "",
) -> Session:
    """Make the transcript a session (number: the participant's next one unless given)."""
    require_writer(member, REFUSAL)
    transcript = _transcript(member, transcript_id)
    if number is not None and number < 1:
        raise DomainError("number", "session numbers start at 1.")
    if number is not None and transcript.participant_id is not None:
        taken = (
            Session.objects.filter(
                transcript__participant_id=transcript.participant_id, number=number
            )
            .exclude(transcript=transcript)
            .values_list("transcript__title", flat=True)
            .first()
        )
        if taken is not None:
            raise DomainError("number", f"session {number} of this participant is {taken!r}.")
    session = Session.objects.select_for_update().filter(transcript=transcript).first()
    if session is None:
        session = Session(transcript=transcript, number=number or _next_number(transcript))
    elif number is not None:
        session.number = number
    session.date = date
    session.therapist = therapist.strip()
    session.save()
    return session


def _session_for_write(member: Membership, transcript_id: int) -> Session:
    session = Session.objects.filter(transcript_id=transcript_id).first()
    return session or save_session(member=member, transcript_id=transcript_id)


def read_dial_file(data: bytes) -> list[tuple[float, float]]:
    """Samples of an uploaded dial file, or ValidationError listing every bad row."""
    if len(data) > settings.QUALCODE_MAX_FILE_BYTES:
        raise DomainError("file", f"larger than {settings.QUALCODE_MAX_FILE_BYTES} bytes.")
    try:
        return dialcsv.parse_dial_csv(decode_text(data))
    except ImportFailed as error:
        raise DomainError("file", str(error)) from None
    except dialcsv.DialFileError as error:
        lines = [f"line {e.line}: {e.reason}" if e.line else e.reason for e in error.errors]
        if len(lines) > dialcsv.MAX_REPORTED:
            more = len(lines) - dialcsv.MAX_REPORTED
            lines = [*lines[: dialcsv.MAX_REPORTED], f"... and {more} more bad rows"]
        raise ValidationError({"file": lines}) from None


@transaction.atomic
def import_ratings(
    *, member: Membership, transcript_id: int, rater_role: str, data: bytes, source_name: str
) -> RatingSeries:
    """Store (or replace) one rater role's series of a session; nothing when a row is bad."""
    require_writer(member, REFUSAL)
    _transcript(member, transcript_id)
    if rater_role not in RaterRole.values:
        raise DomainError("rater_role", f"must be one of {', '.join(RaterRole.values)}.")
    samples = read_dial_file(data)
    session = _session_for_write(member, transcript_id)
    series, _ = RatingSeries.objects.update_or_create(
        session=session,
        rater_role=rater_role,
        defaults={
            "seconds": [s for s, _ in samples],
            "values": [v for _, v in samples],
            "source_name": source_name[:255],
            "imported_by": member.user,
        },
    )
    return series


@transaction.atomic
def remove_series(*, member: Membership, transcript_id: int, rater_role: str) -> bool:
    """Remove one rater role's series (an import of the wrong file is undone this way)."""
    require_writer(member, REFUSAL)
    _transcript(member, transcript_id)
    found = RatingSeries.objects.filter(session__transcript_id=transcript_id, rater_role=rater_role)
    return found.delete()[0] > 0


@transaction.atomic
def save_measure(
    *, member: Membership, transcript_id: int, instrument: str, rater_role: str, items: list
) -> SessionMeasure:
    """Store (or replace) one rater's answers to an instrument for a session."""
    require_writer(member, REFUSAL)
    _transcript(member, transcript_id)
    if rater_role not in RaterRole.values:
        raise DomainError("rater_role", f"must be one of {', '.join(RaterRole.values)}.")
    try:
        items = measures.check_items(instrument, items)
        scored = measures.score(instrument, items)
    except measures.MeasureError as error:
        raise DomainError(error.field, error.reason) from None
    session = _session_for_write(member, transcript_id)
    measure, _ = SessionMeasure.objects.update_or_create(
        session=session,
        instrument=instrument,
        rater_role=rater_role,
        defaults={"items": items, "total": scored.total, "entered_by": member.user},
    )
    return measure


@transaction.atomic
def import_measures(*, member: Membership, participant_id: int, data: bytes) -> int:
    """Answer sheets of one participant's sessions from CSV (session numbers name them);
    every row must name an existing session, or nothing is stored. Returns rows stored."""
    require_writer(member, REFUSAL)
    try:
        rows = measures.parse_measures_csv(decode_text(data), tuple(RaterRole.values))
    except ImportFailed as error:
        raise DomainError("file", str(error)) from None
    except measures.MeasureError as error:
        raise DomainError(error.field, error.reason) from None
    sessions = {
        s.number: s
        for s in Session.objects.filter(
            transcript__study_id=member.study_id, transcript__participant_id=participant_id
        )
    }
    missing = sorted({f"line {r.line}" for r in rows if r.session not in sessions})
    if missing:
        raise DomainError("file", f"no such session of this participant: {', '.join(missing)}.")
    for row in rows:
        SessionMeasure.objects.update_or_create(
            session=sessions[row.session],
            instrument=row.instrument,
            rater_role=row.rater_role,
            defaults={
                "items": row.items,
                "total": measures.score(row.instrument, row.items).total,
                "entered_by": member.user,
            },
        )
    return len(rows)


@transaction.atomic
def save_guess(
    *,
    member: Membership,
    transcript_id: int,
    step: float,
    segment: float,
    starts: list,
    labels: list,
) -> Session:
    """The therapist's labels for the client's six segments (time order), as shown."""
    require_writer(member, REFUSAL)
    if not starts:
        raise DomainError("segment", "the client's series is needed (and long enough) first.")
    if any(label not in (TOP, BOTTOM) for label in labels) or len(labels) != len(starts):
        raise DomainError("labels", "one label, top or bottom, for each segment shown.")
    session = _session_for_write(member, transcript_id)
    session.guess = {"step": step, "segment": segment, "starts": starts, "labels": labels}
    session.save(update_fields=["guess", "updated_at"])
    return session
