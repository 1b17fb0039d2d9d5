"""Frequency rows from hand-built cells, every number worked out by hand."""

from coding.analysis.cqr import Thresholds
from coding.analysis.frequencies import (
    Codebook,
    Row,
    build_matrix,
    cluster_columns,
    cluster_matrix,
    frequency_rows,
)

BOOK = Codebook(
    clusters=[(1, "Relationship"), (2, "Environment"), (3, "Empty")],
    codes=[(10, "a1", 1), (11, "a2", 1), (20, "b1", 2), (30, "loose", None)],
)
# (code, participant, codings): participant None = a transcript without a participant
CELLS = [(10, 101, 2), (10, 102, 1), (11, 102, 3), (11, None, 1), (20, 103, 1), (30, 101, 1)]


def test_matrix():
    matrix = build_matrix([10, 11, 20, 30], CELLS)
    assert matrix.participants == [101, 102, 103]
    assert matrix.counts.tolist() == [[2, 0, 0, 1], [1, 3, 0, 0], [0, 0, 1, 0]]
    assert matrix.unassigned.tolist() == [0, 1, 0, 0]


def test_rows_clusters_then_their_codes():
    matrix = build_matrix([10, 11, 20, 30], CELLS)
    rows = frequency_rows(BOOK, matrix, 4, Thresholds())
    # m = 4: general 3-4, typical 2, nothing below
    assert rows == [
        Row("Relationship", None, 7, 2, 4, "typical"),  # 2+1+3+1 codings; 101 and 102
        Row("Relationship", "a1", 3, 2, 4, "typical"),
        Row("Relationship", "a2", 4, 1, 4, ""),  # the unassigned coding counts, no one more
        Row("Environment", None, 1, 1, 4, ""),
        Row("Environment", "b1", 1, 1, 4, ""),
        Row("Empty", None, 0, 0, 4, ""),
        Row("(no cluster)", None, 1, 1, 4, ""),
        Row("(no cluster)", "loose", 1, 1, 4, ""),
    ]


def test_cluster_counts_each_participant_once():
    cells = [(10, 101, 1), (11, 101, 1), (10, 102, 1), (11, 103, 1)]
    book = Codebook(clusters=[(1, "R")], codes=[(10, "a1", 1), (11, "a2", 1)])
    rows = frequency_rows(book, build_matrix([10, 11], cells), 3, Thresholds())
    assert [(r.code, r.codings, r.participants, r.label) for r in rows] == [
        (None, 4, 3, "general"),
        ("a1", 2, 2, "general"),
        ("a2", 2, 2, "general"),
    ]


def test_no_codings_at_all():
    rows = frequency_rows(BOOK, build_matrix([10, 11, 20, 30], []), 0, Thresholds())
    assert {(r.codings, r.participants, r.of, r.label) for r in rows} == {(0, 0, 0, "")}


def test_cluster_matrix():
    names, counts = cluster_matrix(BOOK, build_matrix([10, 11, 20, 30], CELLS))
    assert names == ["Relationship", "Environment", "Empty", "(no cluster)"]
    assert counts.tolist() == [[2, 0, 0, 1], [4, 0, 0, 0], [0, 1, 0, 0]]


def test_a_core_category_holds_the_clusters_under_it():
    book = Codebook(
        clusters=[(5, "Core"), (1, "Relationship"), (2, "Environment")],
        codes=[(10, "a1", 1), (11, "a2", 1), (20, "b1", 2)],
        parents={1: 5, 2: 1},  # Environment under Relationship under Core
    )
    assert cluster_columns(book) == [
        ("Core", [0, 1, 2]),
        ("Relationship", [0, 1, 2]),
        ("Environment", [2]),
    ]
    book = Codebook(book.clusters, book.codes, parents={1: 5, 2: 5})
    cells = [(10, 101, 2), (11, 102, 3), (20, 103, 1)]
    rows = frequency_rows(book, build_matrix([10, 11, 20], cells), 3, Thresholds())
    assert [(r.cluster, r.code, r.codings, r.participants, r.label) for r in rows] == [
        ("Core", None, 6, 3, "general"),  # no codes of its own: those of both clusters
        ("Relationship", None, 5, 2, "general"),
        ("Relationship", "a1", 2, 1, ""),
        ("Relationship", "a2", 3, 1, ""),
        ("Environment", None, 1, 1, ""),
        ("Environment", "b1", 1, 1, ""),
    ]
    names, counts = cluster_matrix(book, build_matrix([10, 11, 20], cells))
    assert counts.tolist() == [[2, 2, 0], [3, 3, 0], [1, 0, 1]]
