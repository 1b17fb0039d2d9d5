"""CQR labels at every threshold edge, worked out by hand from DOMAIN.md section 2."""

import pytest

from coding.analysis.cqr import Thresholds, bands, label, rule_text

DEFAULT = Thresholds()


@pytest.mark.parametrize(
    ("n", "m", "expected"),
    [
        # 26 cases (the reference study): general 25-26, typical 13-24, variant 4-12, rare 2-3
        (26, 26, "general"),
        (25, 26, "general"),
        (24, 26, "typical"),
        (13, 26, "typical"),
        (12, 26, "variant"),
        (4, 26, "variant"),
        (3, 26, "rare"),
        (2, 26, "rare"),
        (1, 26, ""),
        (0, 26, ""),
        # 15 cases: not over 15, so no rare; variant from 2; typical from 7.5 -> 8
        (14, 15, "general"),
        (13, 15, "typical"),
        (8, 15, "typical"),
        (7, 15, "variant"),
        (2, 15, "variant"),
        (1, 15, ""),
        # 16 cases: the first sample with rare; half is exactly 8
        (15, 16, "general"),
        (14, 16, "typical"),
        (8, 16, "typical"),
        (7, 16, "variant"),
        (4, 16, "variant"),
        (3, 16, "rare"),
        (2, 16, "rare"),
        (1, 16, ""),
        # tiny samples: general wins over typical; nothing in no cases
        (3, 4, "general"),
        (2, 4, "typical"),
        (1, 4, ""),
        (1, 1, "general"),
        (0, 1, ""),
        (0, 0, ""),
    ],
)
def test_default_labels(n, m, expected):
    assert label(n, m, DEFAULT) == expected


def test_percent_edges_are_exact():
    """0.7 * 10 is 7.000000000000001 in floating point; the label must not care."""
    seventy = Thresholds(typical_percent=70)
    assert [label(n, 10, seventy) for n in (9, 8, 7, 6)] == [
        "general",
        "typical",
        "typical",
        "variant",
    ]
    third = Thresholds(typical_percent=33, general_missing=0)
    assert label(33, 100, third) == "typical"
    assert label(32, 100, third) == "variant"
    assert label(99, 100, third) == "typical"
    assert label(100, 100, third) == "general"


def test_custom_variant_and_rare():
    t = Thresholds(variant_min=3, rare_above=10, rare_max=4)
    assert [label(n, 8, t) for n in (4, 3, 2)] == ["typical", "variant", ""]
    assert [label(n, 11, t) for n in (5, 4, 3, 2)] == ["variant", "rare", "rare", ""]
    assert [label(n, 10, t) for n in (4, 3, 2)] == ["variant", "variant", ""]


def test_bands_and_rule_text():
    assert bands(26, DEFAULT) == [
        ("general", 25, 26),
        ("typical", 13, 24),
        ("variant", 4, 12),
        ("rare", 2, 3),
        ("", 1, 1),
    ]
    assert rule_text(8, DEFAULT) == (
        "general 7-8 of 8 (all or all but 1); typical 4-6 of 8 (at least 50%); "
        "variant 2-3 of 8 (at least 2); unlabelled 1 of 8 (no label)."
    )
    assert rule_text(16, DEFAULT) == (
        "general 15-16 of 16 (all or all but 1); typical 8-14 of 16 (at least 50%); "
        "variant 4-7 of 16 (more than 3); rare 2-3 of 16 (2-3 cases, in samples over 15); "
        "unlabelled 1 of 16 (no label)."
    )
    assert rule_text(0, DEFAULT) == "No participants with transcripts yet: no labels."
