"""Sentence-level P/R/F1 and transcript folds: exact, hand-computed values."""

import numpy as np
import pytest

from coding.suggestions.metrics import counts, folds, scores

# Five sentences, three labels. a: tp 2, fp 1, fn 1. b: fn 2. c: never used.
GOLD = np.array(
    [[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0]],
    dtype=bool,
)
PREDICTED = np.array(
    [[1, 0, 0], [1, 0, 0], [0, 0, 0], [1, 0, 0], [0, 0, 0]],
    dtype=bool,
)


def test_counts_per_label():
    tally = counts(GOLD, PREDICTED)
    assert tally.dtype == np.int64
    assert tally.tolist() == [[2, 1, 1], [0, 0, 2], [0, 0, 0]]
    # Integers are accepted as well as booleans.
    assert counts(GOLD.astype(int), PREDICTED.astype(int)).tolist() == tally.tolist()


def test_scores_rows_micro_and_macro():
    table = scores(counts(GOLD, PREDICTED), ["a", "b", "c"])
    a, b, c = table["rows"]
    assert a == {
        "label": "a",
        "tp": 2,
        "fp": 1,
        "fn": 1,
        "support": 3,
        "precision": pytest.approx(2 / 3),
        "recall": pytest.approx(2 / 3),
        "f1": pytest.approx(2 / 3),
    }
    assert (b["support"], b["precision"], b["recall"], b["f1"]) == (2, 0.0, 0.0, 0.0)
    assert (c["support"], c["precision"], c["recall"], c["f1"]) == (0, 0.0, 0.0, 0.0)
    # Micro pools tp 2, fp 1, fn 3: P 2/3, R 2/5, F1 1/2.
    assert table["micro"] == {
        "precision": pytest.approx(2 / 3),
        "recall": pytest.approx(2 / 5),
        "f1": pytest.approx(0.5),
    }
    # Macro over a and b only (c has no gold and no prediction): (2/3 + 0) / 2.
    assert table["labels_used"] == 2
    assert table["macro"] == {
        "precision": pytest.approx(1 / 3),
        "recall": pytest.approx(1 / 3),
        "f1": pytest.approx(1 / 3),
    }
    assert table["micro"]["f1"] != pytest.approx(table["macro"]["f1"])


def test_unused_label_does_not_change_macro():
    with_c = scores([[2, 1, 1], [0, 0, 2], [0, 0, 0]], ["a", "b", "c"])
    without_c = scores([[2, 1, 1], [0, 0, 2]], ["a", "b"])
    assert with_c["macro"] == without_c["macro"]
    assert with_c["micro"] == without_c["micro"]


def test_a_label_with_only_false_positives_counts_in_macro():
    table = scores([[1, 0, 0], [0, 3, 0]], ["a", "d"])
    assert table["labels_used"] == 2
    assert table["rows"][1]["precision"] == 0.0 and table["rows"][1]["support"] == 0
    assert table["macro"]["precision"] == pytest.approx(0.5)
    assert table["macro"]["f1"] == pytest.approx(0.5)
    # Micro: tp 1, fp 3, fn 0 -> P 1/4, R 1, F1 2/5.
    assert table["micro"]["precision"] == pytest.approx(0.25)
    assert table["micro"]["recall"] == pytest.approx(1.0)
    assert table["micro"]["f1"] == pytest.approx(0.4)


def test_micro_and_macro_differ_with_unbalanced_labels():
    # a: 9 of 10 right (P=R=0.9); b: 0 of 1 with one false positive.
    table = scores([[9, 1, 1], [0, 1, 1]], ["a", "b"])
    assert table["micro"]["f1"] == pytest.approx(9 / 11)
    assert table["macro"]["f1"] == pytest.approx(0.45)


def test_zero_division_is_safe():
    table = scores(np.zeros((2, 3), dtype=np.int64), ["a", "b"])
    assert table["labels_used"] == 0
    assert table["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert table["macro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert all(r["f1"] == 0.0 for r in table["rows"])
    # Predictions but no gold at all, and gold but no predictions.
    assert scores([[0, 4, 0]], ["a"])["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert scores([[0, 0, 4]], ["a"])["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    empty = scores(np.zeros((0, 3)), [])
    assert empty["rows"] == [] and empty["macro"]["f1"] == 0.0 and empty["labels_used"] == 0
    assert counts(np.zeros((0, 2), bool), np.zeros((0, 2), bool)).tolist() == [[0, 0, 0]] * 2


KEYS = [14, 3, 8, 21, 5, 9, 30]


def test_folds_are_deterministic_disjoint_and_cover_all_keys():
    split = folds(KEYS, 3, seed=0)
    assert split == folds(KEYS, 3, seed=0)
    assert split == folds(sorted(KEYS, reverse=True), 3, seed=0)  # input order is irrelevant
    assert len(split) == 3
    assert sorted(len(f) for f in split) == [2, 2, 3]
    flat = [k for f in split for k in f]
    assert sorted(flat) == sorted(KEYS) and len(flat) == len(set(flat))
    # The fixed seed pins the exact split; another seed shuffles differently.
    assert split == [[14, 3, 30], [8, 21], [5, 9]]
    assert folds(KEYS, 3, seed=1) != split


def test_folds_with_k_larger_than_keys_and_degenerate_k():
    split = folds([7, 2, 4], 10)
    assert len(split) == 3 and all(len(f) == 1 for f in split)
    assert sorted(f[0] for f in split) == [2, 4, 7]
    assert [sorted(f) for f in folds([7, 2, 4], 0)] == [[2, 4, 7]]
    assert [sorted(f) for f in folds([7, 2, 4], 1)] == [[2, 4, 7]]
    assert folds([], 3) == []
