"""The principle summary as DOCX (python-docx): real headings (Title, Heading 1-2), the
built-in Quote, List Bullet, Caption and Table Grid styles, so researchers can restyle and edit
it; the analysis figures as PNG pictures.

Same data, same bytes: the core properties are fixed (no creation or revision dates from the
clock) and the zip entries are rewritten with one fixed date in a fixed order."""

import io
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Inches, Pt

from coding.principles import summary_render as render
from coding.principles.summary_data import (
    VALENCE_HEADER,
    Figure,
    Summary,
    frequency_text,
    method_lines,
    valence_cells,
)
from coding.principles.summary_figures import png

FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FIGURE_WIDTH = Inches(6)  # the text width of the default template's Letter page


def docx_bytes(summary: Summary) -> bytes:
    doc = Document()
    _properties(doc, summary)
    doc.add_heading(render.heading(summary), level=0)
    doc.add_heading(render.CORE, level=1)
    doc.add_paragraph(summary.core_category or render.NO_CORE)
    doc.add_heading(render.CLUSTERS, level=1)
    _figure(doc, summary.figure("frequencies"))
    if not summary.clusters:
        doc.add_paragraph(render.NO_PRINCIPLES)
    for section in summary.clusters:
        _cluster(doc, section)
    doc.add_heading(render.VALENCE, level=1)
    _figure(doc, summary.figure("helpful"))
    if summary.valence:
        _valence_table(doc, summary)
    else:
        doc.add_paragraph(render.NO_MOMENTS)
    doc.add_heading(render.METHOD, level=1)
    for line in method_lines(summary.method):
        doc.add_paragraph(line, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


def _properties(doc, summary: Summary) -> None:
    props = doc.core_properties
    props.title = render.heading(summary)
    props.author = "QualCode"
    props.last_modified_by = "QualCode"
    props.comments = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_DATE


def _figure(doc, figure: Figure | None) -> None:
    """The figure as a PNG picture the width of the text, its title as a caption."""
    if figure is None:
        return
    doc.add_picture(io.BytesIO(png(figure)), width=FIGURE_WIDTH)
    doc.add_paragraph(figure.title, style="Caption")


def _cluster(doc, section) -> None:
    doc.add_heading(section.name, level=2)
    if frequency_text(section):
        doc.add_paragraph().add_run(frequency_text(section)).italic = True
    for item in section.principles:
        paragraph = doc.add_paragraph()
        paragraph.add_run("Principle: ").bold = True
        paragraph.add_run(item.statement)
        if item.implication:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{render.IMPLICATION}: ").italic = True
            paragraph.add_run(item.implication)
    for quote in section.quotes:
        doc.add_paragraph(f"“{quote.text}” — {quote.participant}", style="Quote")


def _valence_table(doc, summary: Summary) -> None:
    table = doc.add_table(rows=1, cols=len(VALENCE_HEADER), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, VALENCE_HEADER, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(9)
    for line in summary.valence:
        row = table.add_row().cells
        for cell, text in zip(row, valence_cells(line), strict=True):
            cell.text = text


def _fixed_zip(data: bytes) -> bytes:
    """The package again with every entry dated ZIP_DATE, in its original order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
