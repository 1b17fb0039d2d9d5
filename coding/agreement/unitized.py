"""Krippendorff's alphas for unitizing a continuum (Krippendorff, Mathet, Bouvry & Widlöcher 2016,
Quality & Quantity 50; Krippendorff 2019, Content Analysis 4th ed., sec. 12.6): the family
ATLAS.ti reports as alpha-binary (|u-alpha), cu-alpha and Cu-alpha. Pure: numpy and stdlib.

Input: `units`, an iterable of (coder, start, end, value) with 0 <= start < end <= length
(0-based, end exclusive) on a continuum [0, length). Every coder (those in `coders`, else those
with a unit) is taken to have unitized the whole continuum: what they left unmarked are gaps
(value None below). A coder's overlapping units of one value are merged; units that only abut
stay separate units, as in the papers. Overlapping units of different values by one coder do
not fit the model (every point has one value per coder) and raise OverlapError.

Sections g (units and gaps) of coder i, length l_g, m coders, L = length:
- Observed coincidences: l_ck = sum_{i != j} sum_{g of i valued c} sum_{h of j valued k}
  |g & h| / (m - 1); margins l_c = sum_k l_ck; l = sum_c l_c = m L.
- Expected coincidences: e_ck = (l_c l_k - [c = k] S_c) / (l - S / l), where S_c sums l_g^2
  over the units of value c and l_g over the gaps (S_None), S = sum_c S_c. A unit cannot be
  paired with itself, so its length enters squared; a gap has no structure, so it counts as
  l_g separate points and enters linearly.
- `unitized_alpha` (u-alpha): 1 - (l - sum_c l_cc) / (sum_{c != k} e_ck), gaps a value of
  their own (nominal).
- `binary_unitized_alpha` (|u-alpha, alpha-binary): u-alpha after every value is merged into
  one "present" value: agreement on what is marked at all versus the gaps. Filter the units by
  code first for a per-code figure.
- `cu_alpha` (cu-alpha): coding given unitizing. Only where a unit of one coder meets a unit of
  another: l*_ck is l_ck for valued c, k. Unit g's share of it is x_g = sum_{j != i} |g & V_j|
  / (m - 1) (V_j: coder j's valued stretches); e*_ck = (l*_c l*_k - [c = k] sum_{g valued c}
  x_g^2) / (l* - sum_g x_g^2 / l*); cu-alpha = 1 - (l* - sum_c l*_cc) / sum_{c != k} e*_ck.
  With one value it is undefined. Cu-alpha is cu_alpha with each unit's value replaced by its
  semantic domain (cluster). The x_g reading of the chance term (mean overlap with the other
  coders) is checked on the book's three-observer worked example (Fig. 12.11: u-alpha .510,
  cu-alpha .724), which the other reading in circulation, overlap with the union of the other
  coders' units, misses (.728); for two coders the two readings are the same.

Each function returns (alpha, coverage); alpha is None when undefined. Coverage is the share of
the pooled coder-continuum (m L) the coefficient rests on: for u-alpha and |u-alpha the share
covered by units (the mean over coders of the marked fraction of the text); for cu-alpha the
share where a coder's unit meets another coder's unit (l* / l).
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

Unit = tuple[Hashable, int, int, Hashable]

NO_TEXT = "The continuum is empty."
NO_CODERS = "Fewer than two coders took part, so there is no one to compare."
NOTHING_MARKED = "No coder marked anything, so every coder agrees on a blank text."
ALL_MARKED = "Every coder marked the whole text, so there are no gaps to tell apart."
NO_OVERLAP = "No passage one coder marked overlaps a passage another coder marked."
ONE_VALUE = "Only one value was used where marked passages overlap, so chance agreement is total."


class OverlapError(ValueError):
    """One coder gave overlapping stretches two different values."""

    def __init__(self, coder: Hashable, start: int, end: int, values: tuple) -> None:
        self.coder, self.start, self.end, self.values = coder, start, end, values
        super().__init__(
            f"Coder {coder!r} gave characters {start}-{end} two values ({values[0]!r} and "
            f"{values[1]!r}); values that overlap must be compared separately."
        )


@dataclass(frozen=True, slots=True)
class _Sweep:
    coders: int
    length: int
    observed: np.ndarray  # (V+1) x (V+1) coincidences, index 0 = gap
    unit_self: np.ndarray  # S_c per value (index 0: the gaps, linear)
    overlap_self: np.ndarray  # sum of x_g^2 per value, for cu-alpha


def _is_offset(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _checked_length(length: int) -> int:
    if not _is_offset(length) or length < 0:
        raise ValueError("length must be a whole number, 0 or more.")
    return int(length)


def _checked(unit: Unit, length: int) -> Unit:
    try:
        coder, start, end, value = unit
    except (TypeError, ValueError):
        raise ValueError(f"A unit must be (coder, start, end, value), not {unit!r}.") from None
    if type(start) is not int or type(end) is not int:  # plain ints take the fast path
        if not (_is_offset(start) and _is_offset(end)):
            raise ValueError(f"Unit {unit!r} is not a stretch of [0, {length}).")
        start, end = int(start), int(end)
    if not 0 <= start < end <= length:
        raise ValueError(f"Unit {unit!r} is not a stretch of [0, {length}).")
    return coder, start, end, value


def _merged(coder: Hashable, spans: list[tuple[int, int, int]], names: list) -> np.ndarray:
    """One coder's units as sorted rows (start, end, value id): overlapping units of one value
    merged, overlapping units of different values refused; units that only abut stay apart."""
    rows = np.array(spans, dtype=np.int64).reshape(-1, 3)
    if len(rows) < 2:
        return rows
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    starts, ends, values = rows.T
    reach = np.maximum.accumulate(ends)
    heads = np.flatnonzero(np.concatenate([[True], starts[1:] >= reach[:-1]]))
    head_of = heads[np.searchsorted(heads, np.arange(len(rows)), side="right") - 1]
    clash = np.flatnonzero(values != values[head_of])
    if len(clash):
        j = int(clash[0])
        overlap_end = int(min(ends[j], reach[j - 1]))
        pair = (names[values[head_of[j]]], names[values[j]])
        raise OverlapError(coder, int(starts[j]), overlap_end, pair)
    return np.stack([starts[heads], np.maximum.reduceat(ends, heads), values[heads]], axis=1)


def _sweep(
    units: Iterable[Unit], length: int, coders: Sequence[Hashable] | None, binary: bool
) -> _Sweep:
    """Cut the continuum at every boundary once; tally coincidences and self-pairing terms."""
    length = _checked_length(length)
    by_coder: dict[Hashable, list[tuple[int, int, int]]] = defaultdict(list)
    if coders is not None:
        for coder in coders:
            by_coder[coder] = []
    value_ids: dict[Hashable, int] = {}
    names: list = [None]
    for unit in units:
        coder, start, end, value = _checked(unit, length)
        if coders is not None and coder not in by_coder:
            raise ValueError(f"Unit {unit!r} is by a coder not in coders.")
        key = True if binary else value
        if key not in value_ids:
            value_ids[key] = len(names)
            names.append(key)
        by_coder[coder].append((start, end, value_ids[key]))
    per_coder = [_merged(coder, spans, names) for coder, spans in by_coder.items()]
    return _tally(per_coder, len(names), length)


def _tally(per_coder: list[np.ndarray], size: int, length: int) -> _Sweep:
    """The numpy core of the sweep: per-coder rows (start, end, value id), value 0 = gap."""
    m = len(per_coder)
    empty = np.zeros((size, size))
    if m < 2 or length == 0:
        return _Sweep(m, length, empty, np.zeros(size), np.zeros(size))
    cuts = np.unique(np.concatenate([[0, length]] + [a[:, :2].ravel() for a in per_coder]))
    seg_start, seg_len = cuts[:-1], np.diff(cuts).astype(float)
    values, unit_ids, offset = [], [], 0
    for spans in per_coder:
        index = np.searchsorted(spans[:, 0], seg_start, side="right") - 1
        safe = np.maximum(index, 0)
        covered = (index >= 0) & (spans[safe, 1] > seg_start) if len(spans) else index >= 0
        values.append(np.where(covered, spans[safe, 2], 0) if len(spans) else np.zeros_like(index))
        unit_ids.append(np.where(covered, offset + safe, -1))
        offset += len(spans)
    observed = np.zeros(size * size)
    for i, mine in enumerate(values):
        for j, theirs in enumerate(values):
            if i != j:
                observed += np.bincount(mine * size + theirs, seg_len, size * size)
    observed = observed.reshape(size, size) / (m - 1)
    spans = np.concatenate(per_coder)
    lengths = (spans[:, 1] - spans[:, 0]).astype(float)
    unit_self = np.bincount(spans[:, 2], lengths**2, size)
    unit_self[0] = m * length - lengths.sum()
    marking = sum((v > 0).astype(int) for v in values)
    share = np.zeros(len(spans))
    for mine, ids in zip(values, unit_ids, strict=True):
        valued = mine > 0
        share += np.bincount(
            ids[valued], seg_len[valued] * (marking[valued] - 1) / (m - 1), len(spans)
        )
    overlap_self = np.bincount(spans[:, 2], share**2, size)
    return _Sweep(m, length, observed, unit_self, overlap_self)


def _alpha(observed: np.ndarray, self_pairs: np.ndarray) -> float | None:
    """1 - D_o / D_e for length coincidences with the self-pairing correction (nominal)."""
    total = float(observed.sum())
    if total <= 0:
        return None
    margins = observed.sum(axis=1)
    spread = total**2 - float((margins**2).sum())
    if spread <= 0:
        return None
    denominator = total - float(self_pairs.sum()) / total
    return 1 - (total - float(np.trace(observed))) * denominator / spread


def _marked_share(sweep: _Sweep) -> float:
    total = float(sweep.observed.sum())
    return 1 - float(sweep.observed[0].sum()) / total if total else 0.0


def unitized_alpha(
    units: Iterable[Unit], length: int, *, coders: Sequence[Hashable] | None = None
) -> tuple[float | None, float]:
    """u-alpha: agreement on where units lie and which value each has, gaps included."""
    sweep = _sweep(units, length, coders, binary=False)
    return _alpha(sweep.observed, sweep.unit_self), _marked_share(sweep)


def binary_unitized_alpha(
    units: Iterable[Unit], length: int, *, coders: Sequence[Hashable] | None = None
) -> tuple[float | None, float]:
    """|u-alpha: agreement on what is marked at all (any value) versus the gaps."""
    sweep = _sweep(units, length, coders, binary=True)
    return _alpha(sweep.observed, sweep.unit_self), _marked_share(sweep)


def cu_alpha(
    units: Iterable[Unit], length: int, *, coders: Sequence[Hashable] | None = None
) -> tuple[float | None, float]:
    """cu-alpha: agreement on values where one coder's unit meets another coder's unit."""
    sweep = _sweep(units, length, coders, binary=False)
    total = float(sweep.observed.sum())
    valued = sweep.observed[1:, 1:]
    coverage = float(valued.sum()) / total if total else 0.0
    return _alpha(valued, sweep.overlap_self[1:]), coverage


def from_arrays(
    coder: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    value: np.ndarray,
    *,
    coders: int,
    length: int,
    measure: str,
) -> tuple[float | None, float]:
    """The same alphas for input already in arrays (coder index 0..coders-1, value id 1..V;
    "binary" ignores values), skipping the per-unit Python of the tuple interface; for callers
    that run many codes over one long continuum. Offsets must lie in [0, length)."""
    group = np.zeros(len(np.asarray(start)), dtype=np.int64)
    return from_groups(
        coder, start, end, value, group, coders=[coders], lengths=[length], measure=measure
    )


def from_groups(
    coder: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    value: np.ndarray,
    group: np.ndarray,
    *,
    coders: Sequence[int],
    lengths: Sequence[int],
    measure: str,
) -> tuple[float | None, float]:
    """The alphas over several continua with different coder sets (group g: `coders[g]` coders,
    indices 0..coders[g]-1, offsets in [0, lengths[g])): transcripts that not every chosen
    coder coded still count, among those who coded them. Each group's coincidences are divided
    by its own m_g - 1, as alpha for coding divides each unit's pairs by m_u - 1 when values
    are missing; the margins, self-pairing terms and chance agreement are pooled. With one
    group this is exactly `from_arrays`; groups of one coder are pairable with no one."""
    if measure not in ("u", "binary", "cu"):
        raise ValueError('measure must be "u", "binary" or "cu".')
    start, end = np.asarray(start, dtype=np.int64), np.asarray(end, dtype=np.int64)
    coder, group = np.asarray(coder, dtype=np.int64), np.asarray(group, dtype=np.int64)
    value = (
        np.ones(len(start), dtype=np.int64)
        if measure == "binary"
        else np.asarray(value, dtype=np.int64)
    )
    size = int(value.max()) + 1 if len(value) else 2
    names = list(range(size))
    observed = np.zeros((size, size))
    unit_self, overlap_self = np.zeros(size), np.zeros(size)
    for g, (m, length) in enumerate(zip(coders, lengths, strict=True)):
        mine = group == g
        s, e = start[mine], end[mine]
        if len(s) and not ((s >= 0) & (s < e) & (e <= length)).all():
            raise ValueError(f"Units must be stretches of [0, {length}).")
        c, v = coder[mine], value[mine]
        per_coder = [
            _merged(k, np.stack([s[c == k], e[c == k], v[c == k]], axis=1), names) for k in range(m)
        ]
        sweep = _tally(per_coder, size, _checked_length(length))
        if sweep.coders >= 2:
            observed += sweep.observed
            unit_self += sweep.unit_self
            overlap_self += sweep.overlap_self
    total = float(observed.sum())
    if measure == "cu":
        valued = observed[1:, 1:]
        return _alpha(valued, overlap_self[1:]), float(valued.sum()) / total if total else 0.0
    marked = 1 - float(observed[0].sum()) / total if total else 0.0
    return _alpha(observed, unit_self), marked


def pool(transcripts: Iterable[tuple[Iterable[Unit], int]]) -> tuple[list[Unit], int]:
    """Lay transcripts end to end on one continuum: (units with shifted offsets, total length)."""
    pooled: list[Unit] = []
    total = 0
    for units, length in transcripts:
        length = _checked_length(length)
        for unit in units:
            coder, start, end, value = _checked(unit, length)
            pooled.append((coder, start + total, end + total, value))
        total += length
    return pooled, total


def unitized_undefined_reason(
    units: Iterable[Unit],
    length: int,
    *,
    coders: Sequence[Hashable] | None = None,
    measure: str = "u",
) -> str | None:
    """Why unitized_alpha ("u"), binary_unitized_alpha ("binary") or cu_alpha ("cu") is None."""
    if measure not in ("u", "binary", "cu"):
        raise ValueError('measure must be "u", "binary" or "cu".')
    units = list(units)
    sweep = _sweep(units, length, coders, binary=measure == "binary")
    if sweep.length == 0:
        return NO_TEXT
    if sweep.coders < 2:
        return NO_CODERS
    if measure == "cu":
        valued = sweep.observed[1:, 1:]
        if valued.sum() <= 0:
            return NO_OVERLAP
        return ONE_VALUE if _alpha(valued, sweep.overlap_self[1:]) is None else None
    if _alpha(sweep.observed, sweep.unit_self) is not None:
        return None
    if sweep.observed[0].sum() >= sweep.observed.sum():
        return NOTHING_MARKED
    if sweep.observed[0].sum() <= 0 and (measure == "binary" or sweep.observed.shape[0] <= 2):
        return ALL_MARKED
    return ONE_VALUE
