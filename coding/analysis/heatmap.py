"""Heatmap cells of the participant x code (or cluster) matrix and the code x code
co-occurrence table, pure: each cell's count, its shade (as a data-style the page's
styles.js applies: the Content Security Policy refuses style attributes) and the query
that lists its segments."""

from html import escape
from typing import Any
from urllib.parse import urlencode


def shade(n: int, top: int) -> str:
    """A blue as dark as n is near the table's largest count; white text on the darkest."""
    if n <= 0 or top <= 0:
        return ""
    alpha = 0.12 + 0.78 * n / top
    colour = "#fff" if alpha > 0.6 else "#1f2430"
    return f"background-color: rgba(8, 81, 156, {alpha:.2f}); color: {colour}"


def _matrix(found: dict[str, Any]) -> dict[str, Any]:
    by, columns = found["by"], found["columns"]
    top = max((n for r in found["rows"] for n in r["counts"]), default=0)
    rows = []
    for r in found["rows"]:
        cells = []
        for column, n in zip(columns, r["counts"], strict=True):
            query = {"source": found["source"], "participant": r["participant_id"]}
            if column["id"] is not None:
                query[by] = column["id"]
            title = f"{r['participant']} · {column['name']}"
            cells.append(
                {
                    "n": n,
                    "style": shade(n, top),
                    "title": title,
                    "query": urlencode(query | {"title": title}),
                }
            )
        rows.append({"name": r["participant"], "cells": cells})
    return {"columns": [c["name"] for c in columns], "rows": rows, "zeros": True}


def _cooccurrence(found: dict[str, Any]) -> dict[str, Any]:
    codes = found["codes"]
    top = max((n for row in found["matrix"] for n in row), default=0)
    rows = []
    for a, counts in zip(codes, found["matrix"], strict=True):
        cells = []
        for b, n in zip(codes, counts, strict=True):
            query = {"source": found["source"], "kind": found["kind"], "a": a["id"], "b": b["id"]}
            title = f"{a['name']} + {b['name']}"
            cells.append(
                {
                    "n": n if a["id"] != b["id"] else None,
                    "style": shade(n, top),
                    "title": title,
                    "query": urlencode(query | {"title": title}),
                }
            )
        rows.append({"name": a["name"], "cells": cells})
    return {"columns": [c["name"] for c in codes], "rows": rows, "zeros": False}


def heat_rows(tab: str, found: dict[str, Any]) -> dict[str, Any]:
    return _matrix(found) if tab == "matrix" else _cooccurrence(found)


def heat_table(heat: dict[str, Any], segments_url: str) -> str:
    """The heatmap as HTML, every text escaped here. Built in Python rather than by the
    template language: 100 participants x 40 codes are 4,000 cells, which took the template
    half a second to render."""
    url = escape(segments_url)
    head = "".join(
        f'<th scope="col" class="rot"><span>{escape(c)}</span></th>' for c in heat["columns"]
    )
    rows = []
    for row in heat["rows"]:
        cells = []
        for cell in row["cells"]:
            style = f' data-style="{escape(cell["style"])}"' if cell["style"] else ""
            if cell["n"]:
                href = f"{url}?{escape(cell['query'])}"
                title = escape(f"{cell['title']}: {cell['n']}")
                inner = f'<a href="{href}" title="{title}" hx-get="{href}" hx-target="#segments" hx-swap="innerHTML">{cell["n"]}</a>'
            elif cell["n"] is not None and heat["zeros"]:
                inner = '<span class="zero">0</span>'
            else:
                inner = ""
            cells.append(f'<td class="num"{style}>{inner}</td>')
        rows.append(f'<tr><th scope="row">{escape(row["name"])}</th>{"".join(cells)}</tr>')
    return (
        '<div class="scroll"><table class="list matrix heat" id="heatmap">'
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
