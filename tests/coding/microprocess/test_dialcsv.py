"""Dial-rating files: plain CSV, CARMA and DARMA exports, and bad rows with line numbers."""

import pytest

from coding.microprocess.dialcsv import DialFileError, RowError, parse_dial_csv


def test_plain_seconds_value_with_or_without_header():
    assert parse_dial_csv("0,50\n0.5,52.5\n1,100\n") == [(0, 50), (0.5, 52.5), (1, 100)]
    text = "seconds,value\n\n0,0\n10,12\n"
    assert parse_dial_csv(text) == [(0, 0), (10, 12)]
    assert parse_dial_csv("time;rating\n0;1\n1;2\n") == [(0, 1), (1, 2)]


def test_carma_export_is_rescaled_from_its_own_scale():
    text = (
        "Filename,Lower Label,Upper Label,Minimum Value,Midpoint Value,Maximum Value,"
        "Number of Steps,Second,Rating\n"
        "C:\\s.avi,very negative,very positive,-100,0,100,9,1,7.8\n"
        "C:\\s.avi,very negative,very positive,-100,0,100,9,2,-100\n"
        "C:\\s.avi,very negative,very positive,-100,0,100,9,3,100\n"
    )
    samples = parse_dial_csv(text)
    assert samples[0] == (1, pytest.approx(53.9, abs=1e-12))  # (7.8 + 100) / 200 * 100
    assert samples[1:] == [(2, 0.0), (3, 100.0)]


def test_darma_export_header_rows_skipped():
    text = "DARMA export\nMedia file,session3.mp4\nSecond,X,Y\n0.25,40,10\n0.50,45,12\n"
    assert parse_dial_csv(text) == [(0.25, 40), (0.5, 45)]


def test_every_bad_row_is_reported_with_its_line():
    text = "seconds,value\n0,50\n1,abc\n2,101\n0,40\n-1\n4,40\n"
    with pytest.raises(DialFileError) as caught:
        parse_dial_csv(text)
    assert caught.value.errors == [
        RowError(3, "seconds and value must be numbers"),
        RowError(4, "value 101 is outside 0-100"),
        RowError(5, "seconds must increase (previous row 0 s)"),
        RowError(6, "expected 2 columns, found 1"),
    ]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "no rows with numbers: is this a dial-rating file?"),
        ("just words\nmore words\n", "no rows with numbers: is this a dial-rating file?"),
        ("0,50\n", "a series needs at least two samples"),
        ("0,nan\n1,50\n", "seconds and value must be numbers"),
        (
            "a,b,c\n0,1,2\n",
            "cannot tell the seconds and value columns: give `seconds,value` or a header",
        ),
    ],
)
def test_files_that_are_no_series(text, reason):
    with pytest.raises(DialFileError) as caught:
        parse_dial_csv(text)
    assert caught.value.errors[0].reason == reason
