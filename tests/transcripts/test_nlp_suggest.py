"""Span finding and the text classifier behind suggestions: exact offsets, validation, seeds."""

import numpy as np

from transcripts import nlp


def found(finder: nlp.SpanFinder, text: str) -> list[tuple[str, int, int, str]]:
    return [(h.label, h.start, h.end, text[h.start : h.end]) for h in finder.find(text)]


def test_phrase_matches_case_insensitively_with_exact_offsets():
    finder = nlp.SpanFinder(phrases={"safe": ["felt safe"]})
    text = "Honestly it FELT Safe there."
    assert found(finder, text) == [("safe", 12, 21, "FELT Safe")]
    # The phrase itself may be written in any case and spacing.
    finder = nlp.SpanFinder(phrases={"safe": ["  Felt   SAFE "]})
    assert found(finder, text) == [("safe", 12, 21, "FELT Safe")]


def test_phrase_matches_across_a_line_break_and_a_double_space():
    finder = nlp.SpanFinder(phrases={"room": ["the room was calm"]})
    text = "And the\nroom was  calm. Later the room was calm again."
    assert found(finder, text) == [
        ("room", 4, 22, "the\nroom was  calm"),
        ("room", 30, 47, "the room was calm"),
    ]


def test_token_pattern_with_in_list():
    pattern = [{"LOWER": {"IN": ["calm", "quiet"]}}, {"LOWER": "room"}]
    finder = nlp.SpanFinder(patterns={"env": [pattern]})
    text = "A Quiet room, a loud room, a calm\nroom."
    assert found(finder, text) == [("env", 2, 12, "Quiet room"), ("env", 29, 38, "calm\nroom")]


def test_phrases_and_patterns_of_several_labels_are_sorted_by_offset():
    finder = nlp.SpanFinder(
        phrases={"b": ["endings"], "a": ["abrupt"]},
        patterns={"c": [[{"LOWER": "were"}, {"LOWER": "abrupt"}]]},
    )
    text = "Endings were abrupt."
    assert found(finder, text) == [
        ("b", 0, 7, "Endings"),
        ("c", 8, 19, "were abrupt"),
        ("a", 13, 19, "abrupt"),
    ]


def test_no_match_and_empty_inputs_give_nothing():
    finder = nlp.SpanFinder(phrases={"safe": ["felt safe"]})
    assert finder.find("It felt unsafe and safe felt odd.") == []
    assert finder.find("") == []
    empty = nlp.SpanFinder(phrases={"safe": ["", "   "]}, patterns={})
    assert empty.empty and empty.find("felt safe") == []


def test_invalid_patterns_are_skipped_by_the_finder():
    finder = nlp.SpanFinder(patterns={"x": [[{"NOPE": "a"}], [{"LOWER": "calm"}]]})
    assert found(finder, "so calm") == [("x", 3, 7, "calm")]


def test_pattern_problem():
    problem = nlp.pattern_problem([{"LOWERX": "safe"}])
    assert problem is not None and "LOWERX" in problem
    assert nlp.pattern_problem([{"LOWER": 3}]) is not None
    assert nlp.pattern_problem([{"LOWER": "safe"}]) is None
    assert nlp.pattern_problem([{"LOWER": {"IN": ["calm", "quiet"]}}, {"LOWER": "room"}]) is None
    refusal = 'a token pattern is a non-empty list of token objects, e.g. [{"LOWER": "safe"}]'
    assert nlp.pattern_problem({"LOWER": "safe"}) == refusal
    assert nlp.pattern_problem("safe") == refusal
    assert nlp.pattern_problem([]) == refusal
    assert nlp.pattern_problem(["safe"]) == refusal


POSITIVE = ["the room felt safe", "I felt safe there", "safe and calm room", "it was safe"]
NEGATIVE = ["the bus was late", "we talked about work", "my sister called", "lunch was late"]


def toy():
    texts = POSITIVE + NEGATIVE
    cats = [{"safe"}] * 4 + [{"late"} if "late" in t else set() for t in NEGATIVE]
    return texts, cats


def test_training_is_deterministic_for_a_seed():
    texts, cats = toy()
    first = nlp.train_classifier(texts, cats, ["safe", "late"], seed=3)
    second = nlp.train_classifier(texts, cats, ["safe", "late"], seed=3)
    assert first.labels == ("safe", "late")
    assert first.config == second.config
    assert first.weights == second.weights
    other = nlp.train_classifier(texts, cats, ["safe", "late"], seed=4)
    assert other.weights != first.weights


def test_classify_shape_and_separable_toy_set():
    texts, cats = toy()
    model = nlp.train_classifier(texts, cats, ["safe", "late"], seed=0)
    probe = ["felt safe", "the bus was late", "a safe room", "my sister talked"]
    scores = nlp.classify(model, probe)
    assert scores.shape == (4, 2) and scores.dtype == np.float32
    assert ((scores >= 0) & (scores <= 1)).all()
    safe, late = scores[:, 0], scores[:, 1]
    assert (safe[[0, 2]] > 0.5).all() and (safe[[1, 3]] < 0.5).all()
    assert late[1] > 0.5 and (late[[0, 2, 3]] < 0.5).all()
    # Same model, same texts: same scores (the cached pipeline is reused).
    assert np.array_equal(nlp.classify(model, probe), scores)
    assert nlp.classify(model, []).shape == (0, 2)
