"""The analysis figures as Vega-Lite specifications (Altair) rendered to SVG or PNG on the
server (vl-convert), pure: the tables' plain dicts in, a spec or image bytes out. Server-side
images need no script in the page (our Content Security Policy allows none inline) and the
same figure goes into downloads and exported documents."""

import re
from typing import Any

import altair as alt

LABEL_COLOURS = {
    "general": "#1b7837",
    "typical": "#5aae61",
    "variant": "#a6dba0",
    "rare": "#d9f0d3",
    "": "#cccccc",
}
VALENCE_COLOURS = {"helpful": "#1b7837", "hindering": "#c51b7d", "mixed": "#8c8c8c"}
WIDTH = 520
TEXT_CELLS = 400


def whole(top: int) -> alt.Axis:
    """An axis of counts up to `top`: at most `top` ticks, so none falls between two whole
    numbers (vl-convert's Vega ignores tickMinStep: a 0-1 axis read "0, 1, 1")."""
    return alt.Axis(tickMinStep=1, format="d", tickCount=max(1, min(int(top), 5)))


def _height(n: int) -> int:
    return max(60, 22 * n)


def frequencies(found: dict[str, Any]) -> dict:
    rows = [r | {"label": r["label"] or "unlabelled"} for r in found["rows"] if r["code"] is None]
    labels = [k or "unlabelled" for k in LABEL_COLOURS]
    chart = (
        alt.Chart(
            alt.Data(values=rows), title=f"Participants per cluster (of {found['participants']})"
        )
        .mark_bar()
        .encode(
            y=alt.Y("cluster:N", sort=None, title=None),
            x=alt.X(
                "participants:Q",
                title="participants",
                axis=whole(found["participants"]),
                scale=alt.Scale(domain=[0, max(1, found["participants"])]),
            ),
            color=alt.Color(
                "label:N",
                scale=alt.Scale(domain=labels, range=list(LABEL_COLOURS.values())),
                title="CQR label",
            ),
        )
        .properties(width=WIDTH, height=_height(len(rows)))
    )
    return chart.to_dict()


def _heatmap(
    values: list[dict], x: str, y: str, title: str, x_order, y_order, *, legend: str = "codings"
) -> dict:
    """Cells shaded by `shade` (default: the count in `value`), non-zero counts written in."""
    shade = "share" if legend == "share" else "value"
    chart = (
        alt.Chart(alt.Data(values=values), title=title)
        .mark_rect()
        .encode(
            x=alt.X(f"{x}:N", sort=x_order, title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y(f"{y}:N", sort=y_order, title=None),
            color=alt.Color(f"{shade}:Q", scale=alt.Scale(scheme="blues"), title=legend),
        )
        .properties(width=max(120, 26 * len(x_order)), height=_height(len(y_order)))
    )
    if len(values) > TEXT_CELLS:
        return chart.to_dict()  # numbers in thousands of cells: unreadable, and slow to draw
    text = (
        chart.mark_text(fontSize=10)
        .encode(text="value:Q", color=alt.value("#222222"))
        .transform_filter("datum.value > 0")
    )
    return (chart + text).to_dict()


def matrix(found: dict[str, Any]) -> dict:
    columns = [c["name"] for c in found["columns"]]
    people = [r["participant"] for r in found["rows"]]
    values = [
        {"column": name, "participant": r["participant"], "value": n}
        for r in found["rows"]
        for name, n in zip(columns, r["counts"], strict=True)
    ]
    what = "Presence" if found.get("values") == "presence" else "Codings"
    title = f"{what} per participant and {found['by']}"
    return _heatmap(values, "column", "participant", title, columns, people)


def cooccurrence(found: dict[str, Any]) -> dict:
    names = [c["name"] for c in found["codes"]]
    values = [
        {"a": a, "b": b, "value": n}
        for a, row in zip(names, found["matrix"], strict=True)
        for b, n in zip(names, row, strict=True)
        if a != b
    ]
    title = f"Codes meeting in the same {found['kind']}"
    return _heatmap(values, "b", "a", title, names, names)


def helpful(found: dict[str, Any]) -> dict:
    values = [
        {"cluster": r["cluster"], "valence": v, "moments": r[v]}
        for r in found["rows"]
        if r["code"] is None
        for v in VALENCE_COLOURS
    ]
    clusters = list(dict.fromkeys(v["cluster"] for v in values))
    top = max((v["moments"] for v in values), default=1)
    chart = (
        alt.Chart(
            alt.Data(values=values), title="Significant moments holding each cluster's codings"
        )
        .mark_bar()
        .encode(
            y=alt.Y("cluster:N", sort=clusters, title=None),
            yOffset=alt.YOffset("valence:N", sort=list(VALENCE_COLOURS)),
            x=alt.X("moments:Q", title="moments", axis=whole(top)),
            color=alt.Color(
                "valence:N",
                scale=alt.Scale(domain=list(VALENCE_COLOURS), range=list(VALENCE_COLOURS.values())),
            ),
        )
        .properties(width=WIDTH, height=_height(3 * len(clusters)))
    )
    return chart.to_dict()


def saturation(found: dict[str, Any]) -> dict:
    """Bars: codes that entered the codebook per participant; lines: the codebook's size and
    the codes applied so far (saturation.py defines both)."""
    order = [s["participant"] for s in found["steps"]]
    bars = [{"participant": s["participant"], "new_codes": s["new_codes"]} for s in found["steps"]]
    lines = [
        {"participant": s["participant"], "series": series, "value": s[key]}
        for s in found["steps"]
        for series, key in (("codebook size", "codes"), ("codes applied so far", "used"))
    ]
    x = alt.X("participant:N", sort=order, title="participant (in the order coded)")
    top = max((line["value"] for line in lines), default=1)
    new = (
        alt.Chart(alt.Data(values=bars))
        .mark_bar(color="#9ecae1")
        .encode(
            x=x, y=alt.Y("new_codes:Q", title="new codes (bars), codes (lines)", axis=whole(top))
        )
    )
    totals = (
        alt.Chart(alt.Data(values=lines))
        .mark_line(point=True)
        .encode(
            x=x,
            y="value:Q",
            color=alt.Color(
                "series:N",
                scale=alt.Scale(
                    domain=["codebook size", "codes applied so far"], range=["#08519c", "#e6550d"]
                ),
                title=None,
            ),
        )
    )
    title = "New codes per participant (codebook history), in coding order"
    chart = alt.layer(new, totals, title=title)
    return chart.properties(width=max(WIDTH, 24 * len(order)), height=260).to_dict()


def attributes(found: dict[str, Any]) -> dict:
    groups = [f"{g['value']} ({g['participants']})" for g in found["groups"]]
    values = [
        {
            "cluster": r["cluster"],
            "group": name,
            "value": c["participants"],
            "share": c["participants"] / c["of"] if c["of"] else 0,
        }
        for r in found["rows"]
        for name, c in zip(groups, r["cells"], strict=True)
    ]
    clusters = [r["cluster"] for r in found["rows"]]
    title = f"Participants endorsing each cluster, by {found['attribute'] or 'attribute'}"
    return _heatmap(values, "group", "cluster", title, groups, clusters, legend="share")


def render(spec: dict, fmt: str) -> bytes:
    """The figure as SVG text (UTF-8) or a PNG at twice the size, for print."""
    import vl_convert

    if fmt == "svg":
        return stable_ids(vl_convert.vegalite_to_svg(spec).encode())
    return vl_convert.vegalite_to_png(spec, scale=2)


# Vega numbers the SVG ids of gradients (heatmap legends) and clips with a counter that runs
# on across the figures a process draws: the same table would give new bytes (and a new
# ETag) each time. Renumbered from 0 in order of appearance: ids and the attributes that
# refer to them, never text.
_COUNTED = re.compile(
    rb'(\s(?:id|fill|stroke|clip-path|mask)="(?:url\(#)?)((?:gradient_|clip|pattern_)\d+)(?=[")])'
)


def stable_ids(svg: bytes) -> bytes:
    found: dict[bytes, bytes] = {}

    def renumber(match: re.Match) -> bytes:
        old = match.group(2)
        if old not in found:
            found[old] = b"figure-%d" % len(found)
        return match.group(1) + found[old]

    return _COUNTED.sub(renumber, svg)


CHARTS = {
    "frequencies": frequencies,
    "matrix": matrix,
    "cooccurrence": cooccurrence,
    "helpful": helpful,
    "saturation": saturation,
    "attributes": attributes,
}
