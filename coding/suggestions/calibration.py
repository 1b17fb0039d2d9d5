"""Per-label thresholds of the codes classifier, calibrated by cross-validation over the
training transcripts: each label's cut is the lowest grid threshold at which its out-of-fold
precision reached TARGET_PRECISION, and scores are mapped so that the cut lands on 0.5 (the
study's default threshold). Pure numpy."""

import numpy as np

TARGET_PRECISION = 0.5
_GRID = np.round(np.arange(0.05, 1.0, 0.05), 2)


def calibrated(raw: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Each column mapped piecewise-linearly so that its cut lands on 0.5 (0 -> 0, 1 -> 1)."""
    cuts = np.clip(cuts, 1e-6, 1.0)
    low = 0.5 * raw / cuts
    high = 0.5 + 0.5 * (raw - cuts) / np.maximum(1 - cuts, 1e-6)
    return np.where(raw < cuts, low, np.minimum(high, 1.0))


def choose_cut(gold: np.ndarray, raw: np.ndarray, weight: np.ndarray | None = None) -> float:
    """The lowest grid threshold at which precision reaches TARGET_PRECISION with at least two
    true positives (the best F1 among those); 1.0 when none does. With `weight` (rows of a
    sample, sample.py) precision and F1 count each row by its weight."""
    gold = np.asarray(gold, dtype=bool)
    w = np.ones(len(gold)) if weight is None else weight
    best, best_f1 = 1.0, -1.0
    for cut in _GRID:
        predicted = raw >= cut
        hits = predicted & gold
        tp = float(w[hits].sum())
        if hits.sum() < 2 or tp < TARGET_PRECISION * w[predicted].sum():
            continue
        f1 = 2 * tp / (w[predicted].sum() + w[gold].sum())
        if f1 > best_f1:
            best, best_f1 = float(cut), f1
    return best
