"""The sentencizer rule on token arrays (transcripts/sentencizer.py) gives exactly the sentences
spaCy's own sentencizer component gives, on awkward text and on random text."""

import random

import pytest

from transcripts import nlp

AWKWARD = [
    "Mr. Smith said hi. Then left...   And? ‘Really!’ she said.",
    '"Stop." (He did.) Then: nothing!? Next. ',
    ". Leading dot. ?! Two finals then words",
    "  \n Whitespace first. Then\n\nline breaks.\tTabs. ",
    "Numbers 3.5 and e.g. abbreviations. U.S. stuff. End",
    "日本語の文。次の文。English after.",
    "...",
    "!!! ??? ...",
    "no final at all",
    "😊. 😊! 😊",
]
PARTS = [
    "word",
    "Word",
    ".",
    "!",
    "?",
    "...",
    ",",
    '"',
    "'",
    ")",
    "(",
    "。",
    " ",
    "  ",
    "\n",
    "Mr.",
]


def reference(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """What the spaCy component finds: doc.sents of the blank pipeline with the sentencizer."""
    pipeline = nlp.load_pipeline()
    found = []
    docs = pipeline.pipe([text[a:b] for a, b in spans])
    for (offset, _), doc in zip(spans, docs, strict=True):
        for sent in doc.sents:
            chunk = doc.text[sent.start_char : sent.end_char]
            if chunk.strip():
                start = offset + sent.start_char + len(chunk) - len(chunk.lstrip())
                found.append((start, start + len(chunk.strip())))
    return found


@pytest.mark.parametrize("text", AWKWARD)
def test_same_sentences_as_the_component_on_awkward_text(text):
    spans = [(0, len(text))]
    assert [(s.start, s.end) for s in nlp.split_sentences(text, spans)] == reference(text, spans)


def test_same_sentences_as_the_component_on_random_text_in_several_spans():
    rng = random.Random(3)
    for _ in range(200):
        text = "".join(rng.choice(PARTS) + rng.choice(["", " "]) for _ in range(rng.randint(1, 40)))
        cuts = sorted({0, len(text), *(rng.randrange(len(text) + 1) for _ in range(3))})
        spans = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
        found = [(s.start, s.end) for s in nlp.split_sentences(text, spans)]
        assert found == reference(text, spans), text
