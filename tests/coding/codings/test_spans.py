from coding.codings import spans


def test_span_problem_names_the_field():
    assert spans.span_problem(0, 5, 5) is None
    assert spans.span_problem(-1, 3, 5) == ("start", "must be 0 or more.")
    assert spans.span_problem(2, 6, 5) == (
        "end",
        "is past the end of the transcript (5 characters).",
    )
    assert spans.span_problem(3, 3, 5)[0] == "end"
    assert spans.span_problem(4, 2, 5)[0] == "end"
    assert spans.span_problem("1", 2, 5)[0] == "start"
    assert spans.span_problem(1, 2.5, 5)[0] == "end"
    assert spans.span_problem(True, 2, 5)[0] == "start"


def test_merge_spans_overlapping_touching_nested_and_apart():
    assert spans.merge_spans([(10, 20), (0, 5), (5, 8), (12, 15), (19, 25), (30, 31)]) == [
        (0, 8),
        (10, 25),
        (30, 31),
    ]
    assert spans.merge_spans([]) == []


def test_overlaps_or_touches():
    assert spans.overlaps_or_touches((0, 5), (5, 9))
    assert spans.overlaps_or_touches((3, 4), (0, 9))
    assert not spans.overlaps_or_touches((0, 5), (6, 9))


def test_context_cuts_at_words():
    text = "one two three four five six seven eight nine ten"
    start = text.index("five")
    before, after = spans.context(text, start, start + 4, size=10)
    assert (before, after) == ("four ", " six")
    assert spans.context(text, 0, 3, size=10) == ("", " two")
