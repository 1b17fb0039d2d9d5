"""The pure parts: GUIDs, producers' positions, unique names and descriptions (no database)."""

import uuid

import pytest

from coding.exchange import guids, positions
from coding.exchange.names import UniqueNames, compose_description, split_description


def test_derived_guids_are_uuid5_and_stable():
    assert (
        guids.derive(3, "coding", 17)
        == str(uuid.uuid5(guids.NAMESPACE, "qualcode/3/coding/17")).upper()
    )
    assert guids.derive(3, "coding", 17) != guids.derive(4, "coding", 17)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("{0a1b2c3d-0000-4000-8000-00000000000a}", "0A1B2C3D-0000-4000-8000-00000000000A"),
        (" 0A1B2C3D-0000-4000-8000-00000000000A ", "0A1B2C3D-0000-4000-8000-00000000000A"),
        ("0a1b2c3d-0000-4000-8000-00000000000a", "0A1B2C3D-0000-4000-8000-00000000000A"),
        ("not-a-guid", None),
        (None, None),
        # 36 characters with the dashes in place, but not 32 hex digits around them
        ("0a1b2c3d-0000-4000-8000-00000000000 ", None),
        ("0a1b2c3d-0000-4000-8000-0000000 000a", None),
        ("0a1b2c3d-0000-4000-8000-00000000000g", None),
        ("0a1b2c3d-0000-4000-8000-00000000000\u0661", None),  # an Arabic-Indic digit
    ],
)
def test_guids_read_in_any_case_with_or_without_braces(written, read):
    assert guids.normalise(written) == read


def test_scheme_from_origin():
    assert positions.scheme_for("NVivo for Mac 15.0.0") == positions.UTF16
    assert positions.scheme_for("ATLAS.ti for Windows 23.2.3.27778") == positions.LINE_BREAK_ONE
    assert positions.scheme_for("QualCoder 3.6") == positions.CODE_POINTS
    assert positions.scheme_for("MAXQDA 24") == positions.CODE_POINTS


def test_positions_through_crlf_emoji_and_decomposed_accents():
    # "e" + combining acute (2 code points in the file) becomes "é" (1) when stored as NFC.
    raw = "Caf\u0065\u0301 😊\r\nok"
    mapped = positions.Positions(raw, positions.UTF16)
    assert mapped.text == "Café 😊\nok"
    # UTF-16 units: C a f e ´ (5) space (6) emoji (8) CR LF (10) o k (12)
    assert mapped.span(0, 5) == (0, 4)  # "Café"
    assert mapped.span(6, 8) == (5, 6)  # the emoji
    assert mapped.span(10, 12) == (7, 9)  # "ok", after the CRLF (stored as one LF)
    assert mapped.span(7, 8) == "positions 7-8 fall outside the text or inside a character"
    assert mapped.span(3, 5) == (3, 4)  # "e" + accent: the one stored "é"
    assert mapped.span(3, 4) == "positions 3-4 fall inside a composed character"  # splits é
    assert mapped.span(8, 10) == (6, 7)  # the CRLF pair is the stored LF


def test_bom_is_never_counted_and_trailing_whitespace_is_clamped():
    data = "\ufeffHello there\n\n".encode("utf-8")
    raw = positions.decode(data)
    assert raw == "Hello there\n\n"
    mapped = positions.Positions(raw, positions.CODE_POINTS)
    assert mapped.text == "Hello there"
    assert mapped.span(6, 13) == (6, 11)  # "there\n\n": the stored text ends at "there"
    assert (
        mapped.span(12, 13) == "positions 12-13 cover only whitespace the transcript does not keep"
    )
    utf16 = "\ufeffHi".encode("utf-16-le")
    assert positions.decode(utf16) == "Hi"


def test_unique_names_qualify_repeats_case_insensitively():
    names = UniqueNames()
    assert names.claim("Trust", "code") == "Trust"
    assert names.claim("trust", "cluster") == "trust (cluster)"
    assert names.claim("TRUST", "cluster") == "TRUST (cluster 2)"


def test_descriptions_round_trip():
    text = compose_description("Relies on.", "Says so.", "", "“I trusted her”")
    assert text == "Relies on.\n\nInclusion: Says so.\n\nExample: “I trusted her”"
    assert split_description(text) == {
        "definition": "Relies on.",
        "inclusion": "Says so.",
        "exclusion": "",
        "example": "“I trusted her”",
    }


def test_control_characters_typed_into_the_data_do_not_break_docx_and_xlsx():
    # Found by schemathesis: a memo or name holding a control character made the DOCX export
    # a 500 (XML cannot hold it). They are dropped from DOCX and XLSX; CSV keeps the text.
    import io
    import zipfile

    from coding.exchange import documents

    row = {
        "cluster": "Rel\x0bationship", "code": "Trust\x01", "participant": "P01",
        "transcript": "Interview", "coder": "casey", "start": 0, "end": 5, "before": "",
        "quote": "I felt\x00 safe", "after": "", "memo": "tab\tand\x1fcontrol",
    }  # fmt: skip
    docx = documents.segments_docx([row], title="Study\x02")
    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "Relationship" in body and "I felt safe" in body and "tabandcontrol" not in body
    assert "tab\tandcontrol" in body or "tab</w:t><w:tab/><w:t" in body
    xlsx = documents.segments_xlsx([row])
    assert zipfile.ZipFile(io.BytesIO(xlsx)).testzip() is None
