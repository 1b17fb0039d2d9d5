"""A fold's TF-IDF from counts made once equals scikit-learn's vectorizer fit on the fold."""

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from coding.suggestions import tfidf

TEXTS = [
    "The room was calm.",
    "The room was calm and the room was quiet.",
    "She ended it abruptly.",
    "The ending felt abrupt.",
    "Quiet rooms help.",
    "Nothing else.",
]


def test_a_folds_features_are_the_vectorizers_fit_on_its_rows():
    counter = tfidf.counter(TfidfVectorizer(ngram_range=(1, 2)))
    counts = tfidf.counted(counter, TEXTS)
    fold = np.array([0, 1, 3])
    terms = tfidf.terms(counts[fold])
    made = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit([TEXTS[i] for i in fold])
    # The same vocabulary in the same order (words the fold never saw are dropped) ...
    assert list(counter.get_feature_names_out()[terms.columns]) == list(
        made.get_feature_names_out()
    )
    np.testing.assert_allclose(terms.idf, made.idf_)
    # ... so every text, the fold's and the others', gets the same features.
    np.testing.assert_allclose(
        terms.transform(counts).toarray(), made.transform(TEXTS).toarray(), rtol=1e-6, atol=1e-7
    )
    rebuilt = terms.vectorizer(counter, TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True))
    np.testing.assert_allclose(rebuilt.transform(TEXTS).toarray(), made.transform(TEXTS).toarray())


def test_min_df_and_nothing_to_count():
    counter = tfidf.counter(TfidfVectorizer())
    counts = tfidf.counted(counter, ["how was it", "how did it end", "", "why"])
    terms = tfidf.terms(counts[:3], min_df=2)
    made = TfidfVectorizer(min_df=2, sublinear_tf=True).fit(["how was it", "how did it end", ""])
    assert list(counter.get_feature_names_out()[terms.columns]) == ["how", "it"]
    np.testing.assert_allclose(terms.idf, made.idf_)
    assert tfidf.terms(counts[2:], min_df=2) is None
    assert tfidf.counted(tfidf.counter(TfidfVectorizer()), ["", " "]) is None
