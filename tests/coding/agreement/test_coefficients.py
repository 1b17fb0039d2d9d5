"""Agreement coefficients for coders x units data and the vectorised per-code pass: published
values (source beside each), hand-computed examples, and cross-checks against the krippendorff
package."""

import numpy as np
import pytest
from krippendorff import alpha as reference_alpha

from coding import agreement

# Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12
# units, values 1-5 with missing data. Gwet's irrCAC ships the same matrix as cac.raw4raters.
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]

# Fleiss (1971) Table 1: 30 patients, 6 psychiatrists, 5 diagnoses (1 depression, 2 personality
# disorder, 3 schizophrenia, 4 neurosis, 5 other), as the R package irr ships it (`diagnoses`).
DIAGNOSES = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]  # fmt: skip

# irr's `anxiety` (20 subjects, 3 raters, ratings 1-6); the values are raters 2 and 3.
ANXIETY_2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
ANXIETY_3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]


def from_counts(counts: list[list[int]]) -> list[list]:
    """subjects x categories counts -> coders x units rows (category indexes as values)."""
    columns = [[k for k, n in enumerate(row) for _ in range(n)] for row in counts]
    raters = max(len(column) for column in columns)
    return [[column[r] if r < len(column) else None for column in columns] for r in range(raters)]


def from_table(table: list[list[int]]) -> tuple[list[int], list[int]]:
    """A two-rater contingency table (rows rater A) -> the two raters' value lists."""
    pairs = [(i, j) for i, row in enumerate(table) for j, n in enumerate(row) for _ in range(n)]
    return [i for i, _ in pairs], [j for _, j in pairs]


def transpose(rows: list[list]) -> list[list]:
    return [list(column) for column in zip(*rows, strict=True)]


# -- Krippendorff's alpha: published values ---------------------------------------------------


def test_krippendorff_2011_reliability_data_all_levels():
    # Printed in the paper: nominal .743, ordinal .815, interval .849, ratio .797.
    expected = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    for level, value in expected.items():
        assert round(agreement.krippendorff_alpha(OBSERVERS, level), 3) == value, level
    # irrCAC's krippen.alpha.raw(cac.raw4raters) prints 0.74342 (Gwet, Handbook, 4th ed.).
    assert round(agreement.krippendorff_alpha(OBSERVERS), 5) == 0.74342


def test_krippendorff_2011_binary_two_observers():
    # Section A: coincidences o00 = 10, o01 = o10 = 4, o11 = 2; n0 = 14, n1 = 6, n = 20;
    # alpha = 1 - (n - 1) o01 / (n0 n1) = 1 - 19 * 4 / 84 = 0.095.
    observer_a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    observer_b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    value = agreement.krippendorff_alpha([observer_a, observer_b])
    assert value == pytest.approx(1 - 19 * 4 / 84, abs=1e-12)
    assert round(value, 3) == 0.095


def test_alpha_accepts_arrays_with_nan_and_string_values():
    array = np.array([[np.nan if v is None else v for v in row] for row in OBSERVERS])
    assert agreement.krippendorff_alpha(array, "interval") == pytest.approx(
        agreement.krippendorff_alpha(OBSERVERS, "interval"), abs=1e-12
    )
    labels = [[None if v is None else "abcde"[v - 1] for v in row] for row in OBSERVERS]
    assert agreement.krippendorff_alpha(labels) == pytest.approx(
        agreement.krippendorff_alpha(OBSERVERS), abs=1e-12
    )
    with pytest.raises(ValueError, match="numeric"):
        agreement.krippendorff_alpha(labels, "interval")
    with pytest.raises(ValueError, match="level"):
        agreement.krippendorff_alpha(OBSERVERS, "circular")
    with pytest.raises(ValueError, match="same length"):
        agreement.krippendorff_alpha([[1, 2], [1]])


# -- Fleiss, Scott, Gwet, Brennan-Prediger, percent agreement: published values ---------------


def test_fleiss_1971_diagnoses():
    # Fleiss (1971) reports kappa = .430; irr's kappam.fleiss(diagnoses) prints 0.4302445.
    data = transpose(DIAGNOSES)
    totals = [sum(row.count(k) for row in DIAGNOSES) for k in range(1, 6)]
    assert totals == [26, 26, 30, 55, 43]  # the category totals of Fleiss' table
    assert round(agreement.fleiss_kappa(data), 3) == 0.430
    assert agreement.fleiss_kappa(data) == pytest.approx(0.4302445, abs=5e-8)


def test_fleiss_equals_the_classic_formula_on_complete_data():
    # Wikipedia's Fleiss example (14 raters, 10 subjects, 5 categories): kappa = 0.210, and the
    # classic P-bar / P-e arithmetic of Fleiss (1971) done here directly.
    counts = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]  # fmt: skip
    table = np.array(counts, dtype=float)
    raters = table.sum(axis=1)[0]
    p_i = ((table * (table - 1)).sum(axis=1) / (raters * (raters - 1))).mean()
    p_j = table.sum(axis=0) / table.sum()
    classic = (p_i - (p_j**2).sum()) / (1 - (p_j**2).sum())
    kappa = agreement.fleiss_kappa(from_counts(counts))
    assert kappa == pytest.approx(classic, abs=1e-12)
    assert round(kappa, 3) == 0.210


def test_gwet_handbook_four_raters_with_missing_ratings():
    # irrCAC README (Gwet), raw ratings cac.raw4raters = the Krippendorff 2011 matrix:
    # percent agreement 0.8181818, AC1 0.77544, Fleiss' kappa 0.76117, Brennan-Prediger 0.77273.
    assert agreement.percent_agreement(OBSERVERS) == pytest.approx(0.8181818, abs=5e-8)
    assert round(agreement.gwet_ac1(OBSERVERS), 5) == 0.77544
    assert round(agreement.fleiss_kappa(OBSERVERS), 5) == 0.76117
    assert round(agreement.brennan_prediger(OBSERVERS), 5) == 0.77273


def test_gwet_six_raters_distribution():
    # irrCAC README, distrib.6raters (15 patients x 5 diagnoses, 6 raters): AC1 0.4448007,
    # Fleiss 0.4139265, Krippendorff's alpha 0.4204384, Brennan-Prediger 0.4388889.
    counts = [
        [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
        [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
        [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
    ]  # fmt: skip
    data = from_counts(counts)
    assert agreement.gwet_ac1(data) == pytest.approx(0.4448007, abs=5e-8)
    assert agreement.fleiss_kappa(data) == pytest.approx(0.4139265, abs=5e-8)
    assert agreement.krippendorff_alpha(data) == pytest.approx(0.4204384, abs=5e-8)
    assert agreement.brennan_prediger(data) == pytest.approx(0.4388889, abs=5e-8)


def test_gwet_two_raters_contingency_table():
    # irrCAC README, cont3x3abstractors (100 subjects, 2 raters): Cohen 0.7964094, Scott's pi
    # 0.7962397, AC1 0.8493305, Brennan-Prediger 0.835, Krippendorff 0.7972585, agreement 0.89.
    a, b = from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]])
    assert agreement.cohen_kappa(a, b) == pytest.approx(0.7964094, abs=5e-8)
    assert agreement.scott_pi([a, b]) == pytest.approx(0.7962397, abs=5e-8)
    assert agreement.fleiss_kappa([a, b]) == agreement.scott_pi([a, b])
    assert agreement.gwet_ac1([a, b]) == pytest.approx(0.8493305, abs=5e-8)
    assert agreement.brennan_prediger([a, b]) == pytest.approx(0.835, abs=1e-12)
    assert agreement.krippendorff_alpha([a, b]) == pytest.approx(0.7972585, abs=5e-8)
    assert agreement.percent_agreement([a, b]) == pytest.approx(0.89, abs=1e-12)


def test_hand_computed_kappa_family_with_missing_ratings():
    # Units (3 coders): u1 a,a,a; u2 a,a,b; u3 b,b,-; u4 a,-,-.
    # p_a over u1-u3: (6/6 + 2/6 + 2/2) / 3 = 7/9.
    # pi_a = (1 + 2/3 + 0 + 1) / 4 = 2/3, pi_b = (0 + 1/3 + 1 + 0) / 4 = 1/3.
    # Fleiss: p_e = 4/9 + 1/9 = 5/9, kappa = (7/9 - 5/9) / (4/9) = 1/2.
    # AC1: p_e = (2/9 + 2/9) / (2 - 1) = 4/9, AC1 = (7/9 - 4/9) / (5/9) = 3/5.
    # Brennan-Prediger: q = 2, p_e = 1/2, (7/9 - 1/2) / (1/2) = 5/9; q = 4: 19/27.
    data = [["a", "a", "b", "a"], ["a", "a", "b", None], ["a", "b", None, None]]
    assert agreement.percent_agreement(data) == pytest.approx(7 / 9, abs=1e-12)
    assert agreement.fleiss_kappa(data) == pytest.approx(1 / 2, abs=1e-12)
    assert agreement.gwet_ac1(data) == pytest.approx(3 / 5, abs=1e-12)
    assert agreement.brennan_prediger(data) == pytest.approx(5 / 9, abs=1e-12)
    assert agreement.brennan_prediger(data, q=4) == pytest.approx(19 / 27, abs=1e-12)
    with pytest.raises(ValueError, match="smaller"):
        agreement.brennan_prediger(data, q=1)


# -- Cohen's kappa -----------------------------------------------------------------------------


def test_cohen_kappa_hand_computed_two_by_two():
    # Table: (1,1) 4, (1,0) 2, (0,1) 1, (0,0) 3; p_o = 7/10; p_e = .6 * .5 + .4 * .5 = .5;
    # kappa = (.7 - .5) / .5 = .4.
    a = [1, 1, 1, 0, 0, 0, 1, 0, 1, 1]
    b = [1, 1, 0, 0, 0, 1, 1, 0, 1, 0]
    assert agreement.cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)
    # Pairs with a missing value are dropped.
    assert agreement.cohen_kappa(a + [None, 1], b + [0, None]) == pytest.approx(0.4, abs=1e-12)


def test_cohen_kappa_sas_example_unweighted_and_linear():
    # statsmodels' test of a SAS printout: table [[0,4,1],[0,8,0],[0,1,5]], simple kappa
    # 0.4842, weighted kappa (Cicchetti-Allison linear weights) 0.4701.
    a, b = from_table([[0, 4, 1], [0, 8, 0], [0, 1, 5]])
    assert round(agreement.cohen_kappa(a, b), 4) == 0.4842
    assert round(agreement.cohen_kappa(a, b, "linear"), 4) == 0.4701


def test_cohen_kappa_irr_anxiety_weighted():
    # irr: kappa2(anxiety[,2:3]) -0.006289308, "equal" weights 0.1459075, "squared" 0.2520325
    # (irr drops the unused level 5, so weights run over the observed categories in order).
    assert agreement.cohen_kappa(ANXIETY_2, ANXIETY_3) == pytest.approx(-0.006289308, abs=5e-9)
    linear = agreement.cohen_kappa(ANXIETY_2, ANXIETY_3, "linear")
    quadratic = agreement.cohen_kappa(ANXIETY_2, ANXIETY_3, "quadratic")
    assert linear == pytest.approx(0.1459075, abs=5e-8)
    assert quadratic == pytest.approx(0.2520325, abs=5e-8)


def sklearn_style_kappa(a: list, b: list, weights: str | None) -> float:
    """scikit-learn's cohen_kappa_score, re-implemented: 1 - sum(w * O) / sum(w * E)."""
    labels = sorted(set(a) | set(b))
    index = {label: i for i, label in enumerate(labels)}
    observed = np.zeros((len(labels), len(labels)))
    for x, y in zip(a, b, strict=True):
        observed[index[x], index[y]] += 1
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    grid = np.subtract.outer(np.arange(len(labels)), np.arange(len(labels)))
    w = {None: (grid != 0).astype(float), "linear": np.abs(grid), "quadratic": grid**2}[weights]
    return 1 - (w * observed).sum() / (w * expected).sum()


def test_cohen_kappa_matches_sklearn_formula_on_random_data():
    rng = np.random.default_rng(7)
    for _ in range(30):
        a = rng.integers(1, 6, size=40).tolist()
        b = [x if rng.random() < 0.6 else int(rng.integers(1, 6)) for x in a]
        for weights in agreement.measures.WEIGHTS:
            assert agreement.cohen_kappa(a, b, weights) == pytest.approx(
                sklearn_style_kappa(a, b, weights), abs=1e-12
            )
    with pytest.raises(ValueError, match="weights"):
        agreement.cohen_kappa([1], [1], "cubic")
    with pytest.raises(ValueError, match="every unit"):
        agreement.cohen_kappa([1, 2], [1])


# -- Undefined cases ---------------------------------------------------------------------------


def test_undefined_coefficients_are_none_with_a_reason():
    one_category = [["x", "x", "x"], ["x", "x", None]]
    for measure in (
        agreement.krippendorff_alpha,
        agreement.fleiss_kappa,
        agreement.scott_pi,
        agreement.gwet_ac1,
        agreement.brennan_prediger,
    ):
        assert measure(one_category) is None, measure.__name__
    assert agreement.percent_agreement(one_category) == 1.0
    assert agreement.cohen_kappa(*one_category) is None
    assert agreement.undefined_reason(one_category) == (
        "Only one category was used, so chance agreement is total."
    )

    never_paired = [[1, None, 2], [None, 2, None]]
    for measure in (agreement.krippendorff_alpha, agreement.percent_agreement, agreement.gwet_ac1):
        assert measure(never_paired) is None
    assert agreement.cohen_kappa(*never_paired) is None
    assert agreement.undefined_reason(never_paired) == "No unit was coded by two coders."

    lone_coder = [[1, 2, 3], [None, None, None]]
    assert agreement.krippendorff_alpha(lone_coder) is None
    assert agreement.undefined_reason(lone_coder).startswith("Fewer than two coders")
    assert agreement.krippendorff_alpha([]) is None
    assert agreement.undefined_reason(OBSERVERS) is None


# -- Cross-checks against the krippendorff package ---------------------------------------------


def random_reliability_data(rng: np.random.Generator) -> np.ndarray:
    coders, units = int(rng.integers(2, 6)), int(rng.integers(4, 40))
    truth = rng.integers(1, 6, size=units)
    noise = rng.integers(1, 6, size=(coders, units))
    data = np.where(rng.random((coders, units)) < 0.6, truth, noise).astype(float)
    data[rng.random((coders, units)) < 0.25] = np.nan
    return data


def test_alpha_matches_krippendorff_package_on_random_matrices():
    rng = np.random.default_rng(2011)
    checked = 0
    for _ in range(50):
        data = random_reliability_data(rng)
        as_lists = [[None if np.isnan(v) else int(v) for v in row] for row in data]
        for level in agreement.LEVELS:
            ours = agreement.krippendorff_alpha(as_lists, level)
            if ours is None:
                assert agreement.undefined_reason(as_lists) is not None
                continue
            theirs = reference_alpha(reliability_data=data, level_of_measurement=level)
            assert ours == pytest.approx(theirs, abs=1e-9), level
            assert agreement.krippendorff_alpha(data, level) == pytest.approx(ours, abs=1e-12)
            checked += 1
    assert checked >= 190


# -- Vectorised per-code pass ------------------------------------------------------------------


def random_presence(rng: np.random.Generator, coders: int, units: int, codes: int):
    base = rng.random((units, codes)) < rng.uniform(0.05, 0.5, size=codes)
    flips = rng.random((coders, units, codes)) < 0.15
    presence = base[None, :, :] ^ flips
    rated = rng.random((coders, units)) < 0.85
    return presence, rated


def per_code_matrix(presence: np.ndarray, rated: np.ndarray, code: int) -> list[list]:
    return [
        [int(v) if ok else None for v, ok in zip(row, mask, strict=True)]
        for row, mask in zip(presence[:, :, code], rated, strict=True)
    ]


def test_binary_alpha_by_code_equals_per_code_alpha():
    rng = np.random.default_rng(40)
    for coders in (2, 3, 5):
        presence, rated = random_presence(rng, coders, 300, 12)
        presence[:, :, 0] = False  # a code nobody used: undefined
        by_code = agreement.binary_alpha_by_code(presence, rated)
        assert by_code[0] is None
        for code in range(1, 12):
            matrix = per_code_matrix(presence, rated, code)
            assert by_code[code] == pytest.approx(agreement.krippendorff_alpha(matrix), abs=1e-12)
            data = np.where(rated, presence[:, :, code], np.nan).astype(float)
            assert by_code[code] == pytest.approx(
                reference_alpha(reliability_data=data, level_of_measurement="nominal"), abs=1e-9
            )
        everyone = agreement.binary_alpha_by_code(presence)
        full = [[int(v) for v in row] for row in presence[:, :, 5]]
        assert everyone[5] == pytest.approx(agreement.krippendorff_alpha(full), abs=1e-12)


def test_percent_agreement_and_kappa_by_code_equal_the_scalar_versions():
    rng = np.random.default_rng(41)
    presence, rated = random_presence(rng, 3, 200, 8)
    percent = agreement.percent_agreement_by_code(presence, rated)
    for code in range(8):
        matrix = per_code_matrix(presence, rated, code)
        assert percent[code] == pytest.approx(agreement.percent_agreement(matrix), abs=1e-12)
    pair, pair_rated = presence[:2], rated[:2]
    pair[:, :, 0] = True  # both coders say "present" everywhere: kappa undefined
    kappa = agreement.cohen_kappa_by_code(pair, pair_rated)
    assert kappa[0] is None
    for code in range(1, 8):
        a, b = per_code_matrix(pair, pair_rated, code)
        assert kappa[code] == pytest.approx(agreement.cohen_kappa(a, b), abs=1e-12)
    with pytest.raises(ValueError, match="two coders"):
        agreement.cohen_kappa_by_code(presence, rated)


def test_batch_functions_reject_bad_shapes_and_handle_no_overlap():
    with pytest.raises(ValueError, match="coders x units x codes"):
        agreement.binary_alpha_by_code(np.zeros((2, 3), dtype=bool))
    with pytest.raises(ValueError, match="rated"):
        agreement.binary_alpha_by_code(np.zeros((2, 3, 1), dtype=bool), np.ones((2, 4)))
    presence = np.ones((2, 3, 2), dtype=bool)
    apart = np.array([[True, True, False], [False, False, True]])
    assert agreement.binary_alpha_by_code(presence, apart) == [None, None]
    assert agreement.percent_agreement_by_code(presence, apart) == [None, None]
    assert agreement.cohen_kappa_by_code(presence, apart) == [None, None]


def test_fleiss_kappa_by_code_matches_fleiss_kappa_per_code_with_missing_ratings():
    from coding.agreement import fleiss_kappa, fleiss_kappa_by_code

    rng = np.random.default_rng(11)
    for _ in range(20):
        coders, units, codes = rng.integers(3, 6), rng.integers(5, 40), rng.integers(1, 6)
        presence = rng.random((coders, units, codes)) < rng.uniform(0.05, 0.6)
        rated = rng.random((coders, units)) < 0.85
        batch = fleiss_kappa_by_code(presence, rated)
        for k in range(codes):
            data = [
                [int(presence[c, u, k]) if rated[c, u] else None for u in range(units)]
                for c in range(coders)
            ]
            expected = fleiss_kappa(data)
            if expected is None:
                assert batch[k] is None
            else:
                assert batch[k] == pytest.approx(expected, abs=1e-12)
