"""The codes classifier as training, the evaluation and the held-out check all fit it: the
context model (context.py) on the coded transcripts' sentences, with the codebook's texts of
the labels it learns as exemplars. No database work: plain data (and a Gold) in, a model out."""

from collections.abc import Mapping, Sequence

import numpy as np

from coding.suggestions import clusters, context, vectors
from coding.suggestions import metrics as suggest_metrics
from coding.suggestions.data import Gold
from coding.suggestions.recommenders import Text

SEED = 0


def fit(
    docs: Sequence[Text],
    gold: Gold,
    labels: list[str],
    examples: Sequence[tuple[str, set]],
    cluster_of: Mapping[str, str] | None = None,
    embedding: dict | None = None,
) -> context.ContextModel:
    """Trained on the transcripts of `docs` the source coded, for `labels` only (codes, and
    clusters when `gold` has them: `cluster_of` maps code labels to cluster labels); with word
    vectors when `embedding` (vectors.spec_for) names a pipeline that has them."""
    docs = [d for d in docs if d.id in gold.rated]
    column = [gold.names.index(lab) for lab in labels]
    labels_of = {d.id: gold.labels[d.id][:, column] for d in docs}
    kept = [(text, c & set(labels)) for text, c in examples if c & set(labels)]
    spec = embedding or {}
    embed = vectors.embedder(spec)
    model = context.train(docs, labels, labels_of, kept, seed=SEED, embedding=spec, embed=embed)
    model.parents = clusters.parents_of(labels, cluster_of or {})
    return model


def holdout(
    docs: Sequence[Text],
    gold: Gold,
    labels: list[str],
    examples: Sequence[tuple[str, set]],
    threshold: float,
    cluster_of: Mapping[str, str] | None = None,
    embedding: dict | None = None,
) -> dict:
    """Fit on ~4/5 of the coded transcripts and score the rest at the study threshold."""
    rated = sorted(d.id for d in docs if d.id in gold.rated)
    if len(rated) < 3:
        return {"note": "Too few coded transcripts to hold any out (3 needed)."}
    test = set(suggest_metrics.folds(rated, 5, SEED)[0])
    train = [d for d in docs if d.id not in test]
    model = fit(train, gold, labels, examples, cluster_of, embedding)
    held = [d for d in docs if d.id in test]
    column = [gold.names.index(lab) for lab in labels]
    truth = np.concatenate([gold.labels[d.id][:, column] for d in held])
    scores = np.concatenate([model.scores(d) for d in held])
    table = suggest_metrics.scores(suggest_metrics.counts(truth, scores >= threshold), labels)
    table["test_transcripts"] = len(test)
    table["test_sentences"] = int(len(truth))
    return table
