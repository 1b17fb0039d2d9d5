"""The texts and turn bounds a search scans, kept in the process after the first search.

A transcript's text and its turns' offsets never change once imported (offsets are the
contract), so they can be kept keyed by the row's identity (id, file digest, import time: ids of
rolled-back rows may come back in tests). Without this, a 100-interview study moves 5 MB of text
and 20,000 turn rows from the database on every search (100-170 ms of a search here). Roles may
be remapped: a search by speaker role reads them each time. Bounded in bytes (text and bounds),
least recently used out first."""

import sys
from dataclasses import dataclass
from itertools import chain

import numpy as np
from django.db.models import QuerySet

from coding.search import matching
from transcripts.kept import Kept
from transcripts.models import Transcript, Turn

# Bytes kept per process: 32 MiB hold six 100-interview studies of 10,000 words (5 MB of text
# each, 1 byte a character in plain ASCII, 2 with accents, 4 once a single emoji is in it).
# Small beside a worker's footprint, which the memory budget of the deployment counts.
CACHE_BYTES = 32 * 2**20


@dataclass(frozen=True, slots=True)
class Stored:
    text: str
    marks: bool  # whether the text holds combining marks (matching.has_marks)
    starts: np.ndarray  # turn bounds (int64), in text order
    ends: np.ndarray

    @property
    def size(self) -> int:
        return sys.getsizeof(self.text) + self.starts.nbytes + self.ends.nbytes


KEPT: Kept[Stored] = Kept(CACHE_BYTES, size=lambda item: item.size)


def bounds_of(rows: QuerySet) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """transcript id -> (turn starts, turn ends) from a values_list query of (transcript id,
    start, end) ordered by transcript and start: one array, then cut per transcript. Rows
    stream into the array: a list of 20,000 row tuples set off collector passes over the heap."""
    flat = np.fromiter(chain.from_iterable(rows.iterator(chunk_size=5000)), dtype=np.int64)
    table = flat.reshape(-1, 3)
    if not len(table):
        return {}
    cuts = np.flatnonzero(np.diff(table[:, 0])) + 1
    return {
        int(part[0, 0]): (part[:, 1].copy(), part[:, 2].copy()) for part in np.split(table, cuts)
    }


def stored(keys: dict[int, tuple]) -> dict[int, Stored]:
    """transcript id -> its text and turn bounds, for `keys` (id -> identity key); two queries
    for those not kept yet, none for the others."""
    found = {pk: item for pk, key in keys.items() if (item := KEPT.get(key)) is not None}
    missing = [pk for pk in keys if pk not in found]
    if not missing:
        return found
    texts = dict(Transcript.objects.filter(pk__in=missing).values_list("id", "text"))
    rows = Turn.objects.filter(transcript_id__in=missing).order_by("transcript_id", "start")
    bounds = bounds_of(rows.values_list("transcript_id", "start", "end"))
    empty = np.zeros(0, dtype=np.int64)
    for pk, text in texts.items():
        item = Stored(text, matching.has_marks(text), *bounds.get(pk, (empty, empty)))
        found[pk] = KEPT.put(keys[pk], item)
    return found
