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


def _row(cluster: str, code: str | None, moment_ids: np.ndarray, by_id: dict[int, Moment]):
    values: dict = {}
    found = [by_id[int(i)] for i in moment_ids]
    for valence in VALENCES:
        strengths = [m.intensity for m in found if m.valence == valence]
        values[valence] = len(strengths)
        values[f"{valence}_intensity"] = (
            round(sum(strengths) / len(strengths), 2) if strengths else None
        )
    return ValenceRow(cluster, code, **values)


def valence_rows(
    book: Codebook, memberships: "np.ndarray | list", moments: list[Moment]
) -> list[ValenceRow]:
    """Memberships (moment id, code column, coding id) -> a cluster row then its codes' rows.
    A moment counts once per code and once per cluster however many codings it holds."""
    by_id = {m.id: m for m in moments}
    rows_in = np.asarray(memberships, dtype=np.int64).reshape(-1, 3)
    code_of, moment_of = rows_in[:, 1], rows_in[:, 0]

    def moments_of(columns: list[int]) -> np.ndarray:
        return np.unique(moment_of[np.isin(code_of, columns)])

    rows = []
    for (cluster, columns), (_, own) in zip(cluster_columns(book), grouped(book), strict=True):
        rows.append(_row(cluster, None, moments_of(columns), by_id))
        rows += [_row(cluster, book.codes[j][1], moments_of([j]), by_id) for j in own]
    return rows
