"""spaCy's rule-based sentencizer (spacy/pipeline/sentencizer.pyx, Sentencizer.predict) on
token arrays instead of Token objects: the same starts, a fraction of the time.

The rule: a sentence starts at a text's first token and at every token that is neither
punctuation nor a sentence-final character ("." "!" "?" ...) when a sentence-final token came
since the last such start. Equivalently: a "word" token (neither) starts a sentence when a
sentence-final token lies between it and the previous word token of its text. Building a
Python object per token (what the component does) was most of the time of importing a study."""

import numpy as np


def sentence_starts(final: np.ndarray, punct: np.ndarray, lengths: list[int]) -> np.ndarray:
    """Whether each token starts a sentence, for the tokens of several texts one after the
    other (`lengths`: tokens per text), from per-token booleans: `final` (the token's text is
    one of the sentencizer's punct_chars) and `punct` (Token.is_punct)."""
    n = len(final)
    starts = np.zeros(n, dtype=bool)
    if not n:
        return starts
    sizes = np.asarray(lengths, dtype=np.int64)
    firsts = np.concatenate(([0], np.cumsum(sizes)[:-1]))[sizes > 0]
    starts[firsts] = True  # a text's first token
    # finals_before[i]: sentence-final tokens among tokens 0..i-1
    finals_before = np.concatenate(([0], np.cumsum(final)))
    words = np.flatnonzero(~(final | punct))
    # Where to count finals from, for each word: after the previous word, or its text's start.
    text_first = np.repeat(np.concatenate(([0], np.cumsum(sizes)[:-1])), sizes)[words]
    previous = np.maximum(np.concatenate(([0], words[:-1] + 1)), text_first)
    starts[words[finals_before[words] > finals_before[previous]]] = True
    return starts
