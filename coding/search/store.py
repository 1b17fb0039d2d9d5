"""The texts and turn bounds a search scans, kept in the process after the first search.

A transcript's text and its turns' offsets never change once imported (offsets are the
contract), so they can be kept keyed by the row's identity (id, file digest, import time: ids of
rolled-back rows may come back in tests). Without this, a 100-interview study moves 5 MB of text
and 20,000 turn rows from the database on every search. Roles may be remapped: a search by
speaker role reads them each time. Bounded in bytes, least recently used out first."""

import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass

from coding.search import matching
from transcripts.models import Transcript, Turn

# Bytes of text kept per process: a 100-interview study is 5 million characters, 1 byte each in
# plain ASCII, 2 with accents, 4 once a single emoji is in a transcript (Python's str storage).
CACHE_BYTES = 100 * 2**20


@dataclass(frozen=True, slots=True)
class Stored:
    text: str
    marks: bool  # whether the text holds combining marks (matching.has_marks)
    starts: list[int]  # turn bounds, in text order
    ends: list[int]


_kept: OrderedDict[tuple, Stored] = OrderedDict()
_kept_bytes = 0
_lock = threading.Lock()


def stored(keys: dict[int, tuple]) -> dict[int, Stored]:
    """transcript id -> its text and turn bounds, for `keys` (id -> identity key); two queries
    for those not kept yet, none for the others."""
    global _kept_bytes
    found: dict[int, Stored] = {}
    with _lock:
        for pk, key in keys.items():
            if key in _kept:
                _kept.move_to_end(key)
                found[pk] = _kept[key]
    missing = [pk for pk in keys if pk not in found]
    if not missing:
        return found
    texts = dict(Transcript.objects.filter(pk__in=missing).values_list("id", "text"))
    bounds: dict[int, tuple[list[int], list[int]]] = {pk: ([], []) for pk in texts}
    rows = Turn.objects.filter(transcript_id__in=missing).order_by("transcript_id", "start")
    for pk, start, end in rows.values_list("transcript_id", "start", "end"):
        bounds[pk][0].append(start)
        bounds[pk][1].append(end)
    with _lock:
        for pk, text in texts.items():
            if keys[pk] not in _kept:  # another request may have kept it meanwhile
                _kept_bytes += sys.getsizeof(text)
            item = Stored(text, matching.has_marks(text), *bounds[pk])
            found[pk] = _kept[keys[pk]] = item
        while _kept_bytes > CACHE_BYTES and len(_kept) > 1:
            _, old = _kept.popitem(last=False)
            _kept_bytes -= sys.getsizeof(old.text)
    return found
