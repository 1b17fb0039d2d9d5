"""Project coded spans onto units of analysis (sentences or speaker turns), with numpy.

Rule (one for agreement and for suggestions): a unit carries a code for a coder when that
coder's codings of the code cover at least half of the unit's characters. Several codings of
one code add up; the rule is applied to their union, so merged and split spans count alike."""

import numpy as np


def covered_units(units: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """Indexes of the units (rows [start, end), sorted, non-overlapping) covered at least half
    by the union of `spans` (rows [start, end), any order). Empty input gives an empty array."""
    units = np.asarray(units, dtype=np.int64).reshape(-1, 2)
    spans = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    if not len(units) or not len(spans):
        return np.zeros(0, dtype=np.int64)
    merged = _union(spans)
    starts, ends = units[:, 0], units[:, 1]
    # For every merged span, the run of units it touches: [first, last).
    first = np.searchsorted(ends, merged[:, 0], side="right")
    last = np.searchsorted(starts, merged[:, 1], side="left")
    counts = np.maximum(last - first, 0)
    if not counts.sum():
        return np.zeros(0, dtype=np.int64)
    span_of = np.repeat(np.arange(len(merged)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    unit_of = np.repeat(first, counts) + offsets
    overlap = np.minimum(ends[unit_of], merged[span_of, 1]) - np.maximum(
        starts[unit_of], merged[span_of, 0]
    )
    covered = np.bincount(unit_of, weights=np.maximum(overlap, 0), minlength=len(units))
    return np.flatnonzero(2 * covered >= (ends - starts))


def _union(spans: np.ndarray) -> np.ndarray:
    """Overlapping or touching spans merged, sorted by start."""
    spans = spans[np.lexsort((spans[:, 1], spans[:, 0]))]
    reach = np.maximum.accumulate(spans[:, 1])
    new_run = np.ones(len(spans), dtype=bool)
    new_run[1:] = spans[1:, 0] > reach[:-1]
    run = np.cumsum(new_run) - 1
    out = np.zeros((run[-1] + 1, 2), dtype=np.int64)
    out[:, 0] = spans[new_run, 0]
    np.maximum.at(out[:, 1], run, spans[:, 1])
    return out


def covered_units_grouped(
    units: np.ndarray, spans: np.ndarray, groups: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """covered_units for many groups in one pass. `units` are sorted, non-overlapping rows on
    one continuum (transcripts laid end to end); `spans` rows on the same continuum with a group
    id each (e.g. coder x code). Returns (group, unit) index pairs where the group's spans cover
    at least half of the unit."""
    units = np.asarray(units, dtype=np.int64).reshape(-1, 2)
    spans = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    groups = np.asarray(groups, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    if not len(units) or not len(spans):
        return empty, empty
    order = np.lexsort((spans[:, 1], spans[:, 0], groups))
    spans, groups = spans[order], groups[order]
    # Union within each group: a new run starts at a new group or past the running reach.
    reach = spans[:, 1].copy()
    new_group = np.ones(len(spans), dtype=bool)
    new_group[1:] = groups[1:] != groups[:-1]
    # Running maximum of ends that restarts at every group boundary.
    segment = np.cumsum(new_group) - 1
    offset = segment * (int(spans[:, 1].max()) + 1)
    reach = np.maximum.accumulate(spans[:, 1] + offset) - offset
    new_run = new_group.copy()
    new_run[1:] |= spans[1:, 0] > reach[:-1]
    run = np.cumsum(new_run) - 1
    merged = np.zeros((run[-1] + 1, 2), dtype=np.int64)
    merged[:, 0] = spans[new_run, 0]
    np.maximum.at(merged[:, 1], run, spans[:, 1])
    merged_group = groups[new_run]
    starts, ends = units[:, 0], units[:, 1]
    first = np.searchsorted(ends, merged[:, 0], side="right")
    last = np.searchsorted(starts, merged[:, 1], side="left")
    counts = np.maximum(last - first, 0)
    total = int(counts.sum())
    if not total:
        return empty, empty
    span_of = np.repeat(np.arange(len(merged)), counts)
    unit_of = (
        np.repeat(first, counts) + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    overlap = np.minimum(ends[unit_of], merged[span_of, 1]) - np.maximum(
        starts[unit_of], merged[span_of, 0]
    )
    keys = merged_group[span_of] * len(units) + unit_of
    unique, inverse = np.unique(keys, return_inverse=True)
    covered = np.bincount(inverse, weights=np.maximum(overlap, 0))
    unit_ids = unique % len(units)
    hit = 2 * covered >= (ends[unit_ids] - starts[unit_ids])
    return unique[hit] // len(units), unit_ids[hit]
