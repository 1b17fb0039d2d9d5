"""Helpful and hindering, pure: per cluster and code, the significant moments of each valence
that contain its codings, and their mean intensity (the study's "what helped, what hindered")."""

from dataclasses import dataclass

import numpy as np

from coding.analysis.frequencies import Codebook, cluster_columns, grouped
from coding.analysis.moments import Moment

VALENCES = ("helpful", "hindering", "mixed")


@dataclass(frozen=True, slots=True)
class ValenceRow:
    cluster: str
    code: str | None
    helpful: int
    hindering: int
    mixed: int
    helpful_intensity: float | None
    hindering_intensity: float | None
    mixed_intensity: float | None

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}  # asdict deep-copies


def _row(cluster: str, code: str | None, counts: np.ndarray, sums: np.ndarray) -> ValenceRow:
    """A row from the moments' count and intensity sum per valence (VALENCES order)."""
    values: dict = {}
    for v, valence in enumerate(VALENCES):
        n = int(counts[v])
        values[valence] = n
        values[f"{valence}_intensity"] = round(int(sums[v]) / n, 2) if n else None
    return ValenceRow(cluster, code, **values)


def valence_rows(
    book: Codebook, memberships: "np.ndarray | list", moments: list[Moment]
) -> list[ValenceRow]:
    """Memberships (moment id, code column, coding id) -> a cluster row then its codes' rows.
    A moment counts once per code and once per cluster however many codings it holds."""
    k, width = len(book.codes), len(VALENCES)
    rows_in = np.asarray(memberships, dtype=np.int64).reshape(-1, 3)
    ids = np.array([m.id for m in moments], dtype=np.int64)
    valence = np.array([VALENCES.index(m.valence) for m in moments], dtype=np.int64)
    intensity = np.array([m.intensity for m in moments], dtype=np.int64)
    order = np.argsort(ids)
    moment = order[np.searchsorted(ids[order], rows_in[:, 0])] if len(ids) else rows_in[:, 0]
    # each (moment, code) once, then counts and intensity sums per code and valence
    pairs = np.unique(moment * max(k, 1) + rows_in[:, 1])
    at, code = pairs // max(k, 1), pairs % max(k, 1)
    cells = code * width + valence[at]
    counts = np.bincount(cells, minlength=k * width).reshape(k, width)
    sums = np.bincount(cells, weights=intensity[at], minlength=k * width).reshape(k, width)

    def cluster_row(cluster: str, columns: list[int]) -> ValenceRow:
        found = np.unique(at[np.isin(code, columns)])
        n = np.bincount(valence[found], minlength=width)
        return _row(cluster, None, n, np.bincount(valence[found], intensity[found], width))

    rows = []
    for (cluster, columns), (_, own) in zip(cluster_columns(book), grouped(book), strict=True):
        rows.append(cluster_row(cluster, columns))
        rows += [_row(cluster, book.codes[j][1], counts[j], sums[j]) for j in own]
    return rows
