"""Code co-occurrence, pure: how often two codes meet, by three kinds of meeting.

- span: one coder's codings of the two codes overlap in a transcript. Overlapping codings
  that chain together (A1-B1-A2) count as one co-occurrence, so the count never exceeds
  either code's codings and the c-coefficient stays within 0..1 (a coder's overlapping
  codings of one code count as one, as the workbench merges them);
- moment: the two codes have codings inside the same significant moment;
- participant: the two codes are both used in a participant's transcripts.

For each pair: count n_ab, each code's n, ATLAS.ti's c-coefficient n_ab / (n_a + n_b - n_ab)
(the Jaccard index for the moment and participant kinds), P(B|A) (the share of A's codings,
moments or participants that also have B) and a warning when one code is used
WARN_RATIO times as often as the other (the coefficient then understates the link)."""

from dataclasses import dataclass

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
class Spans:
    """The same as columns (a study holds ~120,000 codings): group, code, start, end."""

    group: np.ndarray
    code: np.ndarray
    start: np.ndarray
    end: np.ndarray

    @classmethod
    def of(cls, spans: list[Span]) -> "Spans":
        groups = {g: i for i, g in enumerate(sorted({s.group for s in spans}))}
        column = [[groups[s.group], s.code, s.start, s.end] for s in spans]
        data = np.array(column, dtype=np.int64).reshape(-1, 4)
        return cls(data[:, 0], data[:, 1], data[:, 2], data[:, 3])


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
        return {name: getattr(self, name) for name in self.__slots__}  # asdict deep-copies


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


def _order(major: np.ndarray, middle: np.ndarray, minor: np.ndarray, sizes: tuple) -> np.ndarray:
    """Row order by (major, middle, minor): one argsort of a combined key when it fits in 62
    bits (three times faster than lexsort at 120,000 rows), else lexsort."""
    middle_size, minor_size = sizes
    if int(major.max(initial=0)) * middle_size * minor_size < 2**62:
        return np.argsort((major * middle_size + middle) * minor_size + minor)
    return np.lexsort((minor, middle, major))


def merge_same_code(spans: Spans, k: int | None = None) -> Spans:
    """One coder's overlapping codings of one code as one span (the workbench merges them
    on save; data imported in bulk may not be)."""
    if len(spans.code) == 0:
        return spans
    scale = int(spans.end.max()) + 1
    k = int(spans.code.max()) + 1 if k is None else k
    order = _order(spans.group, spans.code, spans.start, (k, scale))
    group, code = spans.group[order], spans.code[order]
    start, end = spans.start[order], spans.end[order]
    segment = np.r_[True, (group[1:] != group[:-1]) | (code[1:] != code[:-1])].cumsum()
    # running maximum of `end` within each (group, code) segment, by offsetting segments apart
    offset = segment * scale
    reach = np.maximum.accumulate(end + offset) - offset
    new = np.r_[True, (segment[1:] != segment[:-1]) | (start[1:] >= reach[:-1])]
    first = np.flatnonzero(new)
    return Spans(group[first], code[first], start[first], np.maximum.reduceat(end, first))


def span_table(spans: "list[Span] | Spans", k: int) -> Table:
    """Overlaps between different codes within a group. Once a code's spans are disjoint
    (merge_same_code), A and B spans that overlap form a forest (two B spans overlapping
    the same two A spans would overlap each other), so its trees, the co-occurrences,
    number nodes - edges."""
    units = merge_same_code(spans if isinstance(spans, Spans) else Spans.of(spans), k)
    n = np.bincount(units.code, minlength=k).astype(np.int64)
    scale = int(max(units.end.max(initial=0), units.start.max(initial=0))) + 1
    # spans that start together may come in either order: the pairs found are the same
    order = _order(units.group, np.zeros_like(units.group), units.start, (1, scale))
    group, code = units.group[order], units.code[order]
    start, end = units.start[order], units.end[order]
    # the spans after i that start before i ends, in its group: i+1 .. limit-1
    keys = group * scale + start
    limit = np.searchsorted(keys, group * scale + end, side="left")
    reach = np.maximum(limit - np.arange(len(keys)) - 1, 0)
    left = np.repeat(np.arange(len(keys)), reach)
    right = left + 1 + (np.arange(reach.sum()) - np.repeat(np.cumsum(reach) - reach, reach))
    keep = code[left] != code[right]
    left, right = left[keep], right[keep]
    # meets[u * k + b]: unit u overlaps some span of code b; met[a, b]: A spans that meet a B
    meets = np.zeros(len(keys) * k, dtype=bool)
    meets[left * k + code[right]] = True
    meets[right * k + code[left]] = True
    flat = np.flatnonzero(meets)
    met = np.bincount(code[flat // k] * k + flat % k, minlength=k * k).reshape(k, k)
    a, b = np.minimum(code[left], code[right]), np.maximum(code[left], code[right])
    edges = np.bincount(a * k + b, minlength=k * k).reshape(k, k)
    edges = edges + edges.T
    count = np.where(edges > 0, met + met.T - edges, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        given = np.where(n[:, None] > 0, met / np.maximum(n[:, None], 1), 0.0)
    return Table(n, count, given)


def set_table(memberships: "np.ndarray | list", k: int) -> Table:
    """(unit, code column) memberships -> co-occurrence over units (moments, participants)."""
    pairs = np.asarray(memberships, dtype=np.int64).reshape(-1, 2)
    units, row = np.unique(pairs[:, 0], return_inverse=True)
    x = np.zeros((len(units), k), dtype=np.int64)
    x[row, pairs[:, 1]] = 1
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
