"""transcripts.parsers.layout: label styles, hard wraps, paragraphs, headings and preambles as
metadata, focus groups; every case with exact offsets into the stored text."""

import pytest

from tests.transcripts.test_parsers import document_xml, para, spans, spoken, zip_bytes
from transcripts.parsers import (
    assign_roles,
    parse_docx,
    parse_plain,
    parse_transcript,
    participant_labels,
)

NO_METADATA = {"headings": [], "fields": {}, "notes": []}


@pytest.mark.parametrize(
    ("line", "speaker", "start"),
    [
        ("Client : Bonjour", "Client", 9),  # French typography: a space before the colon
        ("Client\u00a0: Bonjour", "Client", 9),  # ... or a no-break space
        ("Client\u202f: Bonjour", "Client", 9),  # ... or a narrow one
        ("**Client :** Bonjour", "Client", 13),
        ("**Client** : Bonjour", "Client", 13),
        ("Client:Bonjour", "Client", 7),  # no space after the colon
        ("[id1]Bonjour", "id1", 5),
        ("\tClient: Bonjour", "Client", 9),  # indented
        ("    Interviewer : Bonjour", "Interviewer", 18),
        ("\u00a0Client: Bonjour", "Client", 9),
    ],
)
def test_more_label_styles(line: str, speaker: str, start: int):
    parsed = parse_plain(line)
    assert parsed.text == line
    assert spans(parsed) == [(speaker, start, start + 7)]
    assert parsed.text[start:] == "Bonjour"


@pytest.mark.parametrize(
    "text", ["10:30 start", "http://example.org", "Note:see below", "Ratio:3 to 1"]
)
def test_a_colon_without_a_space_is_a_label_only_for_speakers(text: str):
    parsed = parse_plain(text)
    assert spans(parsed) == [("", 0, len(text))]


def test_tight_labels_used_twice_are_speakers():
    text = "Ana:Hola\nBen:Hi\nAna:Adiós\nBen:¿Qué?"
    parsed = parse_plain(text)
    assert spans(parsed) == [("Ana", 4, 8), ("Ben", 13, 15), ("Ana", 20, 25), ("Ben", 30, 35)]
    # Used once, a tight label is text: "Ana" continues.
    assert spans(parse_plain("Ana: Hola\nBen:Hi\nAna: Adiós")) == [("Ana", 5, 16), ("Ana", 22, 27)]


def test_hard_wraps_join_and_paragraph_breaks_become_one_blank_line():
    text = (
        "Interviewer: So how\n"
        "   did it start?\n"
        "Client : It started\t\n"
        "slowly.\n"
        "\n"
        " \t\n"
        "\n"
        "Then it got worse.\n"
        "\n"
        "Interviewer: I see."
    )
    parsed = parse_plain(text)
    assert parsed.text == (
        "Interviewer: So how did it start?\n"
        "Client : It started slowly.\n\nThen it got worse.\n"
        "\n"
        "Interviewer: I see."
    )
    assert spans(parsed) == [("Interviewer", 13, 33), ("Client", 43, 81), ("Interviewer", 96, 102)]
    assert spoken(parsed) == [
        ("Interviewer", "So how did it start?"),
        ("Client", "It started slowly.\n\nThen it got worse."),
        ("Interviewer", "I see."),
    ]
    assert parsed.metadata == NO_METADATA


def test_word_paragraphs_are_not_hard_wraps():
    body = para("Client: One.") + para("Two.") + "<w:p/><w:p/>" + para("Three.")
    parsed = parse_docx(zip_bytes({"word/document.xml": document_xml(body)}))
    assert parsed.text == "Client: One.\nTwo.\n\nThree."
    assert spoken(parsed) == [("Client", "One.\nTwo.\n\nThree.")]
    assert spans(parsed) == [("Client", 8, 25)]


def test_headings_between_turns_end_the_turn_and_their_notes_are_metadata():
    text = (
        "# Interview P04\n"
        "Date : 2025-03-02\n"
        "Place: clinic\n"
        "Transcribed by A.\n"
        "Checked twice.\n"
        "\n"
        "Interviewer: First part.\n"
        "## Part 2 ##\n"
        "After a short\n"
        "break.\n"
        "Client: Second part.\n"
        "### Notes"
    )
    parsed = parse_transcript("p04.md", text.encode())
    assert parsed.text == text  # no wraps inside turns: stored as written
    assert spans(parsed) == [("Interviewer", 95, 106), ("Client", 149, 161)]
    assert parsed.metadata == {
        "headings": [
            {"level": 1, "text": "Interview P04", "before_turn": 0},
            {"level": 2, "text": "Part 2", "before_turn": 1},
            {"level": 3, "text": "Notes", "before_turn": 2},
        ],
        "fields": {"Date": "2025-03-02", "Place": "clinic"},
        "notes": [
            {"text": "Transcribed by A. Checked twice.", "before_turn": 0},
            {"text": "After a short break.", "before_turn": 1},
        ],
    }


def test_a_file_without_labels_is_one_unlabelled_turn_and_its_headings_metadata():
    text = "# Diary\nI wrote this\nat night.\n#hashtag is text"
    parsed = parse_plain(text)
    assert parsed.text == "# Diary\nI wrote this at night. #hashtag is text"
    assert spans(parsed) == [("", 8, 47)]
    assert parsed.metadata["headings"] == [{"level": 1, "text": "Diary", "before_turn": 0}]


def test_only_a_preamble_and_empty_labels_is_no_text():
    from transcripts.parsers import ImportFailed

    with pytest.raises(ImportFailed, match="No text found"):
        parse_plain("# Title\nClient:\nInterviewer:")


def test_focus_group_participants_in_order_of_first_turn():
    text = "[Moderator] Welcome.\n[id2] Hi.\n[id1] Hello.\n[ID2] Again.\n[P07] Me too."
    parsed = parse_plain(text)
    speakers = [t.speaker for t in parsed.turns]
    assert spans(parsed) == [
        ("Moderator", 12, 20),
        ("id2", 27, 30),
        ("id1", 37, 43),
        ("ID2", 50, 56),
        ("P07", 63, 70),
    ]
    assert participant_labels(speakers) == ["id2", "id1", "P07"]
    assert assign_roles(speakers) == ["interviewer", "client", "client", "client", "client"]
    assert participant_labels(["Interviewer", "P07", "p07", "Client"]) == ["P07"]


def test_long_runs_of_spaces_and_letters_are_read_in_linear_time():
    import time

    from transcripts.parsers import flag_names

    spaces = " " * 300_000
    started = time.perf_counter()
    parsed = parse_plain(f"Client: a{spaces}b\nc\n#{spaces}x\n# T{spaces}#{spaces}y")
    flags = flag_names(["x" * 300_000 + " Oslo" + ")" * 300_000 + " Bergen", spaces])
    elapsed = time.perf_counter() - started
    assert spans(parsed) == [("Client", 8, 300_012)]
    assert parsed.metadata["headings"] == [
        {"level": 1, "text": "x", "before_turn": 1},
        {"level": 1, "text": f"T{spaces}#{spaces}y", "before_turn": 1},
    ]
    assert [f.token for f in flags] == ["Oslo", "Bergen"]
    assert elapsed < 5  # quadratic work here would take hours


def test_a_french_interview():
    text = (
        "Entretien n° 4 — 12 mars 2025\n"
        "\n"
        "Enquêtrice : Qu’est-ce qui vous a aidée ?\n"
        "Patiente : Le calme de la pièce. Elle ne\n"
        "me pressait jamais.\n"
        "Thérapeute\u202f: (note ajoutée plus tard)"
    )
    parsed = parse_plain(text)
    assert parsed.text == text.replace("ne\nme", "ne me")
    assert spans(parsed) == [
        ("Enquêtrice", 44, 72),
        ("Patiente", 84, 133),
        ("Thérapeute", 147, 171),
    ]
    assert assign_roles([t.speaker for t in parsed.turns]) == ["interviewer", "client", "therapist"]
    assert parsed.metadata["notes"] == [{"text": "Entretien n° 4 — 12 mars 2025", "before_turn": 0}]


def test_word_heading_styles_are_metadata():
    import io

    import docx

    document = docx.Document()
    document.add_heading("Session 4", level=0)  # the Title style
    document.add_paragraph("Interviewer: How did it go?")
    document.add_heading("Part 2", level=2)
    document.add_heading("", level=3)  # an empty heading is nothing
    document.add_paragraph("Client: Better.")
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_docx(buffer.getvalue())
    assert parsed.text == ("# Session 4\nInterviewer: How did it go?\n## Part 2\n\nClient: Better.")
    assert spans(parsed) == [("Interviewer", 25, 39), ("Client", 59, 66)]
    assert parsed.metadata["headings"] == [
        {"level": 1, "text": "Session 4", "before_turn": 0},
        {"level": 2, "text": "Part 2", "before_turn": 1},
    ]


def test_verbatim_keeps_every_break_inside_turns_as_written():
    # A REFI-QDA source: another tool's offsets point into the text exactly as the file holds it.
    from transcripts.parsers import parse_plain

    text = "I: So \nwhat helped?\n\n\n   R: The room,\n  mostly."
    parsed = parse_plain(text, verbatim=True)
    assert parsed.text == text
    assert [(t.speaker, text[t.start : t.end]) for t in parsed.turns] == [
        ("I", "So \nwhat helped?"),
        ("R", "The room,\n  mostly."),
    ]
    assert parse_plain(text).text != text  # the default joins the wrap
