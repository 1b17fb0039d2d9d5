"""The principle summary as Markdown and as HTML (a whole document with its print stylesheet,
or the article alone for a page's preview), pure. The order of sections is the same in every
format: core category, clusters with their principles (after the frequencies figure), helpful
and hindering (its figure, then the table), method. HTML holds the figures as SVG images;
Markdown names them only (summary_figures says why)."""

import re
from html import escape

from coding.principles.summary_data import (
    VALENCE_HEADER,
    ClusterSection,
    Figure,
    Summary,
    frequency_text,
    method_lines,
    valence_cells,
)
from coding.principles.summary_figures import svg_uri

TITLE = "Principle summary"
CORE = "Core category"
CLUSTERS = "Clusters and principles"
VALENCE = "What helped and what hindered"
METHOD = "Method"
IMPLICATION = "Implication for mentoring"
NO_CORE = "No core category has been written yet."
NO_PRINCIPLES = "No principles have been written yet."
NO_MOMENTS = "No significant moments contain these codings."

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def heading(summary: Summary) -> str:
    return f"{TITLE}: {summary.title}"


def _md(text: str) -> str:
    """User text made literal in Markdown (one paragraph)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown(summary: Summary) -> str:
    out = [f"# {_md(heading(summary))}", "", f"## {CORE}", ""]
    out += [_md(summary.core_category) if summary.core_category else f"_{NO_CORE}_", ""]
    out += [f"## {CLUSTERS}", ""]
    out += _md_figure(summary.figure("frequencies"))
    if not summary.clusters:
        out += [f"_{NO_PRINCIPLES}_", ""]
    for section in summary.clusters:
        out += _md_cluster(section)
    out += [f"## {VALENCE}", ""]
    out += _md_figure(summary.figure("helpful"))
    if summary.valence:
        out.append("| " + " | ".join(VALENCE_HEADER) + " |")
        out.append("|" + "|".join([" --- "] + [" ---: "] * (len(VALENCE_HEADER) - 1)) + "|")
        out += ["| " + " | ".join(_md(c) for c in valence_cells(v)) + " |" for v in summary.valence]
    else:
        out.append(f"_{NO_MOMENTS}_")
    out += ["", f"## {METHOD}", ""]
    out += [f"- {_md(line)}" for line in method_lines(summary.method)]
    return "\n".join(out) + "\n"


def _md_figure(figure: Figure | None) -> list[str]:
    """Markdown leaves the figure out and names it (summary_figures says why)."""
    if figure is None:
        return []
    return [f"_Figure: {_md(figure.title)} (in the HTML, DOCX and PDF versions)._", ""]


def _md_cluster(section: ClusterSection) -> list[str]:
    out = [f"### {_md(section.name)}", ""]
    if frequency_text(section):
        out += [f"*{frequency_text(section)}*", ""]
    for item in section.principles:
        out += [f"**Principle:** {_md(item.statement)}", ""]
        if item.implication:
            out += [f"*{IMPLICATION}:* {_md(item.implication)}", ""]
    for quote in section.quotes:
        out += [f"> “{_md(quote.text)}” — {_md(quote.participant)}", ""]
    return out


STYLESHEET = """
body { font-family: "DejaVu Serif", Georgia, serif; color: #1d2330; line-height: 1.45;
  max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #c9ced8; }
h3 { font-size: 1.08rem; margin: 1.2rem 0 .3rem; }
.frequency { color: #4a5468; font-style: italic; margin: 0 0 .4rem; }
.principle { margin: .3rem 0; }
.implication { margin: .2rem 0 .5rem 1rem; }
blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .7rem; border-left: 3px solid #c9ced8; }
blockquote .who { color: #4a5468; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid #c9ced8; padding: .25rem .45rem; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.method { padding-left: 1.2rem; }
figure.chart { margin: .6rem 0 1rem; }
figure.chart img { display: block; max-width: 100%; height: auto; }
figure.chart figcaption { color: #4a5468; font-size: .9rem; margin-top: .3rem; }
@media print {
  @page { size: A4; margin: 2cm 1.8cm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; }
  .cluster, blockquote, tr, figure.chart { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def html_article(summary: Summary) -> str:
    """The summary as one <article> (the page's preview and the document's body)."""
    e = escape
    out = ['<article class="principle-summary">', f"<h1>{e(heading(summary))}</h1>"]
    core = e(summary.core_category) if summary.core_category else f"<em>{NO_CORE}</em>"
    out += [f"<h2>{CORE}</h2>", f'<p class="core">{core}</p>', f"<h2>{CLUSTERS}</h2>"]
    out += _html_figure(summary.figure("frequencies"))
    if not summary.clusters:
        out.append(f"<p><em>{NO_PRINCIPLES}</em></p>")
    for section in summary.clusters:
        out += _html_cluster(section)
    out.append(f"<h2>{VALENCE}</h2>")
    out += _html_figure(summary.figure("helpful"))
    out += _html_valence(summary) if summary.valence else [f"<p><em>{NO_MOMENTS}</em></p>"]
    out += [f"<h2>{METHOD}</h2>", '<ul class="method">']
    out += [f"<li>{e(line)}</li>" for line in method_lines(summary.method)]
    out += ["</ul>", "</article>"]
    return "\n".join(out) + "\n"


def _html_figure(figure: Figure | None) -> list[str]:
    if figure is None:
        return []
    title = escape(figure.title)
    return [
        f'<figure class="chart" id="figure-{figure.name}">'
        f'<img src="{svg_uri(figure)}" alt="{title}"><figcaption>{title}</figcaption></figure>'
    ]


def _html_cluster(section: ClusterSection) -> list[str]:
    e = escape
    out = ['<section class="cluster">', f"<h3>{e(section.name)}</h3>"]
    if frequency_text(section):
        out.append(f'<p class="frequency">{e(frequency_text(section))}</p>')
    for item in section.principles:
        out.append(f'<p class="principle"><strong>Principle:</strong> {e(item.statement)}</p>')
        if item.implication:
            out.append(f'<p class="implication"><em>{IMPLICATION}:</em> {e(item.implication)}</p>')
    for quote in section.quotes:
        out.append(
            f"<blockquote>“{e(quote.text)}” "
            f'<span class="who">— {e(quote.participant)}</span></blockquote>'
        )
    return [*out, "</section>"]


def _html_valence(summary: Summary) -> list[str]:
    numeric = ' class="num"'
    head = "".join(
        f'<th scope="col"{numeric if i else ""}>{escape(h)}</th>'
        for i, h in enumerate(VALENCE_HEADER)
    )
    rows = []
    for line in summary.valence:
        cells = valence_cells(line)
        body = f'<th scope="row">{escape(cells[0])}</th>' + "".join(
            f'<td class="num">{escape(c)}</td>' for c in cells[1:]
        )
        rows.append(f"<tr>{body}</tr>")
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]


def html_document(summary: Summary) -> str:
    """A standalone HTML document with the print stylesheet (the download and the PDF's source)."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(heading(summary))}</title>\n<style>{STYLESHEET}</style>\n"
        f"</head>\n<body>\n{html_article(summary)}</body>\n</html>\n"
    )
