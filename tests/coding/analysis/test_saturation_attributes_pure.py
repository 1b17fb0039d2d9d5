"""Saturation steps and attribute groups, worked out by hand."""

from coding.analysis.attributes import Group, attribute_table, value_text
from coding.analysis.cqr import Thresholds
from coding.analysis.saturation import Saturation, Step, saturation

NAMES = {1: "Safe", 2: "understood", 3: "Trust", 4: "Endings", 5: "Unused"}
APPLICATIONS = [  # (participant, first applied, code, codings)
    ("P02", 5, 1, 1),
    ("P01", 1, 1, 1),
    ("P01", 2, 2, 2),
    ("P02", 6, 3, 1),
    ("P03", 7, 1, 1),  # P03 starts at 7, before P02 ends but after P02 starts
    ("P03", 8, 2, 1),
    ("P04", 10, 4, 1),
]
STARTED = {"P01": 1, "P02": 5, "P03": 7, "P04": 10}  # first coding of each participant
ENTERED = {  # when each code entered the codebook (the history)
    1: None,  # Safe: no creation in the history (starter codebook): there from the start
    2: 3,  # understood: created while P01 was coded (1 <= 3 < 5)
    3: 5,  # Trust: created as P02's coding began: new at P02
    4: 6,  # Endings: created during P02, first applied at P04: new at P02 all the same
    5: 12,  # Unused: created after P04 began (the last): new at P04, never applied
}


def test_new_codes_from_the_codebook_history():
    found = saturation(APPLICATIONS, STARTED, ENTERED, NAMES)
    assert found.before == 1
    assert found.steps == [
        # participant, codings, new codes, codebook size, new names, first applied, used
        Step("P01", 3, 1, 2, ["understood"], 2, 2),  # first applied: Safe, understood
        Step("P02", 2, 2, 4, ["Endings", "Trust"], 1, 3),  # first applied: Trust
        Step("P03", 2, 0, 4, [], 0, 3),
        Step("P04", 1, 1, 5, ["Unused"], 1, 4),  # first applied: Endings
    ]


def test_codes_created_before_coding_began_are_there_from_the_start():
    found = saturation(APPLICATIONS, STARTED, {2: 0, 3: 1}, NAMES)
    assert found.before == 4  # 2 entered at 0 (< 1) and 1, 4, 5 without a creation
    assert [s.new_codes for s in found.steps] == [1, 0, 0, 0]  # Trust at 1: P01 began at 1
    assert saturation([], {}, ENTERED, NAMES) == Saturation(5, [])


def test_order_falls_back_on_first_applications_and_ties_by_label():
    # P03 has no recorded start: its first application (7) places it; P01 and P02 tie at 1
    found = saturation([("P03", 7, 1, 1)], {"P02": 1, "P01": 1}, {1: 8}, {1: "Safe"})
    assert [(s.participant, s.new_codes, s.codings) for s in found.steps] == [
        ("P01", 0, 0),
        ("P02", 0, 0),
        ("P03", 1, 1),
    ]


def test_value_text():
    assert [value_text(v) for v in (None, "", True, False, 12, 3.5, ["a", "b"], "CBT")] == [
        "(not set)",
        "(not set)",
        "yes",
        "no",
        "12",
        "3.5",
        "a, b",
        "CBT",
    ]


def test_attribute_table():
    values = {1: "CBT", 2: "CBT", 3: "psychodynamic", 4: None, 5: "CBT"}
    presence = [(1, 0), (2, 0), (1, 0), (3, 0), (4, 1), (5, 1), (9, 0)]  # 9: not a participant
    groups, rows = attribute_table(values, presence, ["R", "E"], Thresholds())
    assert groups == [Group("CBT", 3), Group("psychodynamic", 1), Group("(not set)", 1)]
    assert rows == [
        {
            "cluster": "R",
            "cells": [
                {"value": "CBT", "participants": 2, "of": 3, "label": "general"},
                {"value": "psychodynamic", "participants": 1, "of": 1, "label": "general"},
                {"value": "(not set)", "participants": 0, "of": 1, "label": ""},
            ],
        },
        {
            "cluster": "E",
            "cells": [
                {"value": "CBT", "participants": 1, "of": 3, "label": ""},
                {"value": "psychodynamic", "participants": 0, "of": 1, "label": ""},
                {"value": "(not set)", "participants": 1, "of": 1, "label": "general"},
            ],
        },
    ]
