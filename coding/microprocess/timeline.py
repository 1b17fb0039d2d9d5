"""Between time and text (pure). Timed turns (VTT/SRT cues) give each turn a time span; a
character offset inside a turn gets its time by linear interpolation across the turn (speech
is taken as even within a cue). Spans of text (codings, moments) thus get time spans, and time
segments of the dial get the turns, codings and moments they overlap."""

import bisect
import functools
from dataclasses import dataclass

import numpy as np

from coding.microprocess.analysis import Series


@dataclass(frozen=True, slots=True)
class TimedTurn:
    index: int
    start: int  # code points
    end: int
    seconds: float
    end_seconds: float
    speaker: str = ""


class Turns(list):
    """Timed turns in text order (they never overlap), with their ends kept for binary search:
    a one-hour session has 600 turns or more and a transcript over a thousand codings."""

    @functools.cached_property
    def ends(self) -> list[int]:
        return [t.end for t in self]


def offset_seconds(turns: list[TimedTurn], offset: int, *, closing: bool = False) -> float | None:
    """Time of a character offset; None outside every timed turn. `closing`: the offset is
    the end of a span, so an offset at a turn's end belongs to that turn."""
    for turn in turns:
        inside = turn.start < offset <= turn.end if closing else turn.start <= offset < turn.end
        if inside:
            share = (offset - turn.start) / (turn.end - turn.start)
            return turn.seconds + share * (turn.end_seconds - turn.seconds)
    return None


def _touched(turns: list[TimedTurn], start: int, end: int) -> list[TimedTurn]:
    """The turns text [start, end) touches (a binary search finds the first)."""
    ends = turns.ends if isinstance(turns, Turns) else [t.end for t in turns]
    first = bisect.bisect_right(ends, start)
    touched = []
    for turn in turns[first:]:
        if turn.start >= end:
            break
        touched.append(turn)
    return touched


def span_seconds(turns: list[TimedTurn], start: int, end: int) -> tuple[float, float] | None:
    """Time span of text [start, end): from the first to the last timed turn it touches."""
    touched = _touched(turns, start, end)
    if not touched:
        return None
    first, last = touched[0], touched[-1]
    begin = offset_seconds([first], max(start, first.start))
    finish = offset_seconds([last], min(end, last.end), closing=True)
    return (begin, finish) if begin is not None and finish is not None else None


def first_turn(turns: list[TimedTurn], start: int, end: int) -> int | None:
    """Index of the first timed turn the text [start, end) touches (where the workbench opens)."""
    touched = _touched(turns, start, end)
    return touched[0].index if touched else None


def turns_between(turns: list[TimedTurn], start: float, end: float) -> list[int]:
    """Indices of the turns whose time overlaps [start, end)."""
    return [t.index for t in turns if t.seconds < end and start < t.end_seconds]


def overlaps(span: tuple[float, float] | None, start: float, end: float) -> bool:
    return span is not None and span[0] < end and start < span[1]


def mean_between(series: Series, start: float, end: float) -> float | None:
    """Time-weighted mean of the linearly interpolated dial over [start, end]; None when the
    series does not cover any of it."""
    start, end = max(start, float(series.seconds[0])), min(end, float(series.seconds[-1]))
    if end < start:
        return None
    if end == start:
        return float(np.interp(start, series.seconds, series.values))
    inside = series.seconds[(series.seconds > start) & (series.seconds < end)]
    points = np.concatenate(([start], inside, [end]))
    values = np.interp(points, series.seconds, series.values)
    area = float(((values[1:] + values[:-1]) * np.diff(points)).sum() / 2.0)
    return area / (end - start)


def checked_times(times: list[list[float]], indices: set[int]) -> list[tuple[int, float, float]]:
    """Turn times tapped along a recording, as (index, start, end) in turn order; ValueError
    (field, reason) unless every index is a turn of the transcript, once, and the times are
    finite, start before end, and never run backwards from one turn to the next."""
    rows = []
    for i, row in enumerate(times):
        index, start, end = row
        if index != int(index) or int(index) not in indices:
            raise ValueError(f"times[{i}]", f"no turn {index:g} in this transcript.")
        if not (0 <= start < end < float("inf")):
            raise ValueError(f"times[{i}]", "start must be 0 or more and before the end.")
        rows.append((int(index), float(start), float(end)))
    rows.sort()
    for (a, _, a_end), (b, b_start, _) in zip(rows, rows[1:], strict=False):
        if a == b:
            raise ValueError("times", f"turn {a} is timed twice.")
        if b_start < a_end:
            raise ValueError("times", f"turn {b} starts before turn {a} ends.")
    return rows
