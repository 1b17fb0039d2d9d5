"""Between time and text: offsets to seconds across timed turns, and dial means over spans."""

from coding.microprocess import timeline
from coding.microprocess.analysis import series
from coding.microprocess.timeline import TimedTurn

# Two timed turns: text 0-10 spoken from 0 s to 5 s, text 12-32 from 10 s to 20 s.
TURNS = timeline.Turns([TimedTurn(0, 0, 10, 0.0, 5.0), TimedTurn(1, 12, 32, 10.0, 20.0)])


def test_offsets_map_linearly_within_a_turn():
    assert timeline.offset_seconds(TURNS, 0) == 0.0
    assert timeline.offset_seconds(TURNS, 4) == 2.0
    assert timeline.offset_seconds(TURNS, 22) == 15.0
    assert timeline.offset_seconds(TURNS, 10) is None  # between the turns
    assert timeline.offset_seconds(TURNS, 10, closing=True) == 5.0


def test_span_seconds_across_turns():
    assert timeline.span_seconds(TURNS, 2, 8) == (1.0, 4.0)
    assert timeline.span_seconds(TURNS, 6, 17) == (3.0, 12.5)
    assert timeline.span_seconds(TURNS, 10, 12) is None


def test_turns_between_and_overlap():
    assert timeline.turns_between(TURNS, 4.0, 11.0) == [0, 1]
    assert timeline.turns_between(TURNS, 5.0, 10.0) == []
    assert timeline.overlaps((3.0, 12.5), 12.0, 20.0)
    assert not timeline.overlaps((3.0, 12.5), 12.5, 20.0)
    assert not timeline.overlaps(None, 0, 1)


def test_mean_between_is_time_weighted():
    dial = series([[0, 0], [10, 100], [20, 100]])
    assert timeline.mean_between(dial, 2, 4) == 30.0  # the line from 20 to 40
    # 5-15 s: 50 -> 100 over 5 s (mean 75), then 100 for 5 s: (75 + 100) / 2
    assert timeline.mean_between(dial, 5, 15) == 87.5
    assert timeline.mean_between(dial, 15, 40) == 100.0  # clipped to the series
    assert timeline.mean_between(dial, 7, 7) == 70.0
    assert timeline.mean_between(dial, 30, 40) is None
