"""Sentence segmentation through the spaCy seam: exact code-point offsets, never across turns."""

from transcripts import nlp


def test_sentences_stay_inside_spans_with_exact_offsets():
    text = "I: Was it helpful?\n\nC: Yes. 😊 It really was! Mostly.\nThe end"
    spans = [(3, 18), (23, len(text))]
    found = [(s.start, s.end) for s in nlp.split_sentences(text, spans)]
    assert [text[a:b] for a, b in found] == [
        "Was it helpful?",
        "Yes.",
        "😊 It really was!",
        "Mostly.",
        "The end",
    ]
    assert found[0] == (3, 18)
    # The emoji is one code point: offsets after it are Python string indices.
    assert found[2] == (text.index("😊"), text.index("!") + 1)


def test_default_pipeline_is_blank_english_with_sentencizer():
    pipeline = nlp.load_pipeline()
    assert pipeline.lang == "en" and pipeline.pipe_names == ["sentencizer"]
    assert nlp.load_pipeline() is pipeline  # loaded once per process


def test_other_language_and_unknown_language_code():
    text = "Entrevistadora: ¿Cómo está? Rosa: Cansada. Pero bien."
    spans = [(16, 27), (34, len(text))]
    spanish = nlp.split_sentences(text, spans, lang="es")
    assert [text[s.start : s.end] for s in spanish] == ["¿Cómo está?", "Cansada.", "Pero bien."]
    assert nlp.load_pipeline("", "xx-unknown").lang == "en"


def test_empty_and_whitespace_spans():
    assert nlp.split_sentences("", []) == []
    assert nlp.split_sentences("   ", [(0, 3)]) == []
