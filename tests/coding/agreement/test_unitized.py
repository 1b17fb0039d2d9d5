"""Krippendorff's unitizing alphas: the book's worked example, hand-computed continua, the
relations between the family's members, pooling, and the undefined cases."""

import numpy as np
import pytest

from coding import agreement
from coding.agreement import unitized

# Krippendorff (2019) Content Analysis 4th ed., Figure 12.11 (p. 340): three observers unitize a
# continuum of 60 characters, values 1-7. Transcribed 1-based inclusive by the quallmer R
# package's tests (cran/quallmer tests/testthat/test-alpha_u.R), which quote the book's
# u-alpha 0.510, |u-alpha 0.413 and cu-alpha 0.724; shifted here to 0-based, end exclusive.
BOOK = {
    "Alex": [(1, 7, 1), (8, 13, 2), (31, 32, 5), (33, 37, 6), (38, 44, 6), (45, 60, 7)],
    "Paul": [(1, 7, 1), (8, 13, 3), (14, 21, 5), (33, 44, 6)],
    "Suzan": [(1, 7, 1), (8, 13, 4), (14, 21, 5), (33, 37, 6), (38, 41, 6), (42, 44, 6)],
}
BOOK_UNITS = [(coder, s - 1, e, v) for coder, units in BOOK.items() for s, e, v in units]


def test_book_example_u_alpha_binary_and_cu_alpha():
    alpha, coverage = agreement.unitized_alpha(BOOK_UNITS, 60)
    assert round(alpha, 3) == 0.510
    assert coverage == pytest.approx(109 / 180, abs=1e-12)  # 109 of 3 x 60 characters marked
    binary, _ = agreement.binary_unitized_alpha(BOOK_UNITS, 60)
    # The book prints .413; the exact value is 0.41360 (quallmer gets the same and tests it
    # with a tolerance of .002), so the book's figure is truncated or carries rounding.
    assert binary == pytest.approx(0.4136, abs=5e-5)
    cu, cu_coverage = agreement.cu_alpha(BOOK_UNITS, 60)
    # Three observers: this value tells the readings of cu-alpha's chance term apart. A unit's
    # share as its mean overlap with the other coders gives 0.72417 (the book's .724); as its
    # overlap with the union of the other coders' units it would give 0.72835 (.728).
    assert round(cu, 3) == 0.724
    assert cu_coverage == pytest.approx(83 / 180, abs=1e-12)


def test_identical_codings_agree_perfectly():
    units = [(c, s, e, v) for c in "AB" for s, e, v in [(0, 4, "p"), (6, 9, "q"), (12, 20, "p")]]
    assert agreement.unitized_alpha(units, 25)[0] == pytest.approx(1.0, abs=1e-12)
    assert agreement.binary_unitized_alpha(units, 25)[0] == pytest.approx(1.0, abs=1e-12)
    assert agreement.cu_alpha(units, 25) == (pytest.approx(1.0, abs=1e-12), 15 / 25)


def test_hand_computed_binary_continuum():
    # L = 10, coders A [2,6) and B [3,6), one value x. Elementary stretches: [0,2) gap/gap,
    # [2,3) x/gap, [3,6) x/x, [6,10) gap/gap. Both coder orders count, m - 1 = 1:
    # l_gg = 2 * (2 + 4) = 12, l_xg = l_gx = 1, l_xx = 2 * 3 = 6; l = 20; l_g = 13, l_x = 7.
    # Self-pairing: units 4^2 + 3^2 = 25, gaps (2 + 4) + (3 + 4) = 13, S = 38.
    # D_o = 20 - 18 = 2; D_e = (20^2 - 13^2 - 7^2) / (20 - 38 / 20) = 182 / 18.1.
    # alpha = 1 - 2 * 18.1 / 182 = 0.80109...; coverage 7 / 20.
    units = [("A", 2, 6, "x"), ("B", 3, 6, "x")]
    expected = 1 - 2 * 18.1 / 182
    assert agreement.binary_unitized_alpha(units, 10) == (pytest.approx(expected), 0.35)
    assert agreement.unitized_alpha(units, 10) == (pytest.approx(expected), 0.35)


def test_hand_computed_values_without_gaps():
    # L = 10, A: p [0,4), q [4,10); B: p [0,5), q [5,10). Stretches: [0,4) p/p, [4,5) q/p,
    # [5,10) q/q: l_pp = 8, l_qq = 10, l_pq = l_qp = 1; l = 20, l_p = 9, l_q = 11.
    # No gaps, so each unit meets the other coder's units along its whole length: x_g = l_g
    # and sum x_g^2 = 16 + 36 + 25 + 25 = 102 for both u-alpha and cu-alpha.
    # alpha = 1 - 2 * (20 - 102 / 20) / (400 - 81 - 121) = 1 - 29.8 / 198.
    units = [("A", 0, 4, "p"), ("A", 4, 10, "q"), ("B", 0, 5, "p"), ("B", 5, 10, "q")]
    expected = 1 - 29.8 / 198
    assert agreement.unitized_alpha(units, 10)[0] == pytest.approx(expected, abs=1e-12)
    assert agreement.cu_alpha(units, 10) == (pytest.approx(expected, abs=1e-12), 1.0)
    # Everything is marked by both, so the binary distinction has no variation.
    assert agreement.binary_unitized_alpha(units, 10) == (None, 1.0)
    assert agreement.unitized_undefined_reason(units, 10, measure="binary") == unitized.ALL_MARKED


def test_relations_between_the_family():
    # One value: u-alpha is |u-alpha, and cu-alpha has nothing to tell apart.
    one = [(c, s, e, "x") for c, us in BOOK.items() for s, e, _ in us]
    one = [(c, s - 1, e, v) for c, s, e, v in one]
    assert agreement.unitized_alpha(one, 60)[0] == pytest.approx(
        agreement.binary_unitized_alpha(one, 60)[0], abs=1e-12
    )
    assert agreement.cu_alpha(one, 60)[0] is None
    assert agreement.unitized_undefined_reason(one, 60, measure="cu") == unitized.ONE_VALUE
    # |u-alpha ignores the values: it is u-alpha with every value made the same.
    assert agreement.binary_unitized_alpha(BOOK_UNITS, 60)[0] == pytest.approx(
        agreement.unitized_alpha([(c, s, e, 0) for c, s, e, _ in BOOK_UNITS], 60)[0], abs=1e-12
    )
    # Equal-length units that every coder draws identically, no gaps: u-alpha and cu-alpha are
    # Krippendorff's nominal alpha of the units' values.
    values = {"A": "abac", "B": "abbc", "C": "aaac"}
    units = [(c, 3 * k, 3 * k + 3, v) for c, vs in values.items() for k, v in enumerate(vs)]
    plain = agreement.krippendorff_alpha([list(vs) for vs in values.values()])
    assert agreement.unitized_alpha(units, 12)[0] == pytest.approx(plain, abs=1e-12)
    assert agreement.cu_alpha(units, 12)[0] == pytest.approx(plain, abs=1e-12)


def test_overlapping_units_of_one_coder():
    # Same value: merged into one unit. Different values: refused, with the place named.
    merged = [("A", 0, 5, "x"), ("A", 3, 8, "x"), ("B", 0, 8, "x")]
    assert agreement.binary_unitized_alpha(merged, 10)[0] == pytest.approx(1.0)
    with pytest.raises(agreement.OverlapError, match="characters 3-5"):
        agreement.cu_alpha([("A", 0, 5, "x"), ("A", 3, 8, "y"), ("B", 0, 8, "x")], 10)
    # |u-alpha treats every value as "marked", so the same units are fine there.
    assert agreement.binary_unitized_alpha(
        [("A", 0, 5, "x"), ("A", 3, 8, "y"), ("B", 0, 8, "x")], 10
    )[0] == pytest.approx(1.0)
    # A chain: x [0,5) and x [3,6) merge into x [0,6), which y [5,8) then overlaps.
    with pytest.raises(agreement.OverlapError) as refused:
        agreement.unitized_alpha([("A", 0, 5, "x"), ("A", 5, 8, "y"), ("A", 3, 6, "x")], 10)
    assert (refused.value.coder, refused.value.start, refused.value.end) == ("A", 5, 6)
    assert refused.value.values == ("x", "y")
    # Different values that only abut are fine.
    assert agreement.cu_alpha([("A", 0, 5, "x"), ("A", 5, 8, "y"), ("B", 0, 8, "x")], 10)[0] < 1
    # Units that only abut stay two units: the chance term sees 2 lengths, not one of 8.
    abutting = [("A", 0, 4, "x"), ("A", 4, 8, "x"), ("B", 1, 8, "x")]
    joined = [("A", 0, 8, "x"), ("B", 1, 8, "x")]
    assert agreement.binary_unitized_alpha(abutting, 10)[0] != pytest.approx(
        agreement.binary_unitized_alpha(joined, 10)[0]
    )


def test_pooling_two_transcripts_is_the_concatenated_continuum():
    first = [("A", 0, 10, "p"), ("B", 2, 10, "p"), ("A", 20, 30, "q"), ("B", 22, 28, "q")]
    second = [("A", 5, 15, "q"), ("B", 5, 12, "p"), ("B", 30, 39, "q")]
    units, total = agreement.pool([(first, 40), (second, 40)])
    assert total == 80
    concatenated = first + [(c, s + 40, e + 40, v) for c, s, e, v in second]
    assert sorted(units) == sorted(concatenated)
    for measure in (agreement.unitized_alpha, agreement.binary_unitized_alpha, agreement.cu_alpha):
        assert measure(units, total) == measure(concatenated, 80)
    with pytest.raises(ValueError, match="not a stretch"):
        agreement.pool([([("A", 35, 45, "p")], 40)])


def test_coders_without_units_count_as_all_gap():
    units = [("A", 0, 5, "x"), ("B", 0, 5, "x")]
    two, _ = agreement.binary_unitized_alpha(units, 20)
    three, coverage = agreement.binary_unitized_alpha(units, 20, coders=["A", "B", "C"])
    assert two == pytest.approx(1.0)
    assert three < two
    assert coverage == pytest.approx(10 / 60)
    with pytest.raises(ValueError, match="not in coders"):
        agreement.binary_unitized_alpha(units, 20, coders=["A"])


def test_undefined_cases_return_none():
    assert agreement.unitized_alpha([], 10) == (None, 0.0)
    assert agreement.binary_unitized_alpha([], 10, coders=["A", "B"]) == (None, 0.0)
    assert agreement.unitized_undefined_reason([], 10, coders=["A", "B"]) == unitized.NOTHING_MARKED
    lone = [("A", 0, 5, "x")]
    assert agreement.binary_unitized_alpha(lone, 10)[0] is None
    assert agreement.unitized_undefined_reason(lone, 10) == unitized.NO_CODERS
    assert agreement.cu_alpha([], 0, coders=["A", "B"]) == (None, 0.0)
    assert agreement.unitized_undefined_reason([], 0, coders=["A", "B"]) == unitized.NO_TEXT
    apart = [("A", 0, 4, "x"), ("B", 6, 9, "y")]
    assert agreement.cu_alpha(apart, 10) == (None, 0.0)
    assert agreement.unitized_undefined_reason(apart, 10, measure="cu") == unitized.NO_OVERLAP
    assert agreement.unitized_undefined_reason(BOOK_UNITS, 60) is None
    assert agreement.unitized_undefined_reason(BOOK_UNITS, 60, measure="cu") is None


def test_bad_units_are_refused():
    for bad in [("A", 5, 5, "x"), ("A", -1, 3, "x"), ("A", 2, 11, "x"), ("A", 1.0, 3, "x")]:
        with pytest.raises(ValueError, match="not a stretch"):
            agreement.unitized_alpha([bad], 10)
    with pytest.raises(ValueError, match=r"\(coder, start, end, value\)"):
        agreement.unitized_alpha([("A", 1, 3)], 10)
    with pytest.raises(ValueError, match="length"):
        agreement.unitized_alpha([], -1)
    with pytest.raises(ValueError, match="measure"):
        agreement.unitized_undefined_reason([], 10, measure="k")


def test_from_arrays_equals_the_tuple_interface():
    import numpy as np

    from coding.agreement import unitized

    rng = np.random.default_rng(21)
    for _ in range(30):
        length, coders = 2000, int(rng.integers(2, 4))
        units = []
        for coder in range(coders):
            cursor = 0
            while cursor < length - 60:
                start = cursor + int(rng.integers(0, 80))
                end = min(length, start + int(rng.integers(1, 60)))
                if start < end:
                    units.append((coder, start, end, int(rng.integers(1, 4))))
                cursor = end + 1  # one value per point: units of a coder never overlap
        arrays = [np.array([u[i] for u in units]) for i in range(4)]
        names = list(range(coders))
        for measure, function in (
            ("u", unitized.unitized_alpha),
            ("binary", unitized.binary_unitized_alpha),
            ("cu", unitized.cu_alpha),
        ):
            expected = function(units, length, coders=names)
            got = unitized.from_arrays(*arrays, coders=coders, length=length, measure=measure)
            if expected[0] is None:
                assert got[0] is None
            else:
                assert got[0] == pytest.approx(expected[0], abs=1e-12)
            assert got[1] == pytest.approx(expected[1], abs=1e-12)


def test_groups_with_different_coders_pool_their_coincidences():
    # Worked by hand: group 0 (coders A, B, length 4): both mark [0, 2). Group 1 (A, B, C,
    # length 4): A and B mark [0, 2), C nothing. Coincidences, each group divided by its own
    # m - 1: l_11 = 4 + 2, l_00 = 4 + 6, l_10 = l_01 = 2; l = 20, l_1 = 8, l_0 = 12.
    # Self terms: units 4 x 2^2 = 16, gaps (8 - 4) + (12 - 4) = 12, S = 28.
    # alpha = 1 - 4 (20 - 28/20) / (20^2 - 8^2 - 12^2) = 1 - 74.4 / 192 = 0.6125.
    coder = np.array([0, 1, 0, 1])
    start, end = np.array([0, 0, 0, 0]), np.array([2, 2, 2, 2])
    group = np.array([0, 0, 1, 1])
    alpha, marked = agreement.unitized.from_groups(
        coder, start, end, np.ones(4, dtype=int), group,
        coders=[2, 3], lengths=[4, 4], measure="binary",
    )  # fmt: skip
    assert alpha == pytest.approx(0.6125, abs=1e-12)
    assert marked == pytest.approx(8 / 20)
    # One group is exactly the single-continuum interface.
    one = agreement.unitized.from_groups(
        coder[:2], start[:2], end[:2], np.ones(2, dtype=int), group[:2],
        coders=[2], lengths=[4], measure="u",
    )  # fmt: skip
    assert one == agreement.unitized.from_arrays(
        coder[:2], start[:2], end[:2], np.ones(2, dtype=int), coders=2, length=4, measure="u"
    )
