"""Projection of codings onto units: the half-coverage rule, exact indexes."""

import numpy as np

from coding.agreement.units import covered_units

SENTENCES = [(0, 10), (11, 21), (22, 40), (41, 45)]


def test_half_coverage_rule():
    # 5 of 10 characters: exactly half counts; 4 of 10 does not.
    assert covered_units(SENTENCES, [(5, 10)]).tolist() == [0]
    assert covered_units(SENTENCES, [(6, 10)]).tolist() == []
    # One span over a whole sentence and half of the next (10 of 18 characters).
    assert covered_units(SENTENCES, [(11, 32)]).tolist() == [1, 2]


def test_union_of_several_spans_counts_once():
    # Two overlapping halves of sentence 2 cover 12 of 18 characters together.
    assert covered_units(SENTENCES, [(22, 30), (26, 34)]).tolist() == [2]
    # Apart, 4 + 4 of 18 is less than half.
    assert covered_units(SENTENCES, [(22, 26), (36, 40)]).tolist() == []


def test_spans_in_gaps_and_empty_inputs():
    assert covered_units(SENTENCES, [(10, 11)]).tolist() == []
    assert covered_units(SENTENCES, []).tolist() == []
    assert covered_units([], [(0, 4)]).tolist() == []


def test_matches_a_plain_loop_on_random_data():
    rng = np.random.default_rng(3)
    bounds = np.sort(rng.choice(np.arange(1, 5000), size=400, replace=False))
    units = np.column_stack([bounds[:-1:2], bounds[1::2]])
    starts = rng.integers(0, 4900, size=120)
    spans = np.column_stack([starts, starts + rng.integers(1, 150, size=120)])
    covered = np.zeros(5200, dtype=bool)
    for s, e in spans:
        covered[s:e] = True
    expected = [i for i, (s, e) in enumerate(units) if 2 * covered[s:e].sum() >= e - s]
    assert covered_units(units, spans).tolist() == expected


def test_grouped_matches_one_call_per_group():
    from coding.agreement.units import covered_units_grouped

    rng = np.random.default_rng(9)
    bounds = np.sort(rng.choice(np.arange(1, 20_000), size=1200, replace=False))
    units = np.column_stack([bounds[:-1:2], bounds[1::2]])
    starts = rng.integers(0, 19_800, size=900)
    spans = np.column_stack([starts, starts + rng.integers(1, 300, size=900)])
    groups = rng.integers(0, 25, size=900)
    got_groups, got_units = covered_units_grouped(units, spans, groups)
    got = sorted(zip(got_groups.tolist(), got_units.tolist(), strict=True))
    expected = sorted(
        (g, int(u)) for g in range(25) for u in covered_units(units, spans[groups == g])
    )
    assert got == expected
