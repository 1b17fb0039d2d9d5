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
