"""Which sentences a classifier trains on when a study has coded more than it needs.

A study of 100 coded interviews has about 100,000 sentences; fitting the codes classifier on
all of them (four fits of every label, with its calibration and held-out check) took over 15
minutes on two cores. Past `cap` sentences each one is kept with a probability of its own
(Poisson sampling): the positives of a label few sentences carry are all or mostly kept, the
rest of the budget is spread evenly, and every kept sentence carries the weight 1 / its
probability, so weighted counts (a label's precision at a cut, the fit's loss) estimate those
of the whole study. Pure numpy."""

import numpy as np

# Past this many coded sentences a classifier trains on a sample. On the 100-interview bench
# study (95,000 sentences, 46 labels) training on all of them took over 15 minutes.
MAX_SENTENCES = 5_000
# Half of the budget goes to each label's positives; the other half to every sentence alike.
POSITIVE_SHARE = 0.5


def poisson(y: np.ndarray, cap: int, seed: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(kept row indices in order, their weights) for sentences x labels `y`; None when
    there are at most `cap` rows (all are kept, each weighs 1). About `cap` rows are kept."""
    n = len(y)
    if n <= cap:
        return None
    y = y.reshape(n, -1).astype(bool)
    counts = y.sum(axis=0)
    share = POSITIVE_SHARE * cap / max(y.shape[1], 1)
    rate = np.minimum(1.0, share / np.maximum(counts, 1))  # per label
    # A row is as likely as its rarest label's positives are (0 for a row with no label).
    wanted = np.where(y, rate, 0.0).max(axis=1) if y.shape[1] else np.zeros(n)
    base = _base_rate(wanted, cap)
    p = np.maximum(wanted, base)
    keep = np.random.default_rng(seed).random(n) < p
    index = np.flatnonzero(keep)
    return index, 1.0 / p[index]


def _base_rate(wanted: np.ndarray, cap: int) -> float:
    """The least rate every row gets so that the expected number kept is `cap`
    (sum of max(wanted, base) grows with base: bisection)."""
    if wanted.sum() >= cap:
        return 0.0
    low, high = 0.0, 1.0
    for _ in range(40):
        mid = (low + high) / 2
        if np.maximum(wanted, mid).sum() < cap:
            low = mid
        else:
            high = mid
    return high
