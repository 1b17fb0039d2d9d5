"""Helpful and hindering, pure: per cluster and code, the significant moments of each valence
that contain its codings, and their mean intensity (the study's "what helped, what hindered")."""

from dataclasses import asdict, dataclass

from coding.analysis.frequencies import Codebook, grouped
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
        return asdict(self)


def _row(cluster: str, code: str | None, moment_ids: set[int], by_id: dict[int, Moment]):
    values: dict = {}
    for valence in VALENCES:
        found = [by_id[i].intensity for i in moment_ids if by_id[i].valence == valence]
        values[valence] = len(found)
        values[f"{valence}_intensity"] = round(sum(found) / len(found), 2) if found else None
    return ValenceRow(cluster, code, **values)


def valence_rows(
    book: Codebook, memberships: list[tuple[int, int, int]], moments: list[Moment]
) -> list[ValenceRow]:
    """Memberships (moment id, code column, coding id) -> a cluster row then its codes' rows.
    A moment counts once per code and once per cluster however many codings it holds."""
    by_id = {m.id: m for m in moments}
    per_code: list[set[int]] = [set() for _ in book.codes]
    for moment, code, _ in memberships:
        per_code[code].add(moment)
    rows = []
    for cluster, columns in grouped(book):
        rows.append(_row(cluster, None, set().union(*(per_code[j] for j in columns)), by_id))
        rows += [_row(cluster, book.codes[j][1], per_code[j], by_id) for j in columns]
    return rows
