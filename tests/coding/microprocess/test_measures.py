"""WAI-SR and SRS scoring at their bounds, subscale keys, and the CSV of answer sheets."""

import pytest

from coding.microprocess import measures
from coding.microprocess.measures import MeasureError

ROLES = ("client", "therapist", "observer")


def test_wai_sr_bounds_and_subscales():
    low = measures.score("wai_sr", [1] * 12)
    assert low.total == 12 and low.subscales == {"goal": 4, "task": 4, "bond": 4}
    high = measures.score("wai_sr", [5] * 12)
    assert high.total == 60 and high.subscales == {"goal": 20, "task": 20, "bond": 20}
    # item n answered n mod 5 + 1: goal 4,6,8,11 -> 5+2+4+2; task 1,2,10,12 -> 2+3+1+3;
    # bond 3,5,7,9 -> 4+1+3+5
    mixed = measures.score("wai_sr", [n % 5 + 1 for n in range(1, 13)])
    assert mixed.subscales == {"goal": 13, "task": 9, "bond": 13} and mixed.total == 35


def test_srs_bounds_and_decimals():
    assert measures.score("srs", [0, 0, 0, 0]).total == 0
    assert measures.score("srs", [10, 10, 10, 10]).total == 40
    assert measures.score("srs", [8.7, 9.1, 7.5, 9.9]).total == 35.2
    assert measures.score("srs", [1, 1, 1, 1]).subscales == {}


@pytest.mark.parametrize(
    "instrument, items, field, reason",
    [
        ("wai_sr", [1] * 11, "items", "WAI-SR has 12 items"),
        ("wai_sr", [1] * 11 + [6], "items.12", "must be 1-5"),
        ("wai_sr", [0] + [1] * 11, "items.1", "must be 1-5"),
        ("wai_sr", [1, 2.5] + [1] * 10, "items.2", "must be a whole number"),
        ("wai_sr", [1, True] + [1] * 10, "items.2", "must be a number"),
        ("srs", [10.1, 0, 0, 0], "items.1", "must be 0-10"),
        ("srs", [-0.1, 0, 0, 0], "items.1", "must be 0-10"),
        ("srs", [1.25, 0, 0, 0], "items.1", "at most one decimal"),
        ("srs", [float("nan"), 0, 0, 0], "items.1", "must be 0-10"),
        ("orq", [1], "instrument", "unknown instrument 'orq'"),
    ],
)
def test_answers_out_of_range_are_refused(instrument, items, field, reason):
    with pytest.raises(MeasureError) as caught:
        measures.score(instrument, items)
    assert (caught.value.field, caught.value.reason) == (field, reason)


def test_measures_csv():
    text = "session,instrument,rater_role,items\n1,WAI-SR,client," + ",".join(["4"] * 12)
    text += "\n2,srs,client,9,8.5,9,10\n"
    rows = measures.parse_measures_csv(text, ROLES)
    assert [(r.line, r.session, r.instrument, r.rater_role) for r in rows] == [
        (2, 1, "wai_sr", "client"),
        (3, 2, "srs", "client"),
    ]
    assert rows[1].items == [9, 8.5, 9, 10]


def test_measures_csv_reports_every_bad_line():
    text = "1,srs,client,9,9,9\n0,srs,client,1,1,1,1\n1,srs,friend,1,1,1,1\n1,srs,client,1,1,1,x\n"
    with pytest.raises(MeasureError) as caught:
        measures.parse_measures_csv(text, ROLES)
    assert caught.value.reason == (
        "line 1: items: SRS has 4 items; line 2: session: must be a session number from 1; "
        "line 3: rater_role: must be one of client, therapist, observer; "
        "line 4: items.4: must be a number"
    )
