"""TF-IDF features for the context classifier's folds, from token counts made once.

Training fits the classifier four times (three inner folds to calibrate the cuts, then all
rows), each with its own vocabulary, as a new transcript meets the final model's: words a fold
never saw are dropped, not counted in a sentence's norm. Tokenising every sentence again for
each fit was half of training on the 100-interview bench study. Here the sentences and
questions are counted once; a fold's features are those counts restricted to the terms its
rows use, with its own IDF, exactly as scikit-learn's TfidfVectorizer fit on those rows
computes them (smooth IDF, sublinear TF, L2 norm). Pure (numpy, scipy, scikit-learn)."""

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize


@dataclass
class Terms:
    """One vectorizer as a fold fit it: the counted columns it keeps and their IDF."""

    columns: np.ndarray
    idf: np.ndarray

    def transform(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        x = counts[:, self.columns].astype(np.float64)
        np.log(x.data, out=x.data)
        x.data += 1.0
        return normalize(x @ sparse.diags(self.idf), norm="l2").astype(np.float32).tocsr()

    def vectorizer(self, counter: CountVectorizer, made: TfidfVectorizer) -> TfidfVectorizer:
        """`made` (a TfidfVectorizer with the same settings) as if fit on the fold's rows."""
        names = counter.get_feature_names_out()[self.columns]
        restore(made, {term: i for i, term in enumerate(names)}, self.idf)
        return made


def restore(vectorizer: TfidfVectorizer, vocab: dict[str, int], idf: np.ndarray) -> None:
    """A TfidfVectorizer set to a known vocabulary and IDF, as fitting would leave it."""
    vectorizer.vocabulary = vocab
    vectorizer._validate_vocabulary()
    vectorizer.idf_ = idf


def terms(counts: sparse.csr_matrix, min_df: int = 1) -> Terms | None:
    """The terms rows `counts` use in at least `min_df` of them, with their smooth IDF;
    None when there are none (TfidfVectorizer would refuse to fit)."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    columns = np.flatnonzero(df >= min_df)
    if not len(columns):
        return None
    n = counts.shape[0]
    return Terms(columns, np.log((1 + n) / (1 + df[columns])) + 1)


def counter(like: TfidfVectorizer) -> CountVectorizer:
    """A counter that tokenises as `like` does (the same n-grams)."""
    return CountVectorizer(ngram_range=like.ngram_range)


def counted(vectorizer: CountVectorizer, texts: list[str]) -> sparse.csr_matrix | None:
    """Each text's term counts (one row each, duplicates summed); None when no text has a
    term."""
    try:
        found = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # empty vocabulary
        return None
    found.sum_duplicates()
    return found
