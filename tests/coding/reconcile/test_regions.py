from coding.reconcile.regions import Span, regions


def spans(*rows):
    return [Span(i, coder, code, start, end) for i, (coder, code, start, end) in enumerate(rows)]


def test_regions_and_kinds():
    found = regions(
        spans(
            ("a", 1, 0, 20),
            ("b", 1, 2, 21),  # same code, boundaries within 10: agree
            ("a", 2, 30, 40),  # only a: missing
            ("a", 3, 50, 60),
            ("b", 4, 52, 60),  # different codes
            ("a", 5, 70, 80),
            ("b", 5, 70, 100),  # same code, end 20 apart: boundaries
        ),
        ["a", "b"],
        tolerance=10,
    )
    assert [(r.start, r.end, r.kind) for r in found] == [
        (0, 21, "agree"),
        (30, 40, "missing"),
        (50, 60, "codes"),
        (70, 100, "boundaries"),
    ]
    assert found[0].key == "0-21" and len(found[2].spans) == 2


def test_chained_overlaps_form_one_region_and_touching_spans_do_not():
    found = regions(
        spans(("a", 1, 0, 10), ("b", 1, 8, 20), ("a", 2, 18, 30), ("b", 2, 30, 40)), ["a", "b"]
    )
    assert [(r.start, r.end) for r in found] == [(0, 30), (30, 40)]
    assert [r.kind for r in found] == ["codes", "missing"]


def test_three_coders_one_missing():
    found = regions(spans(("a", 1, 0, 10), ("b", 1, 0, 10)), ["a", "b", "c"])
    assert found[0].kind == "missing"
