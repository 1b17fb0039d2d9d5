"""Dial-rating analysis (pure: numpy, no Django). A series is (seconds, values), values 0-100,
seconds strictly increasing, any sampling rate.

Per rater: mean, SD (ddof=1, as SPSS reports it), range and movement (total absolute change
of the dial per minute: sampling-rate free) from the rater's own samples. Between raters: both
series linearly interpolated onto one grid over their common time span; grid point t stands for
[t, t + step) and the grid ends where a whole step no longer fits, so a segment of
k = round(length / step) points is [t, t + k * step) and never reaches past the span. Segments are
sliding windows picked greedily by their mean, never overlapping one already picked."""

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

TOP, BOTTOM = "top", "bottom"


@dataclass(frozen=True, slots=True)
class Series:
    seconds: np.ndarray
    values: np.ndarray


@dataclass(frozen=True, slots=True)
class Describe:
    n: int
    mean: float
    sd: float | None  # None for a single sample
    minimum: float
    maximum: float
    movement: float  # points of dial movement per minute


@dataclass(frozen=True, slots=True)
class Segment:
    start: float
    end: float
    mean: float  # for divergence: the signed difference a - b


@dataclass(frozen=True, slots=True)
class Correlation:
    a: str
    b: str
    lag: float
    n: int
    pearson: float | None  # None when either series is constant over the pairs
    spearman: float | None


@dataclass(frozen=True, slots=True)
class SessionAnalysis:
    step: float
    segment: float
    grid_start: float | None
    grid_points: int
    describe: dict[str, Describe]
    correlations: list[Correlation]
    top: dict[str, list[Segment]]
    bottom: dict[str, list[Segment]]
    divergent: list[tuple[str, str, list[Segment]]] = field(default_factory=list)


def series(pairs: list[tuple[float, float]] | list[list[float]]) -> Series:
    array = np.asarray(pairs, dtype=float).reshape(-1, 2)
    return Series(seconds=array[:, 0], values=array[:, 1])


def describe(s: Series) -> Describe:
    values = s.values
    duration = float(s.seconds[-1] - s.seconds[0]) if len(values) > 1 else 0.0
    moved = float(np.abs(np.diff(values)).sum())
    return Describe(
        n=len(values),
        mean=float(values.mean()),
        sd=float(values.std(ddof=1)) if len(values) > 1 else None,
        minimum=float(values.min()),
        maximum=float(values.max()),
        movement=moved / duration * 60.0 if duration > 0 else 0.0,
    )


def common_grid(rated: dict[str, Series], step: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Every series interpolated on t0, t0 + step, ... over the span all of them cover."""
    if step <= 0:
        raise ValueError("step must be positive")
    start = max(float(s.seconds[0]) for s in rated.values())
    stop = min(float(s.seconds[-1]) for s in rated.values())
    if stop < start:
        return np.empty(0), {role: np.empty(0) for role in rated}
    count = int(np.floor((stop - start) / step + 1e-9))
    grid = start + step * np.arange(count)
    return grid, {role: np.interp(grid, s.seconds, s.values) for role, s in rated.items()}


def lagged(a: np.ndarray, b: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs a(t) with b(t + points): a positive lag asks whether b follows a."""
    if points >= 0:
        return a[: len(a) - points], b[points:]
    return a[-points:], b[: len(b) + points]


def pearson(a: np.ndarray, b: np.ndarray) -> float | None:
    if len(a) < 2:
        return None
    da, db = a - a.mean(), b - b.mean()
    denominator = float(np.sqrt((da * da).sum() * (db * db).sum()))
    if denominator == 0.0:
        return None
    return float((da * db).sum() / denominator)


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties given the mean of the ranks they share."""
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(values)]
    mean_rank = (starts + ends + 1) / 2.0  # mean of positions start+1 .. end
    result = np.empty(len(values))
    result[order] = np.repeat(mean_rank, ends - starts)
    return result


def spearman(a: np.ndarray, b: np.ndarray) -> float | None:
    return pearson(ranks(a), ranks(b)) if len(a) >= 2 else None


def window_means(values: np.ndarray, points: int) -> np.ndarray:
    """Mean of every run of `points` consecutive values (len(values) - points + 1 of them)."""
    if points < 1 or points > len(values):
        return np.empty(0)
    total = np.concatenate(([0.0], np.cumsum(values)))
    return (total[points:] - total[:-points]) / points


def pick_windows(
    scores: np.ndarray, points: int, count: int, taken: tuple[int, ...] = ()
) -> list[int]:
    """Start indices of the `count` highest-scoring windows overlapping neither each other nor
    the windows starting at `taken` (ties: the earlier window)."""
    chosen: list[int] = []
    blocked = list(taken)
    for start in np.argsort(-scores, kind="mergesort").tolist():
        if all(abs(start - other) >= points for other in blocked):
            chosen.append(start)
            blocked.append(start)
            if len(chosen) == count:
                break
    return chosen


def _segments(
    grid: np.ndarray, means: np.ndarray, starts: list[int], step: float, points: int
) -> list[Segment]:
    return [
        Segment(start=float(grid[i]), end=float(grid[i] + points * step), mean=float(means[i]))
        for i in starts
    ]


def extremes(
    grid: np.ndarray, values: np.ndarray, step: float, length: float, count: int = 3
) -> tuple[list[Segment], list[Segment]]:
    """A rater's `count` highest and `count` lowest segments, none overlapping another."""
    points = max(1, round(length / step))
    means = window_means(values, points)
    high = pick_windows(means, points, count)
    low = pick_windows(-means, points, count, taken=tuple(high))
    return _segments(grid, means, high, step, points), _segments(grid, means, low, step, points)


def divergences(
    grid: np.ndarray, a: np.ndarray, b: np.ndarray, step: float, length: float, count: int = 3
) -> list[Segment]:
    """Where a and b differ most (by the absolute mean difference), signed a - b."""
    points = max(1, round(length / step))
    means = window_means(a - b, points)
    starts = pick_windows(np.abs(means), points, count)
    return _segments(grid, means, starts, step, points)


def guess_segments(top: list[Segment], bottom: list[Segment]) -> list[tuple[Segment, str]]:
    """The client's top and bottom segments in time order, as the therapist is shown them."""
    labelled = [(s, TOP) for s in top] + [(s, BOTTOM) for s in bottom]
    return sorted(labelled, key=lambda item: item[0].start)


def score_guess(top: list[Segment], bottom: list[Segment], guesses: list[str]) -> int:
    """How many of the therapist's labels (top/bottom, in time order) are right: k of 6."""
    truth = [label for _, label in guess_segments(top, bottom)]
    if len(guesses) != len(truth):
        raise ValueError(f"expected {len(truth)} labels, got {len(guesses)}")
    return sum(given == right for given, right in zip(guesses, truth, strict=True))


def analyse(
    rated: dict[str, Series], *, step: float = 1.0, segment: float = 30.0, lag: float = 0.0
) -> SessionAnalysis:
    """Everything the session page, the API and the command show, in one pass."""
    grid, on_grid = common_grid(rated, step) if rated else (np.empty(0), {})
    top, bottom = {}, {}
    for role, values in on_grid.items():
        top[role], bottom[role] = extremes(grid, values, step, segment)
    shift = round(lag / step)
    correlations, divergent = [], []
    for a, b in combinations(on_grid, 2):
        x, y = lagged(on_grid[a], on_grid[b], shift)
        correlations.append(Correlation(a, b, lag, len(x), pearson(x, y), spearman(x, y)))
        divergent.append((a, b, divergences(grid, on_grid[a], on_grid[b], step, segment)))
    return SessionAnalysis(
        step=step,
        segment=segment,
        grid_start=float(grid[0]) if len(grid) else None,
        grid_points=len(grid),
        describe={role: describe(s) for role, s in rated.items()},
        correlations=correlations,
        top=top,
        bottom=bottom,
        divergent=divergent,
    )
