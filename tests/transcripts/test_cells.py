"""The rules for text bound for spreadsheets and XML files (transcripts/cells.py)."""

from transcripts.cells import neutralised, xml_text


def test_formulas_are_written_as_text_and_other_values_pass():
    assert neutralised('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert [neutralised(v) for v in ("+1", "-1", "@a", "\tx", "\rx")] == [
        "'+1", "'-1", "'@a", "'\tx", "'\rx",
    ]  # fmt: skip
    assert (neutralised("safe"), neutralised(3), neutralised(None)) == ("safe", 3, None)


def test_characters_xml_cannot_hold_are_dropped_and_the_rest_kept():
    assert xml_text("a\x00b\x01\x0b\x0c\x1fc\ufffe\uffff") == "abc"
    assert xml_text("tab\tline\nreturn\r 😊 é") == "tab\tline\nreturn\r 😊 é"
    assert (xml_text(""), xml_text(None), xml_text(7)) == ("", None, 7)
