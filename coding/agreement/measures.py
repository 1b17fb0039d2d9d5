"""Agreement coefficients for reliability data laid out coders x units (rows are coders, columns
units; None or NaN where a coder gave no value). Pure: numpy and the standard library. Every
coefficient returns None, never 0 or 1, when it is undefined; `undefined_reason` says why.

Formulas:
- `krippendorff_alpha`: Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability": the
  coincidence matrix o_ck = sum_u sum_{i != j} [v_iu = c][v_ju = k] / (m_u - 1) over pairable
  units (m_u >= 2 values), n_c its margins, alpha = 1 - (n - 1) sum o_ck d_ck / sum n_c n_k d_ck
  with the nominal, ordinal (marginal sums of o), interval and ratio metrics d_ck.
- `percent_agreement`, `fleiss_kappa` (= `scott_pi`), `gwet_ac1`, `brennan_prediger`: Gwet,
  Handbook of Inter-Rater Reliability (4th ed.), many raters with missing ratings. r_ik raters
  put unit i in category k, r_i = sum_k r_ik. p_a = mean over units with r_i >= 2 of
  sum_k r_ik (r_ik - 1) / (r_i (r_i - 1)); classification probabilities pi_k = mean over units
  with r_i >= 1 of r_ik / r_i; chance p_e = sum pi_k^2 (Fleiss), sum pi_k (1 - pi_k) / (q - 1)
  (AC1), 1 / q (Brennan-Prediger); coefficient (p_a - p_e) / (1 - p_e). With complete data this
  is Fleiss (1971) exactly. Fleiss built his kappa as Scott's pi for many raters, so `scott_pi`
  is the same coefficient (for two raters and complete data it is Scott 1955 exactly).
- `cohen_kappa`: Cohen (1960); weighted (Cohen 1968) with agreement weights 1 - |i - j| / (q - 1)
  (linear) or 1 - (i - j)^2 / (q - 1)^2 (quadratic) over the q observed categories in sorted
  order; pairs with a missing value are dropped.
"""

import math
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

LEVELS = ("nominal", "ordinal", "interval", "ratio")
WEIGHTS = (None, "linear", "quadratic")

NO_CODERS = "Fewer than two coders gave any value, so there is no one to compare."
NO_PAIRS = "No unit was coded by two coders."
ONE_CATEGORY = "Only one category was used, so chance agreement is total."

Data = Sequence[Sequence[Any]] | np.ndarray


def is_missing(value: object) -> bool:
    """None and NaN (Python or numpy floats) mark a missing value."""
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))


def _sorted_categories(values: set) -> list:
    try:
        return sorted(values)
    except TypeError:  # mixed types: any fixed order will do for nominal data
        return sorted(values, key=lambda v: (type(v).__name__, repr(v)))


def coded_matrix(data: Data) -> tuple[np.ndarray, list]:
    """(codes, categories): codes[coder, unit] indexes the sorted categories, -1 where missing."""
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf":
        if data.ndim != 2:
            raise ValueError("Reliability data must be coders x units (two dimensions).")
        values = data.astype(float)
        present = ~np.isnan(values)
        categories, inverse = np.unique(values[present], return_inverse=True)
        codes = np.full(values.shape, -1, dtype=np.int64)
        codes[present] = inverse
        return codes, [c.item() for c in categories]
    rows = [list(row) for row in data]
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("Reliability data must be coders x units: every row the same length.")
    categories = _sorted_categories({v for row in rows for v in row if not is_missing(v)})
    index: dict[Hashable, int] = {c: i for i, c in enumerate(categories)}
    codes = np.array(
        [[-1 if is_missing(v) else index[v] for v in row] for row in rows], dtype=np.int64
    ).reshape(len(rows), width)
    return codes, categories


def unit_counts(codes: np.ndarray, size: int) -> np.ndarray:
    """units x categories: how many coders put each unit in each category."""
    coders, units = codes.shape
    present = codes >= 0
    unit_of = np.broadcast_to(np.arange(units), codes.shape)[present]
    flat = np.bincount(unit_of * size + codes[present], minlength=units * size)
    return flat.reshape(units, size).astype(float)


def _counts(data: Data) -> tuple[np.ndarray, list]:
    codes, categories = coded_matrix(data)
    return unit_counts(codes, len(categories)), categories


def coincidences(counts: np.ndarray) -> np.ndarray:
    """Krippendorff's coincidence matrix from units x categories counts of pairable units."""
    weights = counts / (counts.sum(axis=1) - 1)[:, None]
    return weights.T @ counts - np.diag(weights.sum(axis=0))


def _metric(level: str, categories: list, margins: np.ndarray) -> np.ndarray:
    size = len(categories)
    if level == "nominal":
        return 1.0 - np.eye(size)
    try:
        values = np.array(categories, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"The {level} level needs numeric values.") from None
    if level == "interval":
        return (values[:, None] - values[None, :]) ** 2
    if level == "ratio":
        sums = values[:, None] + values[None, :]
        diffs = values[:, None] - values[None, :]
        ratio = np.divide(diffs, sums, out=np.zeros_like(diffs), where=sums != 0)
        return ratio**2
    # ordinal: (sum of n_g from c to k) - (n_c + n_k) / 2, categories in sorted order.
    cumulative = np.cumsum(margins)
    low = np.minimum.outer(np.arange(size), np.arange(size))
    high = np.maximum.outer(np.arange(size), np.arange(size))
    between = cumulative[high] - cumulative[low] + margins[low]
    return (between - (margins[:, None] + margins[None, :]) / 2) ** 2


def krippendorff_alpha(data: Data, level: str = "nominal") -> float | None:
    """Krippendorff's alpha for coders x units data at the given level of measurement."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}.")
    counts, categories = _counts(data)
    pairable = counts[counts.sum(axis=1) >= 2]
    if not len(pairable):
        return None
    observed = coincidences(pairable)
    margins = observed.sum(axis=1)
    delta = _metric(level, categories, margins)
    expected = float((np.outer(margins, margins) * delta).sum())
    if expected <= 0:
        return None
    return float(1 - (margins.sum() - 1) * float((observed * delta).sum()) / expected)


def _gwet_parts(data: Data) -> tuple[float, np.ndarray] | None:
    """(p_a, pi_k) of Gwet's formulas, or None when no unit has two ratings."""
    counts, _ = _counts(data)
    raters = counts.sum(axis=1)
    counts, raters = counts[raters >= 1], raters[raters >= 1]
    multi = raters >= 2
    if not multi.any():
        return None
    agree = (counts[multi] * (counts[multi] - 1)).sum(axis=1) / (
        raters[multi] * (raters[multi] - 1)
    )
    classification = (counts / raters[:, None]).mean(axis=0)
    used = classification[classification > 0]
    return float(agree.mean()), used


def _chance_corrected(agreement: float, chance: float) -> float:
    return (agreement - chance) / (1 - chance)


def percent_agreement(data: Data) -> float | None:
    """Share of agreeing rater pairs per unit, averaged over units rated by two or more raters."""
    parts = _gwet_parts(data)
    return None if parts is None else parts[0]


def fleiss_kappa(data: Data) -> float | None:
    """Fleiss' kappa (Gwet's form for missing ratings; Fleiss 1971 for complete data)."""
    parts = _gwet_parts(data)
    if parts is None or len(parts[1]) < 2:
        return None
    agreement, pi = parts
    return float(_chance_corrected(agreement, float((pi**2).sum())))


def scott_pi(data: Data) -> float | None:
    """Scott's pi; for more than two raters this is Fleiss' kappa, which generalises it."""
    return fleiss_kappa(data)


def gwet_ac1(data: Data) -> float | None:
    """Gwet's AC1: chance agreement sum pi_k (1 - pi_k) / (q - 1)."""
    parts = _gwet_parts(data)
    if parts is None or len(parts[1]) < 2:
        return None
    agreement, pi = parts
    chance = float((pi * (1 - pi)).sum()) / (len(pi) - 1)
    return float(_chance_corrected(agreement, chance))


def brennan_prediger(data: Data, q: int | None = None) -> float | None:
    """Brennan and Prediger's coefficient: chance agreement 1/q (q: categories, default used)."""
    parts = _gwet_parts(data)
    if parts is None:
        return None
    agreement, pi = parts
    if q is not None and q < len(pi):
        raise ValueError(f"q ({q}) is smaller than the {len(pi)} categories used.")
    q = len(pi) if q is None else q
    if q < 2:
        return None
    return float(_chance_corrected(agreement, 1 / q))


def cohen_kappa(a: Sequence[Any], b: Sequence[Any], weights: str | None = None) -> float | None:
    """Cohen's kappa for two coders' values of the same units; weighted when asked."""
    if weights not in WEIGHTS:
        raise ValueError('weights must be None, "linear" or "quadratic".')
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError("Both coders need a value (or None) for every unit.")
    codes, categories = coded_matrix(
        [[x for x, y in zip(a, b, strict=True) if not (is_missing(x) or is_missing(y))]]
        + [[y for x, y in zip(a, b, strict=True) if not (is_missing(x) or is_missing(y))]]
    )
    size = len(categories)
    if codes.shape[1] == 0 or size < 2:
        return None
    table = np.zeros((size, size))
    np.add.at(table, (codes[0], codes[1]), 1)
    table /= table.sum()
    distance = np.abs(np.subtract.outer(np.arange(size), np.arange(size))) / (size - 1)
    agree = {None: np.eye(size), "linear": 1 - distance, "quadratic": 1 - distance**2}[weights]
    observed = float((agree * table).sum())
    chance = float((agree * np.outer(table.sum(axis=1), table.sum(axis=0))).sum())
    if chance >= 1:
        return None
    return _chance_corrected(observed, chance)


def undefined_reason(data: Data) -> str | None:
    """Why Krippendorff's alpha (and the kappa family with it) is undefined here; None if it is not.

    The kappa family can differ at the edge: a category seen only in units that one coder rated
    enters their chance term but not alpha's."""
    codes, categories = coded_matrix(data)
    if int((codes >= 0).any(axis=1).sum()) < 2:
        return NO_CODERS
    counts = unit_counts(codes, len(categories))
    pairable = counts[counts.sum(axis=1) >= 2]
    if not len(pairable):
        return NO_PAIRS
    if int((pairable.sum(axis=0) > 0).sum()) < 2:
        return ONE_CATEGORY
    return None
