"""The principle summary's figures, pure: the analysis page's own charts (coding/analysis/
charts.py: Altair specifications rendered by vl-convert), made from the same tables, so a
mentor reads the figures the team saw. HTML and PDF embed them as SVG, DOCX as PNG; Markdown
leaves them out and says where they are (a Markdown file travels alone: a link to the
workbench would need a login, and data URIs are dropped by most Markdown viewers).

vl-convert draws the same bytes from the same specification (checked across processes), so
the documents stay byte-stable."""

import base64
from typing import Any

from coding.principles.summary_data import Figure
from transcripts.cells import xml_text

FREQUENCIES = "Participants endorsing each cluster, with its CQR label"
HELPFUL = "Significant moments of each valence holding each cluster's codings"


def summary_figures(frequencies: dict[str, Any], helpful: dict[str, Any]) -> tuple[Figure, ...]:
    """The frequencies-by-cluster figure (when there are clusters) and the helpful/hindering
    figure (when a moment holds a coding), from the analysis tables' plain dicts."""
    from coding.analysis import charts  # Altair loads with the first figure, not at start-up

    def clean(rows: list[dict]) -> list[dict]:
        return [r | {"cluster": xml_text(r["cluster"])} for r in rows if r["code"] is None]

    figures = []
    clusters = clean(frequencies["rows"])
    if clusters:
        found = {"participants": frequencies["participants"], "rows": clusters}
        figures.append(Figure("frequencies", FREQUENCIES, charts.frequencies(found)))
    valence = clean(helpful["rows"])
    if any(r["helpful"] or r["hindering"] or r["mixed"] for r in valence):
        figures.append(Figure("helpful", HELPFUL, charts.helpful({"rows": valence})))
    return tuple(figures)


def svg_uri(figure: Figure) -> str:
    """The figure as an SVG data URI: an <img> keeps each SVG's ids apart from the page's."""
    from coding.analysis import charts

    data = base64.b64encode(charts.render(figure.spec, "svg")).decode("ascii")
    return f"data:image/svg+xml;base64,{data}"


def png(figure: Figure) -> bytes:
    from coding.analysis import charts

    return charts.render(figure.spec, "png")
