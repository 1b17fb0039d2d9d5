"""Dial-rating files (pure): plain `seconds,value` CSV (0-100) and the exports of CARMA and
DARMA, whose header rows are skipped. Leading rows without numbers are headers; the last of
them may name the columns (time: second/seconds/time/...; value: rating/value/x/...) and, as
CARMA's exports do, the scale (`Minimum Value`, `Maximum Value` columns), which is then
rescaled to 0-100. Every bad row is reported with its line number; one bad row fails the file."""

import csv
import io
import math
from dataclasses import dataclass

TIME_NAMES = ("second", "seconds", "sec", "secs", "time", "t", "time of rating", "timestamp")
VALUE_NAMES = ("rating", "value", "dial", "x", "score")
MAX_REPORTED = 20


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # 1-based line of the file; 0 for the whole file
    reason: str


class DialFileError(ValueError):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(f"line {e.line}: {e.reason}" for e in errors[:3]))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Columns:
    time: int
    value: int
    scale_min: int | None = None
    scale_max: int | None = None


def _number(cell: str) -> float | None:
    try:
        value = float(cell.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _rows(text: str) -> list[tuple[int, list[str]]]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    if "\t" in sample and sample.count("\t") > sample.count(delimiter):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [
        (reader.line_num, row)
        for row in reader
        if any(cell.strip() for cell in row)  # blank lines are no rows
    ]


def _columns(header: list[str] | None, width: int) -> Columns | None:
    if header is not None:
        names = [cell.strip().lower() for cell in header]
        time = next((i for i, n in enumerate(names) if n in TIME_NAMES), None)
        value = next((i for i, n in enumerate(names) if n in VALUE_NAMES), None)
        if time is not None and value is not None:
            low = names.index("minimum value") if "minimum value" in names else None
            high = names.index("maximum value") if "maximum value" in names else None
            return Columns(time, value, low, high)
    return Columns(0, 1) if width == 2 else None


def _is_data(row: list[str], columns: Columns | None) -> bool:
    if columns is None:
        return len(row) == 2 and all(_number(cell) is not None for cell in row)
    return _number(row[columns.time]) is not None if len(row) > columns.time else False


def parse_dial_csv(text: str) -> list[tuple[float, float]]:
    """[(seconds, value 0-100), ...] strictly increasing in time, or DialFileError."""
    rows = _rows(text)
    first = next(
        (i for i, (_, row) in enumerate(rows) if any(_number(c) is not None for c in row)), None
    )
    if first is None:
        raise DialFileError([RowError(0, "no rows with numbers: is this a dial-rating file?")])
    header = rows[first - 1][1] if first > 0 else None
    columns = _columns(header, len(rows[first][1]))
    if columns is None:
        reason = "cannot tell the seconds and value columns: give `seconds,value` or a header"
        raise DialFileError([RowError(rows[first][0], reason)])
    samples, errors = [], []
    for line, row in rows[first:]:
        sample, reason = _sample(row, columns, samples[-1][0] if samples else None)
        if reason:
            errors.append(RowError(line, reason))
        else:
            samples.append(sample)
    if not errors and len(samples) < 2:
        errors.append(RowError(0, "a series needs at least two samples"))
    if errors:
        raise DialFileError(errors)
    return samples


def _sample(
    row: list[str], columns: Columns, previous: float | None
) -> tuple[tuple[float, float] | None, str]:
    """(sample, "") or (None, the reason the row is refused)."""
    needed = max(c for c in (columns.time, columns.value, columns.scale_max) if c is not None)
    if len(row) <= needed:
        return None, f"expected {needed + 1} columns, found {len(row)}"
    seconds, value = _number(row[columns.time]), _number(row[columns.value])
    if seconds is None or value is None:
        return None, "seconds and value must be numbers"
    if columns.scale_min is not None and columns.scale_max is not None:
        low, high = _number(row[columns.scale_min]), _number(row[columns.scale_max])
        if low is None or high is None or high <= low:
            return None, "the scale minimum and maximum must be numbers, minimum below maximum"
        if (low, high) != (0, 100):  # already on our scale: keep the values exact
            value = (value - low) / (high - low) * 100.0
    if seconds < 0:
        return None, "seconds must not be negative"
    if previous is not None and seconds <= previous:
        return None, f"seconds must increase (previous row {previous:g} s)"
    if not 0 <= value <= 100:
        return None, f"value {value:g} is outside 0-100"
    return (seconds, value), ""
