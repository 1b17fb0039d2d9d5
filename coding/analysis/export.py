"""The analysis tables as flat rows, CSV text or an XLSX workbook (for papers and audits).
A cell a spreadsheet would read as a formula (a code named "=HYPERLINK(...)") is written as
text, as the agreement exports do."""

import csv
import io
from typing import Any

from transcripts.cells import neutralised, xml_text

TABLES = ("frequencies", "matrix", "cooccurrence", "helpful", "saturation", "attributes")


def _frequencies(found):
    header = ["cluster", "code", "codings", "participants", "of", "label"]
    return header, [[r[k] for k in header] for r in found["rows"]], f"Rule: {found['rule']}"


def _matrix(found):
    header = ["participant", *(c["name"] for c in found["columns"])]
    rows = [[r["participant"], *r["counts"]] for r in found["rows"]]
    return header, rows, f"{found['values'].capitalize()} by {found['by']}"


def _cooccurrence(found):
    header = ["a", "b", "count", "n_a", "n_b", "coefficient", "p_b_given_a", "p_a_given_b"]
    rows = [[p[k] for k in header] + [p["warning"]] for p in found["pairs"]]
    note = f"Codes meeting in the same {found['kind']}; warning: one code used {found['warn_ratio']}x as often"
    return [*header, "warning"], rows, note


def _helpful(found):
    header = ["cluster", "code", "helpful", "hindering", "mixed"]
    header += ["helpful_intensity", "hindering_intensity", "mixed_intensity"]
    return header, [[r[k] for k in header] for r in found["rows"]], f"{found['moments']} moments"


def _saturation(found):
    header = [
        "participant",
        "codings",
        "new_codes",
        "codes",
        "first_used",
        "used",
        "new_code_names",
    ]
    rows = [[s[k] for k in header[:-1]] + ["; ".join(s["new_code_names"])] for s in found["steps"]]
    note = f"{found['codes']} codes in the codebook, {found['before']} of them before coding began"
    return header, rows, note


def _attributes(found):
    header = ["cluster", "value", "participants", "of", "label"]
    rows = [
        [r["cluster"], c["value"], c["participants"], c["of"], c["label"]]
        for r in found["rows"]
        for c in r["cells"]
    ]
    return header, rows, f"Attribute: {found['attribute']}"


FLAT = {
    "frequencies": _frequencies,
    "matrix": _matrix,
    "cooccurrence": _cooccurrence,
    "helpful": _helpful,
    "saturation": _saturation,
    "attributes": _attributes,
}


def flat(table: str, found: dict[str, Any]) -> tuple[list[str], list[list], str]:
    """(header, rows, a note line saying source and rule) with every text cell made safe."""
    header, rows, note = FLAT[table](found)
    note = f"Source: {found['source']}. {note}"
    return (
        [neutralised(h) for h in header],
        [[neutralised(cell) for cell in row] for row in rows],
        neutralised(note),
    )


def to_csv(table: str, found: dict[str, Any]) -> str:
    header, rows, note = flat(table, found)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"# {note}"])
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def to_xlsx(table: str, found: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def cells(values):
        return [xml_text(v) for v in values]

    header, rows, note = flat(table, found)
    book = Workbook()
    sheet = book.active
    sheet.title = table
    sheet.append(cells([note]))
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(cells(row))
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
