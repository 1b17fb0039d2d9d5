"""One session's analysis as plain data, the same for the API, the page and the command:
figures per rater and pair, and each segment with the turns, codings and moments inside it."""

from typing import Any

from coding.microprocess import analysis, selectors
from coding.microprocess.analysis import Segment, SessionAnalysis
from coding.microprocess.selectors import SessionData, TextLinks
from transcripts.models import Membership


def _segment(segment: Segment, links: TextLinks) -> dict[str, Any]:
    inside = links.inside(segment.start, segment.end)
    return {
        "start": segment.start,
        "end": segment.end,
        "mean": segment.mean,
        "turns": inside["turns"],
        "codings": [{k: c[k] for k in ("id", "code", "coder")} for c in inside["codings"]],
        "moments": [{k: m[k] for k in ("id", "valence", "rater")} for m in inside["moments"]],
    }


def _guess(result: SessionAnalysis, stored: dict) -> dict[str, Any] | None:
    """The client's six segments as the therapist is shown them, and the score when the
    stored labels were given for these very segments (same length and starts)."""
    if "client" not in result.top:
        return None
    shown = analysis.guess_segments(result.top["client"], result.bottom["client"])
    starts = [s.start for s, _ in shown]
    labels = stored.get("labels") if stored else None
    current = bool(labels) and stored.get("segment") == result.segment
    current = current and stored.get("step") == result.step
    current = current and stored.get("starts") == starts
    return {
        "segments": [{"start": s.start, "end": s.end} for s, _ in shown],
        "labels": labels if current else None,
        "score": (
            analysis.score_guess(result.top["client"], result.bottom["client"], labels)
            if current
            else None
        ),
        "out_of": len(shown),
    }


def session_report(
    data: SessionData, member: Membership, *, step: float, segment: float, lag: float
) -> dict[str, Any]:
    result = selectors.analyse(data, step=step, segment=segment, lag=lag)
    links = selectors.text_links(member, data.transcript)
    d = result.describe

    def segments(found: dict[str, list[Segment]]) -> dict[str, list[dict]]:
        return {role: [_segment(s, links) for s in items] for role, items in found.items()}

    return {
        "transcript": data.transcript.pk,
        "step": step,
        "segment": segment,
        "lag": lag,
        "grid_start": result.grid_start,
        "grid_points": result.grid_points,
        "samples": {role: x.n for role, x in d.items()},
        "means": {role: x.mean for role, x in d.items()},
        "sds": {role: x.sd for role, x in d.items()},
        "ranges": {role: [x.minimum, x.maximum] for role, x in d.items()},
        "movement": {role: x.movement for role, x in d.items()},
        "pearson": [_pair(c, c.pearson) for c in result.correlations],
        "spearman": [_pair(c, c.spearman) for c in result.correlations],
        "top": segments(result.top),
        "bottom": segments(result.bottom),
        "divergent": [
            {"a": a, "b": b, "segments": [_segment(s, links) for s in found]}
            for a, b, found in result.divergent
        ],
        "guess": _guess(result, data.session.guess if data.session else {}),
    }


def _pair(c: analysis.Correlation, r: float | None) -> dict[str, Any]:
    return {"a": c.a, "b": c.b, "lag": c.lag, "n": c.n, "r": r}


def page_tables(found: dict[str, Any]) -> dict[str, list]:
    """The report arranged as the session page's tables (rows, not lookups by key)."""
    figures = [
        {
            "role": role,
            "n": found["samples"][role],
            "mean": mean,
            "sd": found["sds"][role],
            "low": found["ranges"][role][0],
            "high": found["ranges"][role][1],
            "movement": found["movement"][role],
        }
        for role, mean in found["means"].items()
    ]
    pairs = [
        {**p, "spearman": s["r"]} for p, s in zip(found["pearson"], found["spearman"], strict=True)
    ]
    groups = []
    for role, segments in found["top"].items():
        groups.append((f"{role}: highest", "Mean", segments))
        groups.append((f"{role}: lowest", "Mean", found["bottom"][role]))
    for pair in found["divergent"]:
        title = f"where {pair['a']} and {pair['b']} diverge ({pair['a']} − {pair['b']})"
        groups.append((title, "Difference", pair["segments"]))
    return {"figures": figures, "pairs": pairs, "groups": groups}
