"""The pure dial-rating analysis against hand-worked values (scipy is not installed here, so
Pearson and Spearman are worked by hand in the comments)."""

import math

import numpy as np
import pytest

from coding.microprocess import analysis
from coding.microprocess.analysis import Segment


def test_describe_mean_sd_range_and_movement():
    s = analysis.series([[0, 50], [0.5, 60], [1.0, 40], [1.5, 40], [2.0, 70]])
    d = analysis.describe(s)
    # mean 260 / 5; deviations -2, 8, -12, -12, 18 -> squares 680 / 4 = 170
    assert d.n == 5 and d.mean == 52.0
    assert d.sd == pytest.approx(math.sqrt(170), abs=1e-12)
    assert (d.minimum, d.maximum) == (40.0, 70.0)
    # moved 10 + 20 + 0 + 30 = 60 points in 2 seconds -> 1800 per minute
    assert d.movement == 1800.0


def test_common_grid_interpolates_over_the_shared_span():
    rated = {
        "client": analysis.series([[0, 0], [2, 100], [4, 50]]),
        "therapist": analysis.series([[1, 10], [3, 20], [5, 30]]),
    }
    grid, values = analysis.common_grid(rated, 1.0)
    # span 1-4 s: three whole steps, each point standing for [t, t + 1)
    assert grid.tolist() == [1.0, 2.0, 3.0]
    assert values["client"].tolist() == [50.0, 100.0, 75.0]
    assert values["therapist"].tolist() == [10.0, 15.0, 20.0]
    half, _ = analysis.common_grid(rated, 0.5)
    assert half.tolist() == [1.0, 1.5, 2.0, 2.5, 3.0, 3.5]


def test_pearson_and_spearman_by_hand():
    a = np.array([1.0, 2, 3, 4, 5])
    b = np.array([2.0, 4, 5, 4, 5])
    # da = -2 -1 0 1 2, db = -2 0 1 0 1: sum da*db = 6, sum da^2 = 10, sum db^2 = 6
    assert analysis.pearson(a, b) == pytest.approx(6 / math.sqrt(60), abs=1e-12)
    # ranks of b with ties averaged: 1, 2.5, 4.5, 2.5, 4.5 -> 7 / sqrt(10 * 9)
    assert analysis.ranks(b).tolist() == [1.0, 2.5, 4.5, 2.5, 4.5]
    assert analysis.spearman(a, b) == pytest.approx(7 / math.sqrt(90), abs=1e-12)
    assert analysis.pearson(a, np.full(5, 3.0)) is None  # a constant rater: undefined


def test_lag_pairs_a_with_b_later():
    a = np.array([0.0, 10, 0, 10, 0, 10])
    b = np.array([5.0, 0, 10, 0, 10, 0])
    assert analysis.pearson(a, b) < 0
    x, y = analysis.lagged(a, b, 1)
    assert x.tolist() == [0, 10, 0, 10, 0] and y.tolist() == [0, 10, 0, 10, 0]
    assert analysis.pearson(x, y) == 1.0
    x, y = analysis.lagged(a, b, -1)
    assert x.tolist() == [10, 0, 10, 0, 10] and y.tolist() == [5, 0, 10, 0, 10]


VALUES = [0.0, 10, 80, 90, 20, 30, 60, 50, 5, 0]


def test_top_and_bottom_segments_never_overlap():
    grid = np.arange(10.0)
    # two-point window means: 5, 45, 85, 55, 25, 45, 55, 27.5, 2.5
    top, bottom = analysis.extremes(grid, np.array(VALUES), 1.0, 2.0)
    assert top == [Segment(2, 4, 85), Segment(6, 8, 55), Segment(4, 6, 25)]
    # the lowest windows left once the top ones are taken; no third one fits
    assert bottom == [Segment(8, 10, 2.5), Segment(0, 2, 5)]


def test_divergence_segments_rank_by_absolute_difference():
    grid = np.arange(6.0)
    a = np.full(6, 50.0)
    b = np.array([50.0, 40, 90, 90, 50, 45])
    # a - b = 0 10 -40 -40 0 5 -> window means 5, -15, -40, -20, 2.5
    found = analysis.divergences(grid, a, b, 1.0, 2.0)
    assert found == [Segment(2, 4, -40), Segment(0, 2, 5), Segment(4, 6, 2.5)]


def test_therapist_guess_scores_k_of_the_segments():
    top, bottom = analysis.extremes(np.arange(10.0), np.array(VALUES), 1.0, 2.0)
    shown = analysis.guess_segments(top, bottom)
    assert [(s.start, label) for s, label in shown] == [
        (0, "bottom"),
        (2, "top"),
        (4, "top"),
        (6, "top"),
        (8, "bottom"),
    ]
    assert analysis.score_guess(top, bottom, ["bottom", "top", "bottom", "top", "top"]) == 3
    with pytest.raises(ValueError):
        analysis.score_guess(top, bottom, ["top"])


def test_analyse_a_whole_session():
    client = analysis.series([[t, v] for t, v in enumerate(VALUES)])
    therapist = analysis.series([[t, 50.0] for t in range(10)])
    result = analysis.analyse(
        {"client": client, "therapist": therapist}, step=1.0, segment=2.0, lag=0.0
    )
    # span 0-9 s: grid 0..8 (the last sample only closes the final step)
    assert result.grid_points == 9 and result.grid_start == 0.0
    assert result.describe["client"].mean == 34.5
    assert result.describe["therapist"].sd == 0.0
    [pair] = result.correlations
    assert (pair.a, pair.b, pair.n, pair.pearson, pair.spearman) == (
        "client",
        "therapist",
        9,
        None,
        None,
    )
    assert result.top["client"][0] == Segment(2, 4, 85)
    [(a, b, segments)] = result.divergent
    # client - 50: -50 -40 30 40 -30 -20 10 0 -45 -> windows -45 -5 35 5 -25 -5 5 -22.5
    assert (a, b) == ("client", "therapist")
    assert segments == [Segment(0, 2, -45), Segment(2, 4, 35), Segment(4, 6, -25)]


def test_series_without_common_span():
    rated = {
        "client": analysis.series([[0, 1], [1, 2]]),
        "therapist": analysis.series([[5, 1], [6, 2]]),
    }
    result = analysis.analyse(rated)
    assert result.grid_points == 0 and result.grid_start is None
    assert result.correlations[0].pearson is None and result.top["client"] == []
