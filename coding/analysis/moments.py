"""Which codings lie in which significant moments, pure: a coding is in a moment when they
share a character in the same transcript (as the segments' valence filter reads it).
Vectorised over the whole study, as it holds ~120,000 codings and ~3,000 moments."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Moment:
    id: int
    transcript: int
    start: int
    end: int
    valence: str
    intensity: int


def codings_in_moments(codings: "np.ndarray | list", moments: list[Moment]) -> np.ndarray:
    """Rows (moment id, code column, key), sorted, for every coding (rows of key, transcript,
    code column, start, end; the key names the coding: its id, or its coder) that shares a
    character with a moment."""
    c = np.asarray(codings, dtype=np.int64).reshape(-1, 5)
    if not moments or len(c) == 0:
        return np.zeros((0, 3), dtype=np.int64)
    m = np.array([(x.id, x.transcript, x.start, x.end) for x in moments], dtype=np.int64)
    # Codings sorted by (transcript, start) on one key; a coding meets moment [s, e) when it
    # starts in (s - longest coding, e) and ends after s: a range of the order per moment.
    scale = int(max(c[:, 4].max(), m[:, 3].max())) + 1
    c = c[np.argsort(c[:, 1] * scale + c[:, 3], kind="stable")]
    keys = c[:, 1] * scale + c[:, 3]
    longest = int((c[:, 4] - c[:, 3]).max())
    lo = np.searchsorted(keys, m[:, 1] * scale + np.maximum(m[:, 2] - longest, 0), side="left")
    hi = np.searchsorted(keys, m[:, 1] * scale + m[:, 3], side="left")
    size = np.maximum(hi - lo, 0)
    which = np.repeat(np.arange(len(m)), size)
    at = np.repeat(lo, size) + (np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size))
    meets = c[at, 4] > m[which, 2]
    which, at = which[meets], at[meets]
    rows = np.column_stack((m[which, 0], c[at, 2], c[at, 0]))
    return rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))]
