"""transcripts.parsers.names: flagged names and exact replaced texts and offsets."""

from tests.transcripts.test_parsers import spans, spoken
from transcripts.parsers import (
    Flag,
    check_replacements,
    flag_names,
    parse_transcript,
    replace_names,
)

INTERVIEW = (
    "# Interview with Rosa Pérez\n"
    "Interviewer: Hello Rosa. How was Leeds?\n"
    "Rosa: Fine. I saw Dr Hammond in Leeds on Monday; my therapist said therapy helps.\n"
    "Write to rosa.perez@example.org or call 0113 496 0000.\n"
    "Rosa: Yes, Pérez is my name. Therapy was hard."
)


def test_flags_in_order_with_reasons_counts_and_suggestions():
    parsed = parse_transcript("a.md", INTERVIEW.encode())
    speakers = list(dict.fromkeys(t.speaker for t in parsed.turns))
    flags = flag_names([parsed.text], speakers, {"pérez": "García", "Hammond": ""})
    assert [(f.token, f.reasons, f.count, f.suggestion, f.replace) for f in flags] == [
        ("Rosa", ("speaker",), 4, "[name 1]", True),
        ("Pérez", ("known name", "capitalised"), 2, "García", True),
        ("Leeds", ("capitalised",), 2, "[name 2]", False),
        ("Hammond", ("known name", "title", "capitalised"), 1, "[name 3]", True),
        ("rosa.perez@example.org", ("e-mail",), 1, "[e-mail]", True),
        ("0113 496 0000", ("phone",), 1, "[phone]", True),
    ]
    # "Interview" follows a heading mark, "Therapy" is also written "therapy", "Dr" and
    # "Monday" are capitalised by convention: none is flagged.
    assert flags[2].context == (
        "…Pérez Interviewer: Hello Rosa. How was Leeds? Rosa: Fine. I saw Dr Hammond in Leeds…"
    )


def test_flags_across_the_files_of_an_upload():
    flags = flag_names(["We met in Oslo.", "Back from Oslo, then Bergen."], [], {})
    assert flags == [
        Flag("Oslo", ("capitalised",), 2, "We met in Oslo.", "[name 1]", False),
        Flag("Bergen", ("capitalised",), 1, "Back from Oslo, then Bergen.", "[name 2]", False),
    ]


def test_replace_whole_words_longest_first():
    text, counts = replace_names(
        "María José and María met Josélito in Leeds.",
        {"María": "Ana", "María José": "Eva", "José": "Luis"},
    )
    assert text == "Eva and Ana met Josélito in Leeds."
    assert counts == {"María": 1, "María José": 1, "José": 0}


def test_replacement_happens_before_parsing_so_offsets_are_into_the_new_text():
    parsed = parse_transcript(
        "a.md",
        INTERVIEW.encode(),
        replacements={"Rosa": "Ana", "Pérez": "García", "Leeds": "York"},
    )
    assert parsed.text == (
        "# Interview with Ana García\n"
        "Interviewer: Hello Ana. How was York?\n"
        "Ana: Fine. I saw Dr Hammond in York on Monday; my therapist said therapy helps. "
        "Write to rosa.perez@example.org or call 0113 496 0000.\n"
        "Ana: Yes, García is my name. Therapy was hard."
    )
    assert spans(parsed) == [("Interviewer", 41, 65), ("Ana", 71, 200), ("Ana", 206, 247)]
    assert spoken(parsed)[0] == ("Interviewer", "Hello Ana. How was York?")
    assert parsed.replaced == {"Rosa": 4, "Pérez": 2, "Leeds": 2}
    assert parsed.metadata["headings"][0]["text"] == "Interview with Ana García"


def test_replacements_in_word_files_and_subtitles():
    from tests.transcripts.test_parsers import document_xml, para, zip_bytes

    data = zip_bytes({"word/document.xml": document_xml(para("Client: I live in Oslo."))})
    parsed = parse_transcript("a.docx", data, replacements={"Oslo": "Town"})
    assert parsed.text == "Client: I live in Town." and spans(parsed) == [("Client", 8, 23)]
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Rosa>Hi, I am Rosa.\n"
    parsed = parse_transcript("a.vtt", vtt.encode(), replacements={"Rosa": "Ana"})
    assert parsed.text == "Ana: Hi, I am Ana." and spans(parsed) == [("Ana", 5, 18)]
    assert parsed.replaced == {"Rosa": 2}


def test_check_replacements():
    assert check_replacements({" Rosa ": " Ana\u0301 "}) == {"Rosa": "An\u00e1"}
    assert check_replacements({"Rosa": ""}) == (
        "“Rosa”: Every name and every pseudonym needs a letter or digit."
    )
    assert check_replacements({"Rosa": "A\nB"}) == "“Rosa”: Names and pseudonyms are one line each."
    assert check_replacements({"Rosa": 3}) == "Names and pseudonyms are text."
    assert check_replacements({"x" * 101: "y"}).endswith("have at most 100 characters.")


def test_dates_and_short_numbers_are_not_phone_numbers():
    text = "On 2025-05-02 at 10:30, room 1234567; call +44 113 496 0000 or 0113-496-0000."
    assert [(f.token, f.reasons) for f in flag_names([text])] == [
        ("+44 113 496 0000", ("phone",)),
        ("0113-496-0000", ("phone",)),
    ]
