"""The only place that loads spaCy. Strings in, offset dataclasses out (never Doc objects).

The default pipeline is spacy.blank(lang) + sentencizer: it needs no model download, which is
impossible on our machines. Any installed pipeline can be named instead (QUALCODE_SPACY_MODEL or
a study's setting); pipelines are loaded once per process and cached."""

from __future__ import annotations

import pkgutil
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from transcripts import sentencizer
from transcripts.nlp_child import in_child

# spaCy is imported where it is used, not here: importing it takes over a second and tens of
# MiB, and a web process that only lists and stores codings never needs it.
if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@lru_cache(maxsize=16)
def _blank_strict(lang: str) -> Language:
    # Cached: some languages take seconds to build (French: ~7 s), and checking a language
    # (language_problem) builds the same object the import then uses.
    import spacy

    return spacy.blank(lang)


def _blank(lang: str, *, shared: bool = True) -> Language:
    """Blank `lang` (English when unknown); `shared=False` for a pipeline that gets new pipes."""
    import spacy

    make = _blank_strict if shared else spacy.blank
    try:
        return make(lang)
    except (ImportError, KeyError):  # unknown language code: English rules still split
        return make("en")


@lru_cache(maxsize=1)
def installed_languages() -> tuple[str, ...]:
    """Language codes spaCy ships rules for ("en", "fr", "xx" for many languages)."""
    import spacy.lang

    return tuple(sorted(m.name for m in pkgutil.iter_modules(spacy.lang.__path__) if m.ispkg))


@lru_cache(maxsize=64)
@in_child
def language_problem(lang: str) -> str | None:
    """Why `lang` cannot segment a transcript here, or None. Checked against the installed
    languages before anything is imported, then loaded once (some need extra packages)."""
    if lang not in installed_languages():
        listed = ", ".join(installed_languages())
        return f"“{lang[:20]}” is not a spaCy language installed here; use one of: {listed}."
    try:
        _blank_strict(lang)
    except (ImportError, KeyError, ValueError, OSError) as error:
        reason = " ".join(str(error).split())[:200]
        return f"spaCy's “{lang}” needs something not installed here ({reason})."
    return None


@lru_cache(maxsize=8)
def load_pipeline(name: str = "", lang: str = "en") -> Language:
    """An installed pipeline by name, or blank `lang` + sentencizer when name is empty."""
    import spacy

    nlp = spacy.load(name) if name else _blank(lang)
    if not any(pipe in nlp.pipe_names for pipe in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer")
    return nlp


@in_child
def split_sentences(
    text: str, spans: Sequence[tuple[int, int]], *, pipeline: str = "", lang: str = "en"
) -> list[Sentence]:
    """Sentences of `text` inside each (start, end) span; a sentence never crosses a span."""
    nlp = load_pipeline(pipeline, lang)
    pieces = [text[start:end] for start, end in spans]
    sentences: list[Sentence] = []
    offsets = _sentence_offsets(nlp, pieces)
    for (offset, _), piece, firsts in zip(spans, pieces, offsets, strict=True):
        # A sentence runs to the next one's first character: the whitespace this adds at
        # its end is stripped, as is what the tokenizer attaches at its start.
        for start, end in zip(firsts, [*firsts[1:], len(piece)], strict=True):
            chunk = piece[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            start += len(chunk) - len(chunk.lstrip())
            sentences.append(Sentence(offset + start, offset + start + len(stripped)))
    return sentences


def _sentence_offsets(nlp: Language, pieces: list[str]) -> Iterator[list[int]]:
    """Per piece, the character offsets where its sentences start (0 first), read from token
    arrays: iterating doc.sents builds a Python object per token, and doc.text joins every
    token again on each call (together most of an import's time)."""
    from spacy.attrs import IDX, IS_PUNCT, ORTH, SENT_START

    if nlp.pipe_names == ["sentencizer"]:  # the default: the rule on arrays, same result
        finals = [nlp.vocab.strings.add(c) for c in nlp.get_pipe("sentencizer").punct_chars]
        tables = [
            doc.to_array([IDX, ORTH, IS_PUNCT]).reshape(-1, 3).astype(np.uint64)
            for doc in nlp.tokenizer.pipe(pieces, batch_size=256)
        ]
        if not tables:
            return
        table = np.concatenate(tables)
        lengths = [len(t) for t in tables]
        final = np.isin(table[:, 1], np.array(finals, dtype=np.uint64))
        starts = sentencizer.sentence_starts(final, table[:, 2].astype(bool), lengths)
        at = 0
        for size in lengths:
            piece = table[at : at + size]
            yield piece[starts[at : at + size], 0].tolist()
            at += size
        return
    # Only sentence boundaries are needed: disable everything that is not a sentence setter.
    keep = {"parser", "senter", "sentencizer"}
    disabled = [name for name in nlp.pipe_names if name not in keep]
    for doc in nlp.pipe(pieces, batch_size=256, disable=disabled):
        if not len(doc):
            yield []
            continue
        table = doc.to_array([IDX, SENT_START])
        firsts = table[table[:, 1] == 1, 0].tolist()
        yield firsts if firsts and firsts[0] == 0 else [0, *firsts]


# ---------------------------------------------------------------- span finding (rules, memory)


@dataclass(frozen=True, slots=True)
class Hit:
    """A match of one label's phrase or token pattern: character offsets into the text."""

    label: str
    start: int
    end: int


def has_lemmatizer(pipeline: str = "", lang: str = "en") -> bool:
    return "lemmatizer" in load_pipeline(pipeline, lang).pipe_names


def vector_width(pipeline: str = "", lang: str = "en") -> int:
    """Width of the pipeline's static word vectors; 0 when it has none (blank pipelines)."""
    vectors = load_pipeline(pipeline, lang).vocab.vectors
    return int(vectors.shape[1]) if vectors.shape[0] else 0


def text_vectors(texts: Sequence[str], *, pipeline: str = "", lang: str = "en") -> np.ndarray:
    """Each text as the mean of its tokens' static vectors, scaled to unit length (rows of
    zeros where no token has one): (len(texts), vector_width) float32. Tokenizer only."""
    nlp = load_pipeline(pipeline, lang)
    width = vector_width(pipeline, lang)
    out = np.zeros((len(texts), width), dtype=np.float32)
    if not width:
        return out
    for i, doc in enumerate(nlp.tokenizer.pipe(texts, batch_size=256)):
        rows = [t.vector for t in doc if t.has_vector]
        if rows:
            mean = np.mean(rows, axis=0)
            norm = float(np.linalg.norm(mean))
            out[i] = mean / norm if norm else mean
    return out


def _has_regex(value: object) -> bool:
    if isinstance(value, dict):
        return any(str(k).upper() == "REGEX" or _has_regex(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_regex(v) for v in value)
    return False


@in_child
def pipeline_problem(name: str) -> str | None:
    """Why an installed spaCy pipeline cannot be used, or None (empty: blank English)."""
    if not name:
        return None
    try:
        load_pipeline(name)
    except (OSError, ImportError, ValueError) as error:
        return f"“{name}” is not an installed spaCy pipeline ({type(error).__name__})."
    return None


@in_child
def pattern_problem(pattern: object) -> str | None:
    """Why a spaCy Matcher token pattern (a list of token dicts) is invalid, or None."""
    if (
        not isinstance(pattern, list)
        or not pattern
        or not all(isinstance(t, dict) for t in pattern)
    ):
        return 'a token pattern is a non-empty list of token objects, e.g. [{"LOWER": "safe"}]'
    if _has_regex(pattern):
        # A backtracking regex ("(a+)+$") can hold a worker for hours on one long token.
        return "REGEX is not allowed; use IN, LOWER, LEMMA or FUZZY, which match in bounded time"
    from spacy.matcher import Matcher

    matcher = Matcher(load_pipeline().vocab, validate=True)
    try:
        matcher.add("check", [pattern])
    except (ValueError, TypeError, KeyError) as error:
        return " ".join(str(error).split())[:300]
    return None


class SpanFinder:
    """Phrases (PhraseMatcher) and token patterns (Matcher) per label, compiled once.

    Phrases match on lower case, and also on lemmas when the pipeline has a lemmatizer, so
    "felt safe" finds "Feel safe" there. Matching is token-based: runs of whitespace and line
    breaks between words do not matter."""

    def __init__(
        self,
        *,
        phrases: Mapping[str, Iterable[str]] | None = None,
        patterns: Mapping[str, Sequence[list[dict]]] | None = None,
        pipeline: str = "",
        lang: str = "en",
    ) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.key = (pipeline, lang)
        self.nlp = load_pipeline(pipeline, lang)
        self.lemmas = "lemmatizer" in self.nlp.pipe_names
        vocab = self.nlp.vocab
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.lemma = PhraseMatcher(vocab, attr="LEMMA") if self.lemmas else None
        self.tokens = Matcher(vocab)
        self._docs: dict[str, Doc] = {}  # phrase text -> its tokens, made once
        self.set_phrases(phrases or {})
        for label, items in (patterns or {}).items():
            good = [p for p in items if pattern_problem(p) is None]
            if good:
                self.tokens.add(label, good)
        self.empty = not (len(self.lower) or len(self.tokens))

    def set_phrases(self, phrases: Mapping[str, Iterable[str]]) -> None:
        """Each given label's phrases replace what it had (other labels keep theirs). Each
        distinct text is tokenised once, however many labels or updates name it: a study's
        memory has the same passage under several codes, and a new coding changes one."""
        # Whitespace runs collapsed, so phrase docs hold no whitespace tokens either.
        by_label = {
            label: sorted({" ".join(p.split()) for p in items if p and p.strip()})
            for label, items in phrases.items()
        }
        new = sorted({t for texts in by_label.values() for t in texts} - self._docs.keys())
        make = self.nlp.pipe if self.lemma is not None else self.nlp.tokenizer.pipe
        self._docs.update(zip(new, make(new), strict=True))
        for label, texts in by_label.items():
            for matcher in (self.lower, self.lemma):
                if matcher is not None and label in matcher:
                    matcher.remove(label)
            if not texts:
                continue
            docs = [self._docs[t] for t in texts]
            if self.lemma is not None:
                self.lemma.add(label, docs)
            self.lower.add(label, docs)
        self.empty = not (len(self.lower) or len(self.tokens))

    def find(self, text: str) -> list[Hit]:
        if self.empty or not text:
            return []
        doc, starts, ends = _words(*self.key, text)
        strings = self.nlp.vocab.strings
        found: set[Hit] = set()
        matchers = [self.lower, self.tokens] + ([self.lemma] if self.lemma is not None else [])
        for matcher in (m for m in matchers if len(m)):
            for key, first, last in matcher(doc):
                found.add(Hit(strings[key], starts[first], ends[last - 1]))
        return sorted(found, key=lambda h: (h.start, h.end, h.label))


@lru_cache(maxsize=4)
def _words(pipeline: str, lang: str, text: str) -> tuple[Doc, list[int], list[int]]:
    """The text without whitespace tokens, so a line break or a double space between two words
    still matches a phrase; with each kept token's character offsets. Cached: the rules, the
    memory and the moment cues read the same transcript one after another."""
    from spacy.tokens import Doc

    nlp = load_pipeline(pipeline, lang)
    lemmas = "lemmatizer" in nlp.pipe_names
    full = nlp(text) if lemmas else nlp.make_doc(text)
    kept = [t for t in full if not t.is_space]
    words = Doc(
        nlp.vocab,
        words=[t.text for t in kept],
        spaces=[True] * len(kept),
        lemmas=[t.lemma_ or t.text for t in kept] if lemmas else None,
    )
    return words, [t.idx for t in kept], [t.idx + len(t.text) for t in kept]


# ---------------------------------------------------------------- learned classifier

# A bag-of-words (unigram + bigram) linear model: fast to train and to run on a few thousand
# sentences, and it needs no vectors (nothing can be downloaded here).
_TEXTCAT_MODEL = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 2**14,
}


@dataclass(frozen=True, slots=True)
class TrainedClassifier:
    labels: tuple[str, ...]
    config: str  # the spaCy config it was trained with (language, component, architecture)
    weights: bytes  # the textcat component's to_bytes(): labels and weights


def train_classifier(
    texts: Sequence[str],
    cats: Sequence[set[str]],
    labels: Sequence[str],
    *,
    seed: int = 0,
    epochs: int = 10,
    learn_rate: float = 0.01,
    batch_size: int = 32,
    lang: str = "en",
    on_epoch: Callable[[int, int], None] | None = None,
) -> TrainedClassifier:
    """A textcat_multilabel pipeline trained on (text, labels) pairs with a fixed seed: the same
    data and seed give the same weights."""
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch
    from thinc.api import Adam

    fix_random_seed(seed)
    nlp = _blank(lang, shared=False)
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": _TEXTCAT_MODEL})
    for label in labels:
        textcat.add_label(label)
    examples = [
        Example.from_dict(nlp.make_doc(text), {"cats": {lab: float(lab in c) for lab in labels}})
        for text, c in zip(texts, cats, strict=True)
    ]
    # A linear model on a few thousand sentences: spaCy's default rate (0.001, tuned for deep
    # models on large corpora) leaves its weights near their initial values.
    optimizer = Adam(learn_rate)
    nlp.initialize(lambda: examples, sgd=optimizer)
    order = random.Random(seed)
    for epoch in range(epochs):
        order.shuffle(examples)
        for batch in minibatch(examples, size=batch_size):
            nlp.update(batch, sgd=optimizer, drop=0.1)
        if on_epoch:
            on_epoch(epoch + 1, epochs)
    return TrainedClassifier(tuple(labels), nlp.config.to_str(), textcat.to_bytes())


@lru_cache(maxsize=4)
def _cached_classifier(key: str, config: str, weights: bytes) -> tuple[Language, object]:
    # `key` (model id and version) names the entry; config and weights rebuild it.
    return _classifier(config, weights)


def _classifier(config: str, weights: bytes) -> tuple[Language, object]:
    """The trained component on the process's cached blank pipeline of its language: building a
    whole pipeline from its config cost more than scoring a long transcript."""
    from thinc.api import Config

    parsed = Config().from_str(config)
    host = load_pipeline("", parsed["nlp"]["lang"])
    component = dict(parsed["components"]["textcat_multilabel"])
    component.pop("factory", None)
    textcat = host.create_pipe("textcat_multilabel", config=component)
    textcat.from_bytes(weights)
    return host, textcat


def classify(model: TrainedClassifier, texts: Sequence[str], *, key: str = "") -> np.ndarray:
    """Scores (len(texts) x len(model.labels)), each in [0, 1], in the model's label order.
    With a `key` the loaded component is kept for the next call (the models that suggest);
    without, it is not (models trained only to be evaluated would evict those)."""
    scores = np.zeros((len(texts), len(model.labels)), dtype=np.float32)
    if not len(texts) or not model.labels:
        return scores
    if key:
        host, textcat = _cached_classifier(key, model.config, model.weights)
    else:
        host, textcat = _classifier(model.config, model.weights)
    docs = textcat.pipe(host.tokenizer.pipe(texts, batch_size=512), batch_size=512)
    for row, doc in enumerate(docs):
        scores[row] = [doc.cats.get(label, 0.0) for label in model.labels]
    return scores
