"""Sentence-level precision, recall and F1 for suggestions, and transcript folds. Pure numpy.

Gold and predicted labels are boolean matrices (sentences x labels). Micro averages pool the
counts of every label; macro averages the per-label scores over labels that have gold
positives or predictions (a label nobody used and nothing predicted says nothing)."""

import random
from collections.abc import Sequence

import numpy as np


def _ratio(num: np.ndarray | float, den: np.ndarray | float) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros_like(num, dtype=float), where=den > 0)


def counts(gold: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """Per label (tp, fp, fn) as an (labels x 3) integer array."""
    gold = np.asarray(gold, dtype=bool)
    predicted = np.asarray(predicted, dtype=bool)
    tp = (gold & predicted).sum(axis=0)
    fp = (~gold & predicted).sum(axis=0)
    fn = (gold & ~predicted).sum(axis=0)
    return np.stack([tp, fp, fn], axis=1).astype(np.int64)


def scores(tally: np.ndarray, labels: Sequence[str]) -> dict:
    """Table from per-label (tp, fp, fn): rows per label, then micro and macro averages."""
    tally = np.asarray(tally, dtype=np.int64).reshape(-1, 3)
    tp, fp, fn = tally[:, 0], tally[:, 1], tally[:, 2]
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = _ratio(2 * precision * recall, precision + recall)
    rows = [
        {
            "label": label,
            "tp": int(tp[i]),
            "fp": int(fp[i]),
            "fn": int(fn[i]),
            "support": int(tp[i] + fn[i]),
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
        }
        for i, label in enumerate(labels)
    ]
    used = (tp + fp + fn) > 0
    micro_p = float(_ratio(tp.sum(), tp.sum() + fp.sum()))
    micro_r = float(_ratio(tp.sum(), tp.sum() + fn.sum()))
    micro_f = float(_ratio(2 * micro_p * micro_r, micro_p + micro_r))
    macro = [float(v[used].mean()) if used.any() else 0.0 for v in (precision, recall, f1)]
    return {
        "rows": rows,
        "micro": {"precision": micro_p, "recall": micro_r, "f1": micro_f},
        "macro": dict(zip(("precision", "recall", "f1"), macro, strict=True)),
        "labels_used": int(used.sum()),
    }


def folds(keys: Sequence[int], k: int, seed: int = 0) -> list[list[int]]:
    """Split keys (transcript ids) into at most k folds of near-equal size, shuffled with a
    fixed seed: cross-validation is by transcript, never by sentence."""
    keys = sorted(keys)
    random.Random(seed).shuffle(keys)
    k = max(1, min(k, len(keys)))
    return [keys[i::k] for i in range(k) if keys[i::k]]
