"""The context classifier: one logistic regression per label over TF-IDF features of the
sentence (words and word pairs), of the interviewer's preceding question, and of where the
sentence is (a client's turn or not, position in the interview); the codebook's definitions,
inclusion notes, examples and keywords join the training data as exemplars. Pure (numpy,
scipy, scikit-learn); no Django.

Why this and not spaCy's bag of words alone: on the demo study (8 interviews) the question
asked is the strongest cue to what a passage is about, and a linear model that sees it doubles
the cluster-level F1 of the sentence alone (figures in the evaluation's closing note).

Each label's raw probability is mapped so that 0.5 falls on a threshold calibrated by
cross-validation over the training transcripts: the lowest at which that label's precision
reached TARGET_PRECISION; a label that never reached it stays below 0.5 everywhere."""

import io
import json
import os
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from coding.suggestions import clusters, metrics, table, tfidf
from coding.suggestions.calibration import calibrated, choose_cut  # noqa: F401 (context.*)
from coding.suggestions.recommenders import Proposal, Text
from coding.suggestions.rows import Embed, Rows, _join, _vectors, rows_of

KIND = "context-lr-1"
C = 16.0  # weak regularisation: 4 and 64 scored a little lower on the demo, 1 lower still
EXEMPLAR_WEIGHT = 1.0
INNER_FOLDS = 3
# Calibrated scores below this are not stored: far below every code's own threshold, and a
# long transcript has thousands of them (storing them cost more than finding them).
CONTEXT_FLOOR = 0.35
# A cluster is a fallback for where no code of it is sure: stored from its own threshold only.
CLUSTER_FLOOR = 0.5
WORKERS = min(4, os.cpu_count() or 1)


@dataclass
class ContextModel:
    labels: tuple[str, ...]
    words: TfidfVectorizer
    asked: TfidfVectorizer | None
    coef: np.ndarray  # (labels x features)
    intercept: np.ndarray  # (labels,)
    cuts: np.ndarray  # (labels,) calibrated threshold per label
    # code label -> its cluster's label, for the clusters learned too (clusters.py)
    parents: dict[str, str] = field(default_factory=dict)
    embedding: dict = field(default_factory=dict)  # vectors.spec_for: the vectors read
    embed: Embed | None = None  # and how to read them (vectors.embedder), not stored
    checked: dict | None = None  # train's cross-validated score, not stored

    def features(self, rows: Rows):
        vectors = None
        if self.embedding:
            width = self.embedding["width"]
            vectors = (
                rows.vectors if rows.vectors is not None else np.zeros((len(rows.texts), width))
            )
        return table.stacked(
            self.words.transform(rows.texts),
            self.asked.transform(rows.questions) if self.asked is not None else None,
            rows.where,
            vectors,
        )

    def raw(self, rows: Rows) -> np.ndarray:
        if not rows.texts:
            return np.zeros((0, len(self.labels)))
        z = self.features(rows) @ self.coef.T + self.intercept
        return 1 / (1 + np.exp(-np.asarray(z)))

    def scores(self, doc: Text, only: np.ndarray | None = None) -> np.ndarray:
        """Calibrated scores (sentences x labels, or the sentences `only` names): 0.5 is each
        label's own threshold; a cluster scores 0 where one of its codes reaches it."""
        # With `only`, word vectors are read for those sentences alone.
        rows = rows_of(doc, self.embed) if only is None else rows_of(doc).take(only, self.embed)
        found = calibrated(self.raw(rows), self.cuts)
        return clusters.suppress_known(found, self.labels, self.parents)

    def to_bytes(self) -> tuple[str, bytes]:
        """(config, weights) to store: vocabularies as JSON, arrays as numpy's npz."""
        config = {
            "kind": KIND,
            "labels": list(self.labels),
            "words": _vocab(self.words),
            "asked": _vocab(self.asked) if self.asked is not None else None,
            "parents": self.parents,
            "vectors": self.embedding,
        }
        buffer = io.BytesIO()
        arrays = {"coef": self.coef, "intercept": self.intercept, "cuts": self.cuts}
        arrays["idf_words"] = self.words.idf_
        if self.asked is not None:
            arrays["idf_asked"] = self.asked.idf_
        np.savez_compressed(buffer, **arrays)
        return json.dumps(config), buffer.getvalue()

    @classmethod
    def from_bytes(cls, config: str, weights: bytes) -> "ContextModel":
        spec = json.loads(config)
        arrays = np.load(io.BytesIO(weights), allow_pickle=False)
        words, asked = table.vectorizers()
        tfidf.restore(words, spec["words"], arrays["idf_words"])
        if spec["asked"] is not None:
            tfidf.restore(asked, spec["asked"], arrays["idf_asked"])
        else:
            asked = None
        return cls(
            tuple(spec["labels"]),
            words,
            asked,
            arrays["coef"],
            arrays["intercept"],
            arrays["cuts"],
            spec.get("parents", {}),
            spec.get("vectors", {}),
        )


def is_context(config: str) -> bool:
    return config.startswith("{") and json.loads(config).get("kind") == KIND


def _vocab(vectorizer: TfidfVectorizer) -> dict[str, int]:
    return {term: int(i) for term, i in vectorizer.vocabulary_.items()}


def _fit_label(x, column: np.ndarray, weight=None) -> tuple[np.ndarray, float] | None:
    """One label's logistic regression; None for a label all or none of the rows carry."""
    if not column.any() or column.all():
        return None
    fitted = LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", max_iter=500, random_state=0
    )
    fitted.fit(x, column, sample_weight=weight)
    return fitted.coef_[0], float(fitted.intercept_[0])


def _weights(x, y, ex_x, ex_y, weight=None) -> tuple[np.ndarray, np.ndarray]:
    """(coef, intercept) of one logistic regression per label, exemplars added as rows."""
    target = y
    if ex_x is not None:
        x = sparse.vstack([x, ex_x * EXEMPLAR_WEIGHT]).tocsr()
        target = np.vstack([y, ex_y])
        if weight is not None:
            weight = np.concatenate([weight, np.ones(ex_x.shape[0])])
    coef = np.zeros((target.shape[1], x.shape[1]), dtype=np.float64)
    intercept = np.full(target.shape[1], -10.0)
    # liblinear releases the GIL: the labels' fits share the cores (each is deterministic).
    with warnings.catch_warnings(), ThreadPoolExecutor(max_workers=WORKERS) as pool:
        warnings.simplefilter("ignore", ConvergenceWarning)
        fits = pool.map(lambda j: _fit_label(x, target[:, j], weight), range(target.shape[1]))
        for j, found in enumerate(fits):
            if found is not None:
                coef[j], intercept[j] = found
    return coef, intercept


def train(
    docs: Sequence[Text],
    labels: Sequence[str],
    gold: dict[int, np.ndarray],
    exemplars: Sequence[tuple[str, set[str]]] = (),
    *,
    seed: int = 0,
    embedding: dict | None = None,
    embed: Embed | None = None,
    parents: dict[str, str] | None = None,
    threshold: float | None = None,
    client_only: bool = False,
) -> ContextModel:
    """Fit on the sentences of `docs` (gold[doc.id]: sentences x labels booleans) and the
    exemplar texts; each label's cut is calibrated on out-of-fold scores over transcripts.
    With `embedding` (vectors.spec_for) and its `embed`, word vectors are features too.
    `parents`: code label -> cluster label (clusters.parents_of). With a `threshold` and at
    least 3 transcripts the model's `checked` is its cross-validated score (_checked).
    `client_only`: trained (and checked) on clients' sentences only, as moments are."""
    labels = list(labels)
    embed = embed if embedding else None
    per_doc, y, weights = table.sampled(docs, gold, seed, embed, client_only)
    texts = [t for t, _ in exemplars]
    ex_rows = Rows(texts, [""] * len(texts), np.zeros((len(texts), 3)), _vectors(embed, texts))
    ex_y = np.array([[lab in c for lab in labels] for _, c in exemplars], dtype=bool)
    ex_y = ex_y.reshape(len(exemplars), len(labels))
    # One coded transcript cannot calibrate anything: the raw probability stands.
    cuts = np.full(len(labels), 0.5)
    inner = metrics.folds(list(range(len(per_doc))), INNER_FOLDS, seed)
    every = list(range(len(per_doc)))
    everything = np.concatenate(y) if y else np.zeros((0, len(labels)), dtype=bool)
    first = np.cumsum([0] + [len(r.texts) for r in per_doc])

    def part(docs_in: list[int]) -> np.ndarray:
        return np.concatenate(
            [np.arange(first[i], first[i + 1]) for i in docs_in] or [np.zeros(0)]
        ).astype(np.int64)

    counted = table.Table(_join(per_doc), ex_rows, embedding or {})
    w = None if weights is None else np.concatenate(weights)
    checked = None
    if len(inner) >= 2:
        raw = np.zeros((len(everything), len(labels)))
        for held in inner:
            keep = part([i for i in every if i not in held])
            fold = counted.fold(keep)
            coef, intercept = _weights(
                counted.features(fold, keep),
                everything[keep],
                counted.features(fold, counted.exemplars) if len(counted.exemplars) else None,
                ex_y,
                None if w is None else w[keep],
            )
            out = part(held)
            z = counted.features(fold, out) @ coef.T + intercept
            raw[out] = 1 / (1 + np.exp(-np.asarray(z)))
        cuts = np.array([choose_cut(everything[:, j], raw[:, j], w) for j in range(len(labels))])
        if threshold is not None and len(per_doc) >= 3:
            folds = [part(h) for h in inner]
            found = _checked(everything, raw, w, folds, labels, parents or {}, threshold)
            checked = found | {"test_transcripts": len(per_doc), "folds": len(inner)}
    all_rows = part(every)
    fold = counted.fold(all_rows)
    coef, intercept = _weights(
        counted.features(fold, all_rows),
        everything,
        counted.features(fold, counted.exemplars) if len(counted.exemplars) else None,
        ex_y,
        w,
    )
    words, asked = counted.vectorizers(fold)
    model = ContextModel(tuple(labels), words, asked, coef, intercept, cuts)
    model.embedding = embedding or {}
    model.embed = embed
    model.parents = parents or {}
    model.checked = checked
    return model


def _checked(truth, raw, weight, folds, labels, parents, threshold: float) -> dict:
    """Sentence-level P/R/F1 at `threshold` with every transcript scored by a model that did
    not see it: each fold's out-of-fold raw scores, calibrated by cuts chosen on the other
    folds' (neither its model, its vocabulary nor its cuts saw its codings)."""
    predicted = np.zeros_like(truth, dtype=bool)
    for rows in folds:
        other = np.setdiff1d(np.arange(len(truth)), rows)
        w = None if weight is None else weight[other]
        cuts = np.array([choose_cut(truth[other, j], raw[other, j], w) for j in range(len(labels))])
        found = clusters.suppress_known(calibrated(raw[rows], cuts), labels, parents)
        predicted[rows] = found >= threshold
    table = metrics.scores(metrics.counts(truth, predicted), labels)
    table["test_sentences"] = int(len(truth))
    return table


class ContextClassifier:
    """The context model as a recommender: a proposal per sentence and label scoring at least
    the floor (calibrated scores, so 0.5 is the label's own threshold)."""

    def __init__(
        self,
        model: ContextModel,
        *,
        version: str,
        recommender: str = "model",
        for_user: int | None = None,
        client_only: bool = False,
    ) -> None:
        self.model = model
        self.version = version
        self.recommender = recommender
        self.for_user = for_user
        self.client_only = client_only  # moments: clients' sentences only

    def scores(self, doc: Text) -> tuple[np.ndarray, np.ndarray]:
        if self.client_only:
            rows = np.asarray(doc.client_sentences(), dtype=np.int64)
            return rows, self.model.scores(doc, rows)
        return np.arange(len(doc.sentences)), self.model.scores(doc)

    def propose(self, doc: Text) -> list[Proposal]:
        rows, scores = self.scores(doc)
        floor = np.array(
            [
                CLUSTER_FLOOR if lab.startswith("cluster:") else CONTEXT_FLOOR
                for lab in self.model.labels
            ]
        )
        return [
            Proposal(
                doc.id,
                int(doc.sentences[rows[i], 0]),
                int(doc.sentences[rows[i], 1]),
                self.model.labels[j],
                round(float(scores[i, j]), 4),
                self.recommender,
                self.version,
                for_user=self.for_user,
            )
            for i, j in zip(*np.nonzero(scores >= floor), strict=True)
        ]
