"""Which codings lie in which significant moments, pure: a coding is in a moment when they
share a character in the same transcript (as the segments' valence filter reads it).
Vectorised per transcript, as a study holds ~1,200 codings and ~10 moments per transcript."""

from collections import defaultdict
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


def codings_in_moments(
    codings: list[tuple[int, int, int, int, int]], moments: list[Moment]
) -> list[tuple[int, int, int]]:
    """(moment id, code column, coding id) for every coding (id, transcript, code column,
    start, end) that shares a character with a moment."""
    by_transcript: dict[int, list[Moment]] = defaultdict(list)
    for moment in moments:
        by_transcript[moment.transcript].append(moment)
    rows: dict[int, list[tuple[int, int, int, int, int]]] = defaultdict(list)
    for coding in codings:
        if coding[1] in by_transcript:
            rows[coding[1]].append(coding)
    found = []
    for transcript, inside in rows.items():
        found_moments = by_transcript[transcript]
        c = np.array(inside, dtype=np.int64)
        m_start = np.array([m.start for m in found_moments], dtype=np.int64)
        m_end = np.array([m.end for m in found_moments], dtype=np.int64)
        meets = (c[:, 3, None] < m_end[None, :]) & (c[:, 4, None] > m_start[None, :])
        for i, j in zip(*np.nonzero(meets), strict=True):
            found.append((found_moments[j].id, int(c[i, 2]), int(c[i, 0])))
    return sorted(found)
