"""Exports researchers ask for, as files: coded segments grouped by code (CSV, XLSX, DOCX)
and the codebook (XLSX, DOCX with definitions, inclusion and exclusion notes and examples).
Pure: plain rows in, bytes or text out. A cell a spreadsheet would read as a formula (a quote
starting with "=") is written as text."""

from __future__ import annotations

import csv
import io
from itertools import groupby

from transcripts.cells import neutralised, xml_text

SEGMENT_COLUMNS = (
    "cluster",
    "code",
    "participant",
    "transcript",
    "coder",
    "start",
    "end",
    "before",
    "quote",
    "after",
    "memo",
)
CODEBOOK_COLUMNS = (
    "cluster",
    "code",
    "definition",
    "inclusion",
    "exclusion",
    "example",
    "colour",
    "active",
)
MOMENT_COLUMNS = (
    "participant",
    "transcript",
    "rater",
    "valence",
    "intensity",
    "start",
    "end",
    "quote",
    "note",
)
MEMO_COLUMNS = ("author", "about", "text", "created")


def xml_safe(rows: list[dict]) -> list[dict]:
    """DOCX and XLSX are XML: the rows without the characters it cannot hold."""
    return [{k: xml_text(v) for k, v in row.items()} for row in rows]


def _csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([neutralised(row[c]) for c in columns] for row in rows)
    return out.getvalue()


def _xlsx(rows: list[dict], columns: tuple[str, ...], title: str, widths: dict[str, int]) -> bytes:
    rows = xml_safe(rows)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralised(row[c]) for c in columns])
    for index, column in enumerate(columns):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = widths.get(column, 14)
        if widths.get(column, 14) > 30:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    return _csv(rows, columns)


def table_xlsx(rows: list[dict], columns: tuple[str, ...], title: str) -> bytes:
    return _xlsx(rows, columns, title, {"quote": 60, "note": 40, "text": 80, "about": 40})


def segments_csv(rows: list[dict]) -> str:
    return _csv(rows, SEGMENT_COLUMNS)


def segments_xlsx(rows: list[dict]) -> bytes:
    return _xlsx(
        rows,
        SEGMENT_COLUMNS,
        "coded segments",
        {"quote": 60, "before": 30, "after": 30, "memo": 30},
    )


def codebook_csv(rows: list[dict]) -> str:
    return _csv(rows, CODEBOOK_COLUMNS)


def codebook_xlsx(rows: list[dict]) -> bytes:
    return _xlsx(
        rows,
        CODEBOOK_COLUMNS,
        "codebook",
        {"definition": 50, "inclusion": 40, "exclusion": 40, "example": 40},
    )


def _docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def segments_docx(rows: list[dict], *, title: str) -> bytes:
    """One heading per cluster, one per code, each segment as a quote in its context with the
    participant, transcript and coder (rows come sorted by cluster and code)."""
    from docx import Document

    rows, title = xml_safe(rows), xml_text(title)
    document = Document()
    document.add_heading(f"Coded segments: {title}", level=0)
    for cluster, in_cluster in groupby(rows, key=lambda r: r["cluster"]):
        document.add_heading(cluster or "Codes without a cluster", level=1)
        for code, in_code in groupby(in_cluster, key=lambda r: r["code"]):
            items = list(in_code)
            participants = len({r["participant"] for r in items})
            document.add_heading(
                f"{code} ({len(items)} segments, {participants} participants)", level=2
            )
            for row in items:
                paragraph = document.add_paragraph(style="Quote")
                if row["before"]:
                    paragraph.add_run(f"…{row['before']}").italic = True
                paragraph.add_run(row["quote"]).bold = True
                if row["after"]:
                    paragraph.add_run(f"{row['after']}…").italic = True
                where = f"{row['participant'] or '–'}, {row['transcript']}, coded by {row['coder']}"
                document.add_paragraph(where + (f". Memo: {row['memo']}" if row["memo"] else ""))
    return _docx_bytes(document)


def codebook_docx(rows: list[dict], *, title: str) -> bytes:
    from docx import Document

    rows, title = xml_safe(rows), xml_text(title)
    document = Document()
    document.add_heading(f"Codebook: {title}", level=0)
    for cluster, in_cluster in groupby(rows, key=lambda r: r["cluster"]):
        document.add_heading(cluster or "Codes without a cluster", level=1)
        for row in in_cluster:
            document.add_heading(row["code"] + ("" if row["active"] else " (inactive)"), level=2)
            for label in ("definition", "inclusion", "exclusion", "example"):
                if row[label]:
                    paragraph = document.add_paragraph()
                    paragraph.add_run(f"{label.capitalize()}: ").bold = True
                    paragraph.add_run(row[label])
    return _docx_bytes(document)
