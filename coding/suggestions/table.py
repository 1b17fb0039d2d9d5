"""The rows the context classifier trains on: which sentences (sample.py past
sample.MAX_SENTENCES), with what weights, and their features per fold, counted once
(tfidf.py). Pure (numpy, scipy, scikit-learn)."""

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from coding.suggestions import sample, tfidf
from coding.suggestions.recommenders import Text
from coding.suggestions.rows import Embed, Rows, rows_of

QUESTION_WEIGHT = 1.0
VECTOR_WEIGHT = 1.0  # word vectors (vectors.py), when the pipeline has them


def vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
    asked = TfidfVectorizer(ngram_range=(1, 1), sublinear_tf=True, min_df=2, dtype=np.float32)
    return words, asked


def stacked(words, asked, where: np.ndarray, vectors: np.ndarray | None):
    """The classifier's features: the sentence's TF-IDF, the question's (when a question
    vocabulary was kept), where the sentence stands and its word vectors (when read)."""
    blocks = [words]
    if asked is not None:
        blocks.append(asked * QUESTION_WEIGHT)
    blocks.append(sparse.csr_matrix(where))
    if vectors is not None:
        blocks.append(sparse.csr_matrix(vectors * VECTOR_WEIGHT))
    return sparse.hstack(blocks).tocsr()


class Table:
    """The training rows and the exemplars, counted once (tfidf.py): each fold's features are
    those a ContextModel with vectorizers fit on the fold's rows would compute."""

    def __init__(self, rows: Rows, exemplars: Rows, embedding: dict) -> None:
        n, e = len(rows.texts), len(exemplars.texts)
        self.exemplars = np.arange(n, n + e)
        # Counted as the stored model's vectorizers tokenise, and kept as they would keep.
        self.made = vectorizers()
        self.word_counter, self.question_counter = map(tfidf.counter, self.made)
        self.words = tfidf.counted(self.word_counter, rows.texts + exemplars.texts)
        if self.words is None:
            raise ValueError("No words to learn from.")
        self.questions = tfidf.counted(self.question_counter, rows.questions + [""] * e)
        self.where = np.vstack([rows.where, exemplars.where])
        self.vectors = None
        if embedding:
            width = embedding["width"]
            self.vectors = np.vstack(
                [
                    r.vectors if r.vectors is not None else np.zeros((len(r.texts), width))
                    for r in (rows, exemplars)
                ]
            )

    def fold(self, rows: np.ndarray) -> tuple:
        """(word terms, question terms or None) as the vectorizers fit on `rows` would keep
        them: words of the rows and the exemplars; questions asked in at least 2 rows."""
        made_words, made_asked = self.made
        rows_and_exemplars = np.concatenate([rows, self.exemplars])
        words = tfidf.terms(self.words[rows_and_exemplars], min_df=made_words.min_df)
        if words is None:
            raise ValueError("No words to learn from.")
        asked = None
        if self.questions is not None:
            asked = tfidf.terms(self.questions[rows], min_df=made_asked.min_df)
        return words, asked

    def features(self, fold: tuple, rows: np.ndarray):
        words, asked = fold
        return stacked(
            words.transform(self.words[rows]),
            asked.transform(self.questions[rows]) if asked is not None else None,
            self.where[rows],
            self.vectors[rows] if self.vectors is not None else None,
        )

    def vectorizers(self, fold: tuple) -> tuple[TfidfVectorizer, TfidfVectorizer | None]:
        """The fold's vectorizers, as stored with the model."""
        words, asked = fold
        made_words, made_asked = vectorizers()
        out_words = words.vectorizer(self.word_counter, made_words)
        out_asked = asked.vectorizer(self.question_counter, made_asked) if asked else None
        return out_words, out_asked


def sampled(
    docs: Sequence[Text],
    gold: dict[int, np.ndarray],
    seed: int,
    embed: Embed | None,
    client_only: bool = False,
):
    """Each transcript's rows and gold, and the rows' weights: all rows (weights None) up to
    sample.MAX_SENTENCES, else a weighted sample of them (sample.py); transcripts left with no row
    are dropped. Word vectors are read for the kept rows only."""
    per_doc = [rows_of(d) for d in docs]
    y = [gold[d.id] for d in docs]
    if client_only:
        own = [np.asarray(d.client_sentences(), dtype=np.int64) for d in docs]
        per_doc = [r.take(i) for r, i in zip(per_doc, own, strict=True)]
        y = [g[i] for g, i in zip(y, own, strict=True)]
    total = sum(len(r.texts) for r in per_doc)
    picked = sample.poisson(np.concatenate(y), sample.MAX_SENTENCES, seed) if total else None
    if picked is None:
        return [r.take(np.arange(len(r.texts)), embed) for r in per_doc], y, None
    index, weight = picked
    # Scaled to mean 1: the fit's loss then weighs as many rows as it has, not the study's
    # whole count (which would weaken the regularisation, and took liblinear 3x as long).
    weight = weight / weight.mean()
    first = np.cumsum([0] + [len(r.texts) for r in per_doc])
    kept_rows, kept_y, kept_w = [], [], []
    for i, rows in enumerate(per_doc):
        lo, hi = np.searchsorted(index, [first[i], first[i + 1]])
        if hi > lo:
            local = index[lo:hi] - first[i]
            kept_rows.append(rows.take(local, embed))
            kept_y.append(y[i][local])
            kept_w.append(weight[lo:hi])
    return kept_rows, kept_y, kept_w
