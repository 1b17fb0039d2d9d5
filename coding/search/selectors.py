"""Study-wide keyword in context: every hit of a query in the turns of the study's transcripts
(every member sees every transcript; the blind phase hides codings, not text), filtered by
speaker role and participant, with the turn that gives the speaker. A constant number of queries whatever the
study's size: the transcripts, their texts and turn bounds (kept in the process after the first
search, see store.py), the turns of a speaker role when asked, and the turns of the page shown;
the matching is coding/search/matching."""

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from coding.search import matching, store
from transcripts.models import Membership, Transcript, Turn


@dataclass(frozen=True, slots=True)
class Found:
    # (transcript id, start, end, turn start offset) of every hit, in order: plain tuples,
    # as a common word has tens of thousands of hits in a study
    hits: list[tuple[int, int, int, int]]
    texts: dict[int, str]  # transcript id -> text, for the context windows
    titles: dict[int, tuple[str, str | None]]  # transcript id -> (title, participant code)
    transcripts: int  # how many transcripts have at least one hit


def search_study(
    member: Membership,
    *,
    query: str,
    speaker_role: str = "",
    participant: str = "",
    whole_words: bool = False,
) -> Found:
    """Every hit of `query` (checked with matching.query_problem first) in the study's turns,
    in the order of participants, transcripts and the text."""
    transcripts = Transcript.objects.filter(study_id=member.study_id)
    if participant:
        transcripts = transcripts.filter(participant__code__iexact=participant)
    titles: dict[int, tuple[str, str | None]] = {}
    keys: dict[int, tuple] = {}
    columns = ("id", "title", "participant__code", "sha256", "imported_at")
    for pk, title, code, digest, imported in transcripts.values_list(*columns):
        titles[pk] = (title, code)
        keys[pk] = (pk, digest, imported)
    kept = store.stored(keys)
    texts = {pk: item.text for pk, item in kept.items()}
    marked = {pk for pk, item in kept.items() if item.marks}
    bounds = {pk: (item.starts, item.ends) for pk, item in kept.items() if item.starts}
    if speaker_role:  # roles may be remapped: read them each time
        bounds = {}
        turns = Turn.objects.filter(transcript_id__in=list(keys), role=speaker_role)
        for pk, lo, hi in turns.order_by("transcript_id", "start").values_list(
            "transcript_id", "start", "end"
        ):
            starts, ends = bounds.setdefault(pk, ([], []))
            starts.append(lo)
            ends.append(hi)
    patterns = {m: matching.pattern_for(query, whole_words, m) for m in (False, True)}
    hits: list[tuple[int, int, int, int]] = []
    with_hits = 0
    order = sorted(
        bounds.keys() & texts.keys(),
        key=lambda pk: (titles[pk][1] is None, titles[pk][1] or "", pk),
    )
    for pk in order:
        # One scan of the whole text (the C engine), then each hit placed in its turn: far
        # cheaper than a scan per turn. Hits in labels or across turns fall outside every turn.
        starts, ends = bounds[pk]
        before = len(hits)
        pattern = patterns[pk in marked]
        for match in pattern.finditer(texts[pk], starts[0], ends[-1]):
            start, end = match.span()
            at = bisect_right(starts, start) - 1
            if at >= 0 and end <= ends[at]:
                hits.append((pk, start, end, starts[at]))
        with_hits += len(hits) > before
    return Found(hits, texts, titles, with_hits)


def hit_rows(
    member: Membership, found: Found, hits: list[tuple[int, int, int, int]]
) -> list[dict[str, Any]]:
    """Rows of `hits` (a page of found.hits) with their turn and context, as the API and the
    page show them: one query for the turns of the page."""
    # Over-fetches at most the other turns starting at a page's offsets: a bounded few.
    found_turns = Turn.objects.filter(
        transcript__study_id=member.study_id,
        transcript_id__in={h[0] for h in hits},
        start__in={h[3] for h in hits},
    ).values_list("transcript_id", "start", "end", "index", "speaker", "role")
    turns = {(row[0], row[1]): row for row in found_turns} if hits else {}
    rows = []
    for transcript, start, end, lo in hits:
        _, _, hi, index, speaker, role = turns[(transcript, lo)]
        shown = matching.window(found.texts[transcript], start, end, lo, hi)
        title, participant = found.titles[transcript]
        rows.append(
            {
                "transcript": transcript,
                "transcript_title": title,
                "participant": participant,
                "turn": index,
                "speaker": speaker,
                "role": role,
                "start": start,
                "end": end,
                "before": shown.before,
                "match": shown.match,
                "after": shown.after,
            }
        )
    return rows
