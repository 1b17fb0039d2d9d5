"""Codings in moments and the helpful/hindering table, worked out by hand."""

from coding.analysis.frequencies import Codebook
from coding.analysis.helpful import ValenceRow, valence_rows
from coding.analysis.moments import Moment, codings_in_moments

MOMENTS = [
    Moment(1, 10, 0, 50, "helpful", 5),
    Moment(2, 10, 60, 100, "hindering", 2),
    Moment(3, 20, 0, 40, "helpful", 2),
    Moment(4, 20, 50, 90, "mixed", 3),
]
# (coding id, transcript, code column, start, end); code columns 0, 1 in cluster R, 2 in E
CODINGS = [
    (100, 10, 0, 10, 20),  # in 1
    (101, 10, 0, 30, 40),  # in 1 again: moment 1 counts once for code 0
    (102, 10, 1, 45, 65),  # straddles 1 and 2
    (103, 10, 2, 50, 60),  # in the gap between 1 and 2: touches both, shares no character
    (104, 20, 0, 5, 15),  # in 3
    (105, 20, 2, 80, 120),  # in 4
    (106, 30, 2, 0, 10),  # a transcript without moments
]
BOOK = Codebook(clusters=[(1, "R"), (2, "E")], codes=[(7, "a", 1), (8, "b", 1), (9, "c", 2)])


def test_codings_in_moments():
    assert codings_in_moments(CODINGS, MOMENTS).tolist() == [
        [1, 0, 100],
        [1, 0, 101],
        [1, 1, 102],
        [2, 1, 102],
        [3, 0, 104],
        [4, 2, 105],
    ]


def test_valence_rows():
    rows = valence_rows(BOOK, codings_in_moments(CODINGS, MOMENTS), MOMENTS)
    assert rows == [
        # R: moments 1, 2, 3 -> helpful 1 and 3 (intensity (5 + 2) / 2), hindering 2
        ValenceRow("R", None, 2, 1, 0, 3.5, 2.0, None),
        ValenceRow("R", "a", 2, 0, 0, 3.5, None, None),  # moments 1 and 3
        ValenceRow("R", "b", 1, 1, 0, 5.0, 2.0, None),  # moments 1 and 2
        ValenceRow("E", None, 0, 0, 1, None, None, 3.0),
        ValenceRow("E", "c", 0, 0, 1, None, None, 3.0),
    ]


def test_no_moments():
    assert codings_in_moments(CODINGS, []).tolist() == []
    assert codings_in_moments([], MOMENTS).tolist() == []
    rows = valence_rows(BOOK, [], [])
    assert {(r.helpful, r.hindering, r.mixed, r.helpful_intensity) for r in rows} == {
        (0, 0, 0, None)
    }
