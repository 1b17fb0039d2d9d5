"""Code co-occurrence, pure: how often two codes meet, by three kinds of meeting.

- span: one coder's codings of the two codes overlap in a transcript. Overlapping codings
  that chain together (A1-B1-A2) count as one co-occurrence, so the count never exceeds
  either code's codings and the c-coefficient stays within 0..1;
- moment: the two codes have codings inside the same significant moment;
- participant: the two codes are both used in a participant's transcripts.

For each pair: count n_ab, each code's n, ATLAS.ti's c-coefficient n_ab / (n_a + n_b - n_ab)
(the Jaccard index for the moment and participant kinds), P(B|A) (the share of A's codings,
moments or participants that also have B) and a warning when one code is used
WARN_RATIO times as often as the other (the coefficient then understates the link)."""

from collections import defaultdict
from dataclasses import asdict, dataclass

import numpy as np

KINDS = ("span", "moment", "participant")
WARN_RATIO = 5


@dataclass(frozen=True, slots=True)
class Span:
    id: int
    group: tuple[int, int]  # (transcript, coder): only one coder's codings meet
    code: int  # column index of the code
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    """Square tables over the codes (codebook order): n per code, n_ab, P(column | row)."""

    n: np.ndarray
    count: np.ndarray
    given: np.ndarray  # given[a, b] = P(b | a)

    def coefficient(self) -> np.ndarray:
        union = self.n[:, None] + self.n[None, :] - self.count
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(union > 0, self.count / np.maximum(union, 1), 0.0)

    def warnings(self) -> np.ndarray:
        low = np.minimum(self.n[:, None], self.n[None, :])
        high = np.maximum(self.n[:, None], self.n[None, :])
        return (low > 0) & (high >= WARN_RATIO * low)


@dataclass(frozen=True, slots=True)
class Pair:
    a: int
    b: int
    count: int
    n_a: int
    n_b: int
    coefficient: float
    p_b_given_a: float
    p_a_given_b: float
    warning: bool

    def as_dict(self) -> dict:
        return asdict(self)


def overlapping(spans: list[Span]) -> list[tuple[Span, Span]]:
    """Pairs of spans of different codes in one group that overlap (share a character)."""
    found = []
    ordered = sorted(spans, key=lambda s: (s.group, s.start, s.end))
    active: list[Span] = []
    group = None
    for span in ordered:
        if span.group != group:
            active, group = [], span.group
        active = [other for other in active if other.end > span.start]
        found += [(other, span) for other in active if other.code != span.code]
        active.append(span)
    return found


def _components(edges: list[tuple[int, int]]) -> int:
    """Connected components of the graph the edges make (nodes: the ends of the edges)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    merges = 0
    for x, y in edges:
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[rx] = ry
            merges += 1
    return len(parent) - merges


def span_table(spans: list[Span], k: int) -> Table:
    n = np.bincount([s.code for s in spans], minlength=k).astype(np.int64)
    edges: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for x, y in overlapping(spans):
        (a, ia), (b, ib) = sorted(((x.code, x.id), (y.code, y.id)))
        edges[(a, b)].append((ia, ib))
    count = np.zeros((k, k), dtype=np.int64)
    given = np.zeros((k, k), dtype=float)
    for (a, b), pairs in edges.items():
        count[a, b] = count[b, a] = _components(pairs)
        given[a, b] = len({ia for ia, _ in pairs}) / n[a]
        given[b, a] = len({ib for _, ib in pairs}) / n[b]
    return Table(n, count, given)


def set_table(memberships: list[tuple[int, int]], k: int) -> Table:
    """(unit, code column) memberships -> co-occurrence over units (moments, participants)."""
    units = sorted({unit for unit, _ in memberships})
    row_of = {unit: i for i, unit in enumerate(units)}
    x = np.zeros((len(units), k), dtype=np.int64)
    for unit, code in memberships:
        x[row_of[unit], code] = 1
    count = x.T @ x
    n = np.diag(count).copy()
    np.fill_diagonal(count, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        given = np.where(n[:, None] > 0, count / np.maximum(n[:, None], 1), 0.0)
    return Table(n, count, given)


def span_links(spans: list[Span], a: int, b: int) -> list[int]:
    """Ids of the codings of codes a and b that overlap one of the other code."""
    found = {
        s.id for pair in overlapping(spans) if {pair[0].code, pair[1].code} == {a, b} for s in pair
    }
    return sorted(found)


def shared_units(memberships: list[tuple[int, int]], a: int, b: int) -> list[int]:
    """Units (moments, participants) that have both codes a and b."""
    with_a = {unit for unit, code in memberships if code == a}
    return sorted({unit for unit, code in memberships if code == b and unit in with_a})


def pairs(table: Table) -> list[Pair]:
    """Pairs that meet at least once, a before b in codebook order."""
    coefficient, warnings = table.coefficient(), table.warnings()
    out = []
    for a, b in zip(*np.nonzero(np.triu(table.count, 1)), strict=True):
        out.append(
            Pair(
                a=int(a),
                b=int(b),
                count=int(table.count[a, b]),
                n_a=int(table.n[a]),
                n_b=int(table.n[b]),
                coefficient=round(float(coefficient[a, b]), 4),
                p_b_given_a=round(float(table.given[a, b]), 4),
                p_a_given_b=round(float(table.given[b, a]), 4),
                warning=bool(warnings[a, b]),
            )
        )
    return out
