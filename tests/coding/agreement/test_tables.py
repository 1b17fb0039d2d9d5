"""The pure agreement tables on hand-built arrays: what each count counts."""

import numpy as np

from coding.agreement import tables
from coding.agreement.tables import CodeInfo, Data


def three_coders() -> Data:
    # 4 units, 1 code. ann rates every unit, bob units 0-1, cat none (coded elsewhere).
    presence = np.zeros((3, 4, 1), dtype=bool)
    presence[0, [0, 2], 0] = True
    presence[1, [0], 0] = True
    rated = np.array([[1, 1, 1, 1], [1, 1, 0, 0], [0, 0, 0, 0]], dtype=bool)
    return Data(
        coders=["ann", "bob", "cat"],
        coder_ids=[1, 2, 3],
        codes=[CodeInfo(7, "Safe", None, "(no cluster)", 10**6)],
        transcripts=[(5, "P01", "P01")],
        unit_transcript=np.zeros(4, dtype=np.int64),
        presence=presence,
        rated=rated,
        codings=[],
    )


def test_rows_count_units_rated_by_two_or_more_coders():
    report = tables.binary_report(three_coders(), "sentence")
    # Units 0 and 1 are rated by ann and bob; 2 and 3 by ann alone and compare nothing.
    assert report.codes[0].units == 2
    assert [row.units for row in report.transcripts] == [2]
    assert report.overall.units == 2
    # Both pairable units agree (unit 0 present, unit 1 absent): 100 %, and alpha from the
    # coincidences of 2 present and 2 absent values: 1 - (n-1) * 0 / (n0 n1) = 1.
    assert (report.overall.percent, report.overall.alpha) == (1.0, 1.0)


def test_code_rows_carry_each_coders_positives():
    data = three_coders()
    report = tables.binary_report(data, "sentence")
    assert report.codes[0].positives == (2, 1, 0)
    assert report.clusters[0].positives == (2, 1, 0)
    assert report.as_dict()["codes"][0]["positives"] == {"ann": 2, "bob": 1, "cat": 0}
    assert report.as_dict()["transcripts"][0]["positives"] is None


def test_the_transcripts_covered_are_stated():
    report = tables.binary_report(three_coders(), "sentence")
    assert (report.covered, report.covered_rule) == (
        1,
        "transcripts two or more of the chosen coders coded",
    )
