"""Offsets per producer on hand-made files with an emoji, CRLF line ends and a BOM; GUIDs in
any case and with braces; optional attributes missing; selections that do not land are
skipped and named."""

import pytest

from coding.exchange import importer
from coding.models import Code, Coding
from tests.coding.exchange.conftest import qdpx
from tests.conftest import make_user

# In the file: a BOM, CRLF line ends and two emoji (astral: 2 UTF-16 units each).
TEXT = "\ufeffInterviewer: Hi 😊 there\r\nClient: I felt safe 😊 here.\r\n"
# What QualCode stores (BOM off, LF), and the span of "felt safe 😊 here." in it, by hand:
# "Interviewer: Hi 😊 there\n" is 24 code points, "Client: I " 10 more.
STORED = "Interviewer: Hi 😊 there\nClient: I felt safe 😊 here."
SPAN = (34, 51)

CODE = "0a1b2c3d-0000-4000-8000-00000000000a"
SOURCE = "5A1B2C3D-0000-4000-8000-00000000000B"


def project(origin: str, selections: list[tuple[int, int, str]]) -> bytes:
    parts = "".join(
        f'<PlainTextSelection guid="{{5a1b2c3d-0000-4000-8000-0000000001{i:02d}}}" '
        f'name="{name}" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="5A1B2C3D-0000-4000-8000-0000000002{i:02d}">'
        f'<CodeRef targetGUID="{{{CODE.upper()}}}"/></Coding></PlainTextSelection>'
        for i, (start, end, name) in enumerate(selections)
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="Hand made" origin="{origin}">'
        f'<CodeBook><Codes><Code guid="{CODE}" name="Feeling safe" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{SOURCE}" name="P01 interview" '
        f'plainTextPath="internal://{SOURCE.lower()}.txt">{parts}</TextSource></Sources>'
        "<Sets/></Project>"
    )
    return qdpx({"project.qde": qde, f"Sources/{SOURCE.lower()}.txt": TEXT.encode("utf-8")})


@pytest.mark.parametrize(
    ("origin", "start", "end"),
    [
        (
            "NVivo 14 (Windows)",
            36,
            54,
        ),  # UTF-16 units: one emoji before (+1), two by the end (+2); CRLF = 2
        ("ATLAS.ti 23.2", 34, 51),  # code points, the line break counted once
        ("QualCoder 3.5", 35, 52),  # code points of the file, CRLF = 2
        ("", 35, 52),  # no origin: the standard's code points
    ],
)
def test_each_producer_lands_on_the_same_words(db, origin, start, end):
    report = importer.import_project(
        user=make_user("imp"), data=project(origin, [(start, end, "felt safe 😊 here.")])
    )
    assert report.skipped == [] and report.codings == 1
    [coding] = Coding.objects.filter(transcript__study_id=report.study_id)
    assert coding.transcript.text == STORED
    assert (coding.start, coding.end) == SPAN
    assert coding.transcript.text[coding.start : coding.end] == "felt safe 😊 here."
    assert coding.transcript.participant.code == "P01" and coding.code.name == "Feeling safe"
    assert coding.coder.username == "imp"  # no creating user in the file: the importer


def test_selections_that_do_not_land_are_skipped_by_name(db):
    report = importer.import_project(
        user=make_user("imp"),
        data=project(
            "NVivo 14 (Windows)",
            [
                (36, 54, "felt safe"),  # lands
                (17, 20, "emoji half"),  # unit 17 is the second half of the first emoji
                (36, 99, "too far"),  # past the end
                (26, 36, "I felt safe"),  # lands on "Client: I " (a shifted quote)
            ],
        ),
    )
    assert report.codings == 1 and report.selections == 1
    assert report.skipped == [
        "Selection “emoji half” in P01 interview: positions 17-20 fall outside the text or inside a character.",
        "Selection “too far” in P01 interview: positions 36-99 fall outside the text or inside a character.",
        "Selection “I felt safe” in P01 interview: its positions cover “Client: I”, not “I felt safe”.",
    ]


def test_long_repeated_names_stay_within_the_limit(db):
    long = "x" * 120
    codes = "".join(
        f'<Code guid="0a1b2c3d-0000-4000-8000-0000000003{i:02d}" name="{parent}" isCodable="false">'
        f'<Code guid="0a1b2c3d-0000-4000-8000-0000000004{i:02d}" name="{long}" isCodable="true"/></Code>'
        for i, parent in enumerate(["p" * 120, "q" * 120, "r" * 120])
    )
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Long names">'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook></Project>"
    )
    report = importer.import_project(user=make_user("imp"), data=qdpx({"project.qde": qde}))
    names = sorted(Code.objects.filter(study_id=report.study_id).values_list("name", flat=True))
    assert len(names) == 3 and len(set(names)) == 3 and all(len(n) <= 120 for n in names)
    assert long in names
