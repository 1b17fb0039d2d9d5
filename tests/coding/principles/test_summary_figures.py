"""The summary's figures: the analysis page's frequencies and helpful/hindering charts, as SVG
in HTML and PDF, PNG in DOCX, named but left out of Markdown; the same bytes every time, in
another process too; a coder in the blind phase gets figures of their own codings."""

import base64
import hashlib
import io
import json
import re
import subprocess
import sys

import docx
import pypdf

from coding.analysis import charts
from coding.models import Coding, SignificantMoment
from coding.principles.summary import build_summary
from coding.principles.summary_figures import FREQUENCIES, HELPFUL
from coding.principles.summary_files import render
from tests.coding.principles.test_summary import member

REL, ENV = "Therapeutic relationship", "Therapy environment"


def summary_of(finished, persona="owner"):
    world = finished.world
    return build_summary(study=world.study, member=member(world, persona), source="all")


def svg_of(html: str, name: str) -> str:
    found = re.search(rf'id="figure-{name}"><img src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert found, name
    return base64.b64decode(found.group(1)).decode()


def test_figures_are_the_analysis_charts_of_the_same_tables(finished):
    summary = summary_of(finished)
    frequencies, helpful = summary.figures
    assert (frequencies.name, frequencies.title) == ("frequencies", FREQUENCIES)
    # the data worked out in test_summary.test_content: 2 of 3 general, 1 of 3 unlabelled
    assert [(r["cluster"], r["participants"], r["label"]) for r in _values(frequencies)] == [
        (REL, 2, "general"),
        (ENV, 1, "unlabelled"),
    ]
    assert (helpful.name, helpful.title) == ("helpful", HELPFUL)
    assert [(v["cluster"], v["valence"], v["moments"]) for v in _values(helpful)] == [
        (REL, "helpful", 1),
        (REL, "hindering", 0),
        (REL, "mixed", 0),
        (ENV, "helpful", 0),
        (ENV, "hindering", 1),
        (ENV, "mixed", 0),
    ]


def _values(figure) -> list[dict]:
    return figure.spec["data"]["values"]


def test_html_holds_svg_where_the_sections_begin(finished):
    html = render(summary_of(finished), "html").decode()
    assert html.count('<figure class="chart"') == 2
    assert (
        html.index("<h2>Clusters and principles</h2>")
        < html.index('id="figure-frequencies"')
        < html.index(f"<h3>{REL}</h3>")
        < html.index("<h2>What helped and what hindered</h2>")
        < html.index('id="figure-helpful"')
        < html.index("<table>")
    )
    frequencies = svg_of(html, "frequencies")
    assert frequencies.startswith("<svg") and "Participants per cluster (of 3)" in frequencies
    assert REL in frequencies and "general" in frequencies
    assert "Significant moments holding each cluster" in svg_of(html, "helpful")
    assert f"<figcaption>{FREQUENCIES}</figcaption>" in html


def test_markdown_names_the_figures_only(finished):
    text = render(summary_of(finished), "md").decode()
    assert f"_Figure: {FREQUENCIES} (in the HTML, DOCX and PDF versions)._" in text
    assert "data:image" not in text and "![" not in text


def test_docx_has_png_pictures_with_captions(finished):
    data = render(summary_of(finished), "docx")
    document = docx.Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 2
    images = [part.blob for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(images) == 2 and all(blob.startswith(b"\x89PNG\r\n\x1a\n") for blob in images)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [FREQUENCIES, HELPFUL]
    assert render(summary_of(finished), "docx") == data


def test_pdf_draws_the_figures_as_vectors(finished):
    data = render(summary_of(finished), "pdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    # the charts' own titles and legends are text in the PDF: drawn from SVG, not a bitmap
    assert "Participants per cluster (of 3)" in text and "CQR label" in text
    assert "Significant moments holding each cluster's codings" in text
    assert render(summary_of(finished), "pdf") == data


def test_same_figure_bytes_in_another_process(finished):
    figure = summary_of(finished).figures[0]
    here = [charts.render(figure.spec, fmt) for fmt in ("svg", "png")]
    script = (
        "import json, sys, hashlib\n"
        "from coding.analysis import charts\n"
        "spec = json.loads(sys.stdin.read())\n"
        "print(*(hashlib.sha256(charts.render(spec, f)).hexdigest() for f in ('svg', 'png')))"
    )
    there = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(figure.spec),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert there == [hashlib.sha256(data).hexdigest() for data in here]


def test_blind_coder_figures_are_their_own(finished):
    """The owner codes P03 for "understood" and rates that passage helpful: the owner's
    figures count it, the coder's in the blind phase do not."""
    world = finished.world
    t3, understood = finished.codings["room3"].transcript, finished.codings["understood1"].code
    start = t3.text.index("The room was cold and bare.")
    span = {"transcript": t3, "start": start, "end": start + 27}
    Coding.objects.create(code=understood, coder=world.users["owner"], **span)
    SignificantMoment.objects.create(
        rater=world.users["owner"], valence="helpful", intensity=5, **span
    )
    owners = summary_of(finished).figure("frequencies")
    assert [(r["cluster"], r["participants"]) for r in _values(owners)] == [(REL, 3), (ENV, 1)]
    world.study.blind_coding = True
    world.study.save()
    coders = summary_of(finished, "coder")
    assert [(r["cluster"], r["participants"]) for r in _values(coders.figure("frequencies"))] == [
        (REL, 2),
        (ENV, 1),
    ]
    moments = [
        (v["cluster"], v["valence"], v["moments"]) for v in _values(coders.figure("helpful"))
    ]
    assert [m for m in moments if m[2]] == [(REL, "helpful", 1), (ENV, "hindering", 1)]
    html = render(coders, "html").decode()
    assert "(of 3)" in svg_of(html, "frequencies") and "Therapy environment" in html
