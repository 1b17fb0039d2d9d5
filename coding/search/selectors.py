"""Study-wide keyword in context: every hit of a query in the turns of the study's transcripts
(every member sees every transcript; the blind phase hides codings, not text), filtered by
speaker role and participant, with the turn that gives the speaker. A constant number of queries whatever the
study's size: the transcripts, their texts and turn bounds (kept in the process after the first
search, see store.py), the turns of a speaker role when asked, and the turns of the page shown;
the matching is coding/search/matching."""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

from coding.search import matching, store
from transcripts.models import Membership, Transcript, Turn

Hit = tuple[int, int, int, int]  # transcript id, start, end, start of the hit's turn


class Hits(Sequence):
    """Every hit of a search, in order, held as arrays per transcript: a common word has tens
    of thousands of hits in a study, and a request shows one page of them, so only the hits
    asked for (an index or a slice) become Python tuples."""

    def __init__(self, parts: list[tuple[int, np.ndarray]]) -> None:
        # (transcript id, array of rows (start, end, turn start)) for transcripts with hits
        self._parts = parts
        self._firsts = np.cumsum([0] + [len(rows) for _, rows in parts])

    def __len__(self) -> int:
        return int(self._firsts[-1])

    def __getitem__(self, index):
        if isinstance(index, slice):
            lo, hi, step = index.indices(len(self))
            if step != 1:
                return [self[i] for i in range(lo, hi, step)]
            return self._range(lo, hi)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._range(index, index + 1)[0]

    def _range(self, lo: int, hi: int) -> list[Hit]:
        found: list[Hit] = []
        part = int(np.searchsorted(self._firsts, lo, side="right")) - 1
        while lo < hi and part < len(self._parts):
            pk, rows = self._parts[part]
            first = int(self._firsts[part])
            chunk = rows[lo - first : hi - first].tolist()
            found += [(pk, start, end, turn) for start, end, turn in chunk]
            lo = first + len(rows)
            part += 1
        return found


@dataclass(frozen=True, slots=True)
class Found:
    hits: Hits  # every hit, in the order of participants, transcripts and the text
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
    bounds = {pk: (item.starts, item.ends) for pk, item in kept.items() if len(item.starts)}
    if speaker_role:  # roles may be remapped: read them each time
        turns = Turn.objects.filter(transcript_id__in=list(keys), role=speaker_role)
        bounds = store.bounds_of(
            turns.order_by("transcript_id", "start").values_list("transcript_id", "start", "end")
        )
    patterns = {m: matching.pattern_for(query, whole_words, m) for m in (False, True)}
    order = sorted(
        bounds.keys() & texts.keys(),
        key=lambda pk: (titles[pk][1] is None, titles[pk][1] or "", pk),
    )
    parts = []
    for pk in order:
        # One scan of the whole text (the C engine), then every hit placed in its turn at once
        # (arrays): far cheaper than a scan per turn, or a Python step per hit. Hits in labels
        # or across turns fall outside every turn.
        starts, ends = bounds[pk]
        pattern = patterns[kept[pk].marks]
        # Straight into an array: a list of 66,000 span tuples (the word "the") set off the
        # collector's full passes over the whole heap, the peaks of such a search.
        matches = pattern.finditer(texts[pk], int(starts[0]), int(ends[-1]))
        flat = np.fromiter(chain.from_iterable(m.span() for m in matches), dtype=np.int64)
        if not len(flat):
            continue
        found = flat.reshape(-1, 2)
        at = np.searchsorted(starts, found[:, 0], side="right") - 1
        inside = (at >= 0) & (found[:, 1] <= ends[np.maximum(at, 0)])
        if inside.any():
            rows = np.column_stack((found[inside], starts[at[inside]]))
            parts.append((pk, rows))
    return Found(Hits(parts), texts, titles, len(parts))


def hit_rows(member: Membership, found: Found, hits: list[Hit]) -> list[dict[str, Any]]:
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
