"""Training on a weighted sample past MAX_SENTENCES (sample.py), the weighted cut, and the
cross-validated check a trained model carries (pure)."""

import numpy as np

from coding.suggestions import context, sample, table
from tests.coding.suggestions.test_context import corpus, gold_for


def labels_for(n: int) -> np.ndarray:
    """n rows x 2 labels: the first carried by every 10th row, the second by rows 0 and 1."""
    y = np.zeros((n, 2), dtype=bool)
    y[::10, 0] = True
    y[:2, 1] = True
    return y


def test_up_to_the_cap_every_row_is_kept():
    assert sample.poisson(labels_for(100), 100, seed=0) is None


def test_a_rare_labels_positives_are_all_kept_and_the_rest_evenly():
    y = labels_for(10_000)
    index, weight = sample.poisson(y, 1_000, seed=0)
    # 250 expected positives per label (half of 1,000 over 2 labels): the second label's 2
    # are certain (weight 1); the first label's 1,000 at 1/4 each; the rest at the base rate.
    assert {0, 1} <= set(index.tolist())
    assert weight[index < 2].tolist() == [1.0, 1.0]
    first = y[index, 0] & ~y[index, 1]
    np.testing.assert_allclose(weight[first], 4.0)
    # base: (1,000 - 2 - 999 * 1/4) / the 8,999 rows with neither label
    base = (1_000 - 2 - 999 / 4) / 8_999
    np.testing.assert_allclose(weight[~y[index].any(axis=1)], 1 / base, rtol=1e-9)
    # About the cap, in order, and the same for the same seed.
    assert 900 < len(index) < 1_100 and np.all(np.diff(index) > 0)
    again, _ = sample.poisson(y, 1_000, seed=0)
    assert np.array_equal(index, again)
    # Weighted counts estimate the whole: 1,000 first-label rows, 10,000 rows.
    assert abs(weight[y[index, 0]].sum() - 1_000) < 150
    assert abs(weight.sum() - 10_000) < 1_000


def test_weights_move_the_cut_as_the_rows_they_stand_for_would():
    gold = np.array([True, True, False, True])
    raw = np.array([0.9, 0.8, 0.7, 0.6])
    # Unweighted, every cut up to 0.55 keeps all 4 rows, 3 right: P 0.75, F1 6/7, the best;
    # the lowest of those wins.
    assert context.choose_cut(gold, raw) == 0.05
    # The wrong row stands for 5: up to 0.65 precision is at most 3/8; 0.75 keeps the two
    # right rows (F1 4/5).
    weight = np.array([1.0, 1.0, 5.0, 1.0])
    assert context.choose_cut(gold, raw, weight) == 0.75


def test_past_the_cap_the_model_trains_on_a_sample_and_still_finds_the_labels(monkeypatch):
    docs = corpus()
    monkeypatch.setattr(sample, "MAX_SENTENCES", 12)
    rows, y, weights = table.sampled(docs[:3], gold_for(docs), 0, None)
    # 18 sentences, 6 labelled (all kept: 3 expected per label > 3 positives each).
    kept = sum(len(r.texts) for r in rows)
    assert 6 <= kept < 18 and sum(int(g.sum()) for g in y) == 6
    np.testing.assert_allclose(np.concatenate(weights).mean(), 1.0)
    model = context.train(docs[:3], ["room", "ending"], gold_for(docs))
    scores = model.scores(docs[3])
    assert scores[:, 0].argmax() == 1 and scores[:, 1].argmax() == 4


def test_the_trained_model_carries_its_cross_validated_score():
    docs = corpus()
    model = context.train(docs, ["room", "ending"], gold_for(docs), threshold=0.5)
    checked = model.checked
    # 4 transcripts in 3 folds, 24 sentences; gold: 4 room and 4 ending sentences.
    assert (checked["test_transcripts"], checked["folds"], checked["test_sentences"]) == (4, 3, 24)
    assert [r["support"] for r in checked["rows"]] == [4, 4]
    tally = [(r["tp"], r["fp"], r["fn"]) for r in checked["rows"]]
    assert all(tp + fn == 4 for tp, _, fn in tally)
    # Without a threshold, or with fewer than 3 transcripts, there is none.
    assert context.train(docs, ["room", "ending"], gold_for(docs)).checked is None
    assert (
        context.train(docs[:2], ["room", "ending"], gold_for(docs), threshold=0.5).checked is None
    )
