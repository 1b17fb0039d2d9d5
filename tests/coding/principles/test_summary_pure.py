"""The pure parts of the summary: de-identification, quote trimming, name-like labels and the
frequency wording at its edges."""

import pytest

from coding.principles.summary_data import (
    ClusterSection,
    deidentify,
    frequency_text,
    looks_like_name,
    quote_text,
)


def test_deidentify_whole_words_any_case_longest_first():
    names = {"Ruth": "[therapist]", "Ruth Ann": "[sister]", "Tom": "[partner]"}
    text = "Ruth Ann said RUTH was kind; Tomorrow Tom's ruthless boss came."
    assert deidentify(text, names) == (
        "[sister] said [therapist] was kind; Tomorrow [partner]'s ruthless boss came."
    )
    assert deidentify("nothing to do", {}) == "nothing to do"
    assert deidentify("a (b) c", {"(b)": "[x]"}) == "a [x] c"


@pytest.mark.parametrize(
    "label,expected",
    [
        ("Rosa", True),
        ("Dr Jones", True),
        ("Mary-Ann", True),
        ("Élodie", True),
        ("A", False),
        ("B", False),
        ("Ro", False),
        ("rosa", False),
        ("Speaker 1", False),
        ("", False),
    ],
)
def test_looks_like_name(label, expected):
    assert looks_like_name(label) is expected


def test_quote_text_collapses_and_cuts_at_a_word():
    assert quote_text("  one\n two   three ") == "one two three"
    assert quote_text("alpha beta gamma delta", limit=12) == "alpha beta …"
    assert quote_text("alpha, beta gamma", limit=8) == "alpha …"


@pytest.mark.parametrize(
    "n,m,label,text",
    [
        (26, 26, "general", "26 of 26 participants (general)"),
        (1, 1, "general", "1 of 1 participant (general)"),
        (1, 3, "", "1 of 3 participants"),
        (None, 3, "", ""),
    ],
)
def test_frequency_text(n, m, label, text):
    assert frequency_text(ClusterSection("c", n, m, label, (), ())) == text
