"""Session measures (pure): item numbers, ranges, scoring and subscale keys only; the item texts
are copyrighted and never shipped (teams write or import their own wording).

WAI-SR (Working Alliance Inventory, short revised; Hatcher & Gillaspy 2006): 12 items 1-5, all
positively keyed; goal = items 4, 6, 8, 11; task = 1, 2, 10, 12; bond = 3, 5, 7, 9; total 12-60.
SRS (Session Rating Scale): 4 visual-analogue items 0-10 (to one decimal); total 0-40."""

import csv
import io
import math
from dataclasses import dataclass

WAI_SR, SRS = "wai_sr", "srs"


@dataclass(frozen=True, slots=True)
class Instrument:
    key: str
    label: str
    items: int
    low: float
    high: float
    whole: bool  # whole numbers only (a Likert scale) or one decimal (a 10 cm line)
    subscales: dict[str, tuple[int, ...]]


INSTRUMENTS = {
    WAI_SR: Instrument(
        WAI_SR,
        "WAI-SR",
        12,
        1,
        5,
        True,
        {"goal": (4, 6, 8, 11), "task": (1, 2, 10, 12), "bond": (3, 5, 7, 9)},
    ),
    SRS: Instrument(SRS, "SRS", 4, 0, 10, False, {}),
}


class MeasureError(ValueError):
    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    subscales: dict[str, float]


def check_items(instrument: str, items: list) -> list[float]:  # ints for whole scales
    """The answers as numbers, or MeasureError naming the first item at fault (items.N)."""
    spec = INSTRUMENTS.get(instrument)
    if spec is None:
        raise MeasureError("instrument", f"unknown instrument {instrument!r}")
    if not isinstance(items, list) or len(items) != spec.items:
        raise MeasureError("items", f"{spec.label} has {spec.items} items")
    answers = []
    for number, answer in enumerate(items, start=1):
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            raise MeasureError(f"items.{number}", "must be a number")
        value = float(answer)
        if not math.isfinite(value) or not spec.low <= value <= spec.high:
            raise MeasureError(f"items.{number}", f"must be {spec.low:g}-{spec.high:g}")
        if spec.whole and value != int(value):
            raise MeasureError(f"items.{number}", "must be a whole number")
        if not spec.whole and round(value, 1) != value:
            raise MeasureError(f"items.{number}", "at most one decimal")
        answers.append(int(value) if spec.whole else value)
    return answers


def score(instrument: str, items: list) -> Score:
    answers = check_items(instrument, items)
    spec = INSTRUMENTS[instrument]
    subscales = {
        name: round(sum(answers[i - 1] for i in numbers), 1)
        for name, numbers in spec.subscales.items()
    }
    return Score(total=round(sum(answers), 1), subscales=subscales)


@dataclass(frozen=True, slots=True)
class MeasureRow:
    line: int
    session: int
    instrument: str
    rater_role: str
    items: list[float]


def parse_measures_csv(text: str, roles: tuple[str, ...]) -> list[MeasureRow]:
    """Rows `session,instrument,rater_role,item1..itemN` (a header row is skipped); every bad
    row is reported as MeasureError("line N", reason), all of them in one message."""
    rows, errors = [], []
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or (line == 1 and cells[0].lower() in ("session", "session_number")):
            continue
        try:
            rows.append(_measure_row(line, cells, roles))
        except MeasureError as error:
            errors.append(f"line {line}: {error.field}: {error.reason}")
    if errors:
        raise MeasureError("file", "; ".join(errors[:20]))
    if not rows:
        raise MeasureError("file", "no rows: give session,instrument,rater_role,item1,...")
    return rows


def _measure_row(line: int, cells: list[str], roles: tuple[str, ...]) -> MeasureRow:
    if len(cells) < 4:
        raise MeasureError("row", "give session,instrument,rater_role and the items")
    if not cells[0].isdigit() or int(cells[0]) < 1:
        raise MeasureError("session", "must be a session number from 1")
    instrument = cells[1].lower().replace("-", "_")
    if instrument not in INSTRUMENTS:
        raise MeasureError("instrument", "must be WAI-SR or SRS")
    if cells[2].lower() not in roles:
        raise MeasureError("rater_role", f"must be one of {', '.join(roles)}")
    items: list = []
    for cell in cells[3:]:
        try:
            items.append(float(cell))
        except ValueError:
            items.append(cell)  # check_items names it
    answers = check_items(instrument, items)
    return MeasureRow(line, int(cells[0]), instrument, cells[2].lower(), answers)
