"""Co-occurrence worked out by hand (codes A=0, B=1, C=2)."""

from coding.analysis.cooccurrence import (
    Pair,
    Span,
    overlapping,
    pairs,
    set_table,
    shared_units,
    span_links,
    span_table,
)

ONE, TWO = (1, 1), (1, 2)  # transcript 1, coders 1 and 2
SPANS = [
    Span(1, ONE, 0, 0, 10),
    Span(2, ONE, 1, 5, 15),  # overlaps 1
    Span(3, ONE, 0, 12, 20),  # overlaps 2: 1-2-3 is one co-occurrence of A and B
    Span(4, ONE, 2, 30, 40),
    Span(5, ONE, 0, 35, 45),  # overlaps 4
    Span(6, ONE, 1, 100, 110),
    Span(9, ONE, 2, 110, 120),  # touches 6: no shared character
    Span(7, TWO, 2, 0, 50),  # another coder's codings never meet coder 1's
    Span(8, TWO, 0, 60, 70),
]


def test_overlapping_pairs():
    assert sorted((x.id, y.id) for x, y in overlapping(SPANS)) == [(1, 2), (2, 3), (4, 5)]


def test_span_table():
    table = span_table(SPANS, 3)
    assert table.n.tolist() == [4, 2, 3]
    assert pairs(table) == [
        # A: 1, 3, 5, 8; B: 2, 6. One chained co-occurrence; A's 1 and 3 meet B: 2 of 4.
        Pair(0, 1, 1, 4, 2, 0.2, 0.5, 0.5, False),  # c = 1 / (4 + 2 - 1)
        Pair(0, 2, 1, 4, 3, 0.1667, 0.25, 0.3333, False),  # c = 1 / (4 + 3 - 1)
    ]
    assert span_links(SPANS, 0, 1) == [1, 2, 3]
    assert span_links(SPANS, 1, 2) == []


def test_separate_meetings_count_apart_and_c_stays_within_one():
    spans = [
        Span(1, ONE, 0, 0, 10),
        Span(2, ONE, 1, 0, 10),
        Span(3, (2, 1), 0, 0, 10),  # transcript 2
        Span(4, (2, 1), 1, 1, 3),
        Span(5, (2, 1), 1, 5, 8),  # two B inside one A: one meeting
    ]
    [pair] = pairs(span_table(spans, 2))
    assert (pair.count, pair.n_a, pair.n_b) == (2, 2, 3)
    assert pair.coefficient == 0.6667  # 2 / (2 + 3 - 2)
    assert (pair.p_b_given_a, pair.p_a_given_b) == (1.0, 1.0)


def test_a_coders_overlapping_codings_of_one_code_count_as_one():
    spans = [
        Span(1, ONE, 0, 0, 10),
        Span(2, ONE, 0, 5, 20),  # overlaps 1: merged into 0-20
        Span(3, ONE, 0, 20, 30),  # touches only: stays apart
        Span(4, ONE, 1, 15, 25),  # meets 0-20 and 20-30: one co-occurrence
        Span(5, TWO, 1, 0, 30),  # coder 2's
    ]
    table = span_table(spans, 2)
    assert table.n.tolist() == [2, 2]
    assert pairs(table) == [Pair(0, 1, 1, 2, 2, 0.3333, 1.0, 0.5, False)]


def test_chains_and_groups_at_scale():
    """A long chain A-B-A-B... in one group is one co-occurrence; the same in 50 groups, 50."""
    chain = [Span(i, (g, 1), i % 2, 10 * i, 10 * i + 15) for g in range(50) for i in range(20)]
    [pair] = pairs(span_table(chain, 2))
    assert (pair.count, pair.n_a, pair.n_b, pair.coefficient) == (50, 500, 500, 0.0526)


PARTICIPANTS = [(1, 0), (1, 1), (2, 0), (3, 0), (3, 1), (3, 2), (4, 2)]


def test_set_table():
    table = set_table(PARTICIPANTS, 3)
    assert table.n.tolist() == [3, 2, 2]
    assert pairs(table) == [
        Pair(0, 1, 2, 3, 2, 0.6667, 0.6667, 1.0, False),  # 2 / (3 + 2 - 2)
        Pair(0, 2, 1, 3, 2, 0.25, 0.3333, 0.5, False),  # 1 / (3 + 2 - 1)
        Pair(1, 2, 1, 2, 2, 0.3333, 0.5, 0.5, False),
    ]
    assert shared_units(PARTICIPANTS, 0, 1) == [1, 3]


def test_warning_from_five_times_as_often():
    five = [(u, 0) for u in range(5)] + [(0, 1)]
    four = [(u, 0) for u in range(4)] + [(0, 1)]
    assert pairs(set_table(five, 2))[0].warning is True
    assert pairs(set_table(four, 2))[0].warning is False


def test_nothing_meets():
    assert pairs(set_table([], 3)) == []
    assert pairs(span_table([], 3)) == []
