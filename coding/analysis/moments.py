"""Which codings lie in which significant moments, pure: a coding is in a moment when they
share a character in the same transcript (as the segments' valence filter reads it).
Vectorised per transcript, as a study holds ~1,200 codings and ~30 moments per transcript."""

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
    c = c[np.argsort(c[:, 1], kind="stable")]
    m = m[np.argsort(m[:, 1], kind="stable")]
    found = []
    for transcript in np.unique(m[:, 1]):
        lo, hi = np.searchsorted(c[:, 1], [transcript, transcript + 1])
        mlo, mhi = np.searchsorted(m[:, 1], [transcript, transcript + 1])
        if lo == hi:
            continue
        inside, here = c[lo:hi], m[mlo:mhi]
        meets = (inside[:, 3, None] < here[None, :, 3]) & (inside[:, 4, None] > here[None, :, 2])
        i, j = np.nonzero(meets)
        found.append(np.column_stack((here[j, 0], inside[i, 2], inside[i, 0])))
    if not found:
        return np.zeros((0, 3), dtype=np.int64)
    rows = np.concatenate(found)
    return rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))]
