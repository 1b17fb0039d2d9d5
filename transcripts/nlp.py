"""The only place that loads spaCy. Strings in, offset dataclasses out (never Doc objects).

The default pipeline is spacy.blank(lang) + sentencizer: it needs no model download, which is
impossible on our machines. Any installed pipeline can be named instead (QUALCODE_SPACY_MODEL or
a study's setting); pipelines are loaded once per process and cached."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@lru_cache(maxsize=8)
def load_pipeline(name: str = "", lang: str = "en") -> Language:
    """An installed pipeline by name, or blank `lang` + sentencizer when name is empty."""
    if name:
        nlp = spacy.load(name)
    else:
        try:
            nlp = spacy.blank(lang)
        except (ImportError, KeyError):  # unknown language code: English rules still split
            nlp = spacy.blank("en")
    if not any(pipe in nlp.pipe_names for pipe in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(
    text: str, spans: Sequence[tuple[int, int]], *, pipeline: str = "", lang: str = "en"
) -> list[Sentence]:
    """Sentences of `text` inside each (start, end) span; a sentence never crosses a span."""
    nlp = load_pipeline(pipeline, lang)
    pieces = (text[start:end] for start, end in spans)
    sentences: list[Sentence] = []
    # Only sentence boundaries are needed: disable everything that is not a sentence setter.
    keep = {"parser", "senter", "sentencizer"}
    disabled = [name for name in nlp.pipe_names if name not in keep]
    docs = nlp.pipe(pieces, batch_size=256, disable=disabled)
    for (offset, _), doc in zip(spans, docs, strict=True):
        for sent in doc.sents:
            # Trim whitespace that the tokenizer attaches so spans start and end on text.
            start, end = sent.start_char, sent.end_char
            chunk = doc.text[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            start += len(chunk) - len(chunk.lstrip())
            sentences.append(Sentence(offset + start, offset + start + len(stripped)))
    return sentences
