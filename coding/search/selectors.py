"""Study-wide keyword in context: every hit of a query in the turns of the study's transcripts
(every member sees every transcript; the blind phase hides codings, not text), filtered by
speaker role and participant, with the turn that gives the speaker. Two queries whatever the
study's size: the transcripts' texts, then their turns; the matching is coding/search/matching."""

from dataclasses import dataclass
from typing import Any

from coding.search import matching
from transcripts.models import Membership, Transcript, Turn


@dataclass(frozen=True, slots=True)
class Hit:
    transcript: int
    turn: int  # the turn's index in its transcript
    speaker: str
    role: str
    start: int  # code points into the transcript's text
    end: int
    turn_start: int
    turn_end: int


@dataclass(frozen=True, slots=True)
class Found:
    hits: list[Hit]
    texts: dict[int, str]  # transcript id -> text, for the context windows
    titles: dict[int, tuple[str, str | None]]  # transcript id -> (title, participant code)

    @property
    def transcripts(self) -> int:
        """How many transcripts have at least one hit."""
        return len({hit.transcript for hit in self.hits})


def search_study(
    member: Membership, *, query: str, speaker_role: str = "", participant: str = ""
) -> Found:
    """Every hit of `query` (checked with matching.query_problem first) in the study, in the
    order of participants, transcripts and the text."""
    transcripts = Transcript.objects.filter(study_id=member.study_id)
    if participant:
        transcripts = transcripts.filter(participant__code__iexact=participant)
    rows = transcripts.values_list("id", "title", "participant__code", "text")
    texts: dict[int, str] = {}
    titles: dict[int, tuple[str, str | None]] = {}
    for pk, title, code, text in rows:
        texts[pk] = text
        titles[pk] = (title, code)
    turns = Turn.objects.filter(transcript_id__in=list(texts)).values_list(
        "transcript_id", "index", "speaker", "role", "start", "end"
    )
    if speaker_role:
        turns = turns.filter(role=speaker_role)
    by_transcript: dict[int, list[tuple]] = {}
    for row in turns.order_by("transcript_id", "start"):
        by_transcript.setdefault(row[0], []).append(row)
    pattern = matching.pattern_for(query)
    hits = []
    order = sorted(texts, key=lambda pk: (titles[pk][1] is None, titles[pk][1] or "", pk))
    for pk in order:
        text = texts[pk]
        for _, index, speaker, role, lo, hi in by_transcript.get(pk, ()):
            for match in pattern.finditer(text, lo, hi):
                start, end = match.span()
                hits.append(Hit(pk, index, speaker, role, start, end, lo, hi))
    return Found(hits, texts, titles)


def hit_rows(found: Found, hits: list[Hit]) -> list[dict[str, Any]]:
    """Rows of `hits` (a page of found.hits) with their context, as the API and page show them."""
    rows = []
    for hit in hits:
        text = found.texts[hit.transcript]
        shown = matching.window(text, hit.start, hit.end, hit.turn_start, hit.turn_end)
        title, participant = found.titles[hit.transcript]
        rows.append(
            {
                "transcript": hit.transcript,
                "transcript_title": title,
                "participant": participant,
                "turn": hit.turn,
                "speaker": hit.speaker,
                "role": hit.role,
                "start": hit.start,
                "end": hit.end,
                "before": shown.before,
                "match": shown.match,
                "after": shown.after,
            }
        )
    return rows
