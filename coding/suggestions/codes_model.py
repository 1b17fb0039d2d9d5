"""The codes classifier as training and the evaluation fit it (training's cross-validated
check comes with the fit): the context model (context.py) on the coded transcripts'
sentences, with the codebook's texts of the labels it learns as exemplars. No database work:
plain data (and a Gold) in, a model out."""

from collections.abc import Mapping, Sequence

from coding.suggestions import clusters, context, vectors
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
    threshold: float | None = None,
    *,
    client_only: bool = False,
) -> context.ContextModel:
    """Trained on the transcripts of `docs` the source coded, for `labels` only (codes, and
    clusters when `gold` has them: `cluster_of` maps code labels to cluster labels); with word
    vectors when `embedding` (vectors.spec_for) names a pipeline that has them. With the
    study's `threshold` the model's `checked` is its cross-validated score (context.train).
    The moments classifier is the same model on clients' sentences (`client_only`)."""
    docs = [d for d in docs if d.id in gold.rated]
    column = [gold.names.index(lab) for lab in labels]
    labels_of = {d.id: gold.labels[d.id][:, column] for d in docs}
    kept = [(text, c & set(labels)) for text, c in examples if c & set(labels)]
    spec = embedding or {}
    return context.train(
        docs,
        labels,
        labels_of,
        kept,
        seed=SEED,
        embedding=spec,
        embed=vectors.embedder(spec),
        parents=clusters.parents_of(labels, cluster_of or {}),
        threshold=threshold,
        client_only=client_only,
    )


def checked(model: context.ContextModel) -> dict:
    """The evaluation stored with a trained model: its cross-validated score, or why none."""
    if model.checked is None:
        return {"note": "Too few coded transcripts to hold any out (3 needed)."}
    return model.checked
