"""Saturation steps and attribute groups, worked out by hand."""

from coding.analysis.attributes import Group, attribute_table, value_text
from coding.analysis.cqr import Thresholds
from coding.analysis.saturation import Step, saturation

NAMES = {1: "Safe", 2: "understood", 3: "Trust", 4: "Endings"}


def test_saturation_in_the_order_coded():
    applications = [  # (participant, first applied, code, codings)
        ("P02", 5, 1, 1),
        ("P01", 1, 1, 1),
        ("P01", 2, 2, 2),
        ("P02", 6, 3, 1),
        ("P03", 7, 1, 1),  # P03 starts at 7, before P02 ends but after P02 starts
        ("P03", 8, 2, 1),
        ("P04", 10, 4, 1),
    ]
    assert saturation(applications, NAMES) == [
        Step("P01", 3, 2, 2, ["Safe", "understood"]),
        Step("P02", 2, 1, 3, ["Trust"]),
        Step("P03", 2, 0, 3, []),
        Step("P04", 1, 1, 4, ["Endings"]),
    ]
    assert saturation([], NAMES) == []


def test_saturation_ties_by_label():
    steps = saturation([("P02", 1, 1, 1), ("P01", 1, 1, 1)], NAMES)
    assert [(s.participant, s.new_codes) for s in steps] == [("P01", 1), ("P02", 0)]


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
