"""The session timeline as SVG shapes (pure): plain data in, coordinates out, drawn by a small
template (no script, so the page keeps its Content Security Policy). Series are thinned to
at most MAX_POINTS vertices each; segments become bands, moments marks, turns click areas."""

from dataclasses import dataclass

import numpy as np

WIDTH, HEIGHT = 960, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 18, 28
MAX_POINTS = 1500
TICK_CHOICES = (10, 30, 60, 120, 300, 600, 900, 1800, 3600)


@dataclass(frozen=True, slots=True)
class Band:
    x: float
    width: float
    kind: str  # top | bottom | divergent
    role: str
    title: str


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    kind: str
    href: str
    title: str


@dataclass(frozen=True, slots=True)
class Area:
    x: float
    width: float
    href: str
    title: str


def clock(seconds: float) -> str:
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Scale:
    def __init__(self, start: float, end: float):
        self.start, self.end = start, max(end, start + 1e-9)
        self.plot_width = WIDTH - LEFT - RIGHT
        self.plot_height = HEIGHT - TOP - BOTTOM

    def x(self, seconds: float) -> float:
        share = (seconds - self.start) / (self.end - self.start)
        return round(LEFT + min(max(share, 0.0), 1.0) * self.plot_width, 1)

    def y(self, value: float) -> float:
        return round(TOP + (1 - value / 100.0) * self.plot_height, 1)

    def width(self, start: float, end: float) -> float:
        return max(round(self.x(end) - self.x(start), 1), 1.0)


def polyline(scale: Scale, seconds: np.ndarray, values: np.ndarray) -> str:
    if len(seconds) > MAX_POINTS:
        keep = np.unique(np.linspace(0, len(seconds) - 1, MAX_POINTS).round().astype(int))
        seconds, values = seconds[keep], values[keep]
    return " ".join(f"{scale.x(s)},{scale.y(v)}" for s, v in zip(seconds, values, strict=True))


def time_ticks(scale: Scale) -> list[tuple[float, str]]:
    span = scale.end - scale.start
    every = next((t for t in TICK_CHOICES if span / t <= 12), TICK_CHOICES[-1])
    first = np.ceil(scale.start / every) * every
    return [(scale.x(t), clock(t)) for t in np.arange(first, scale.end + 1e-9, every)]


def value_ticks(scale: Scale) -> list[tuple[float, str]]:
    return [(scale.y(v), str(v)) for v in (0, 25, 50, 75, 100)]


def bands(scale: Scale, report: dict) -> list[Band]:
    found = []
    for kind in ("top", "bottom"):
        for role, segments in report[kind].items():
            for s in segments:
                title = (
                    f"{role} {kind}: {clock(s['start'])}–{clock(s['end'])}, mean {s['mean']:.1f}"
                )
                found.append(
                    Band(scale.x(s["start"]), scale.width(s["start"], s["end"]), kind, role, title)
                )
    for pair in report["divergent"]:
        for s in pair["segments"]:
            title = (
                f"{pair['a']} vs {pair['b']} diverge: {clock(s['start'])}–{clock(s['end'])}, "
                f"difference {s['mean']:+.1f}"
            )
            found.append(
                Band(
                    scale.x(s["start"]),
                    scale.width(s["start"], s["end"]),
                    "divergent",
                    pair["a"],
                    title,
                )
            )
    return found


def session_chart(
    series: dict[str, tuple[np.ndarray, np.ndarray]],
    report: dict,
    moments: list[dict],
    turns: list[tuple[int, float, float, str]],
    workbench: str,
) -> dict:
    """Everything the template draws. `turns`: (index, start s, end s, speaker) of timed
    turns; `moments`: visible moments with a `seconds` span; `workbench`: the page URL."""
    times = [t for s, _ in series.values() for t in (s[0], s[-1])]
    times += [t for _, start, end, _ in turns for t in (start, end)]
    if not times:
        return {}
    scale = Scale(min(times), max(times))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "plot": {"x": LEFT, "y": TOP, "width": scale.plot_width, "height": scale.plot_height},
        "lines": [(role, polyline(scale, s, v)) for role, (s, v) in series.items()],
        "bands": bands(scale, report),
        "marks": [
            Mark(
                scale.x(m["seconds"][0]),
                m["valence"],
                f"{workbench}#turn-{m['turn']}" if m.get("turn") is not None else workbench,
                f"{m['valence']} moment ({m['rater']}) at {clock(m['seconds'][0])}",
            )
            for m in moments
            if m["seconds"] is not None
        ],
        "areas": [
            Area(
                scale.x(start),
                scale.width(start, end),
                f"{workbench}#turn-{index}",
                f"{speaker or 'turn'} {clock(start)}–{clock(end)}: open in the workbench",
            )
            for index, start, end, speaker in turns
        ],
        "time_ticks": time_ticks(scale),
        "value_ticks": value_ticks(scale),
        "mid_y": scale.y(50),
    }
