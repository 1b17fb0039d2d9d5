"""Agreement tables as flat rows, CSV text or an XLSX workbook (for papers and audits)."""

import csv
import io

from coding.agreement.report import Report
from transcripts.cells import neutralised, xml_text

HEADER = [
    "table",
    "name",
    "units",
    "percent_agreement",
    "kappa",
    "alpha",
    "u_alpha",
    "cu_coverage",
    "note",
]


def flat_rows(report: Report) -> list[list]:
    rows = []
    tables = [
        ("code", report.codes),
        ("cluster", report.clusters),
        ("transcript", report.transcripts),
        ("participant", report.participants),
    ]
    if report.overall:
        tables.append(("study", [report.overall]))
    for table, items in tables:
        rows += [
            [table, r.name, r.units, r.percent, r.kappa, r.alpha, r.u_alpha, r.coverage, r.note]
            for r in items
        ]
    rows += [
        [
            "pair",
            f"{p['a']} / {p['b']}",
            None,
            p["percent_agreement"],
            p["kappa"],
            p["alpha"],
            None,
            None,
            "",
        ]
        for p in report.pairs
    ]
    return [[neutralised(cell) for cell in row] for row in rows]


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"# unit of analysis: {report.unit}; coders: {', '.join(report.coders)}"])
    writer.writerow(HEADER)
    writer.writerows(flat_rows(report))
    return out.getvalue()


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def cells(values):
        return [xml_text(v) for v in values]

    book = Workbook()
    sheet = book.active
    sheet.title = "agreement"
    sheet.append(cells([f"Unit of analysis: {report.unit}", f"Coders: {', '.join(report.coders)}"]))
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in flat_rows(report):
        sheet.append(cells(row))
    for column, width in zip("ABCDEFGH", (12, 40, 8, 18, 10, 10, 10, 50), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
