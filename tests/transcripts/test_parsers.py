"""transcripts.parsers: exact offsets, speaker labels, encodings, hostile files, subtitles."""

import io
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Inches

from transcripts.parsers import (
    ROLES,
    ImportFailed,
    ParsedTranscript,
    decode_text,
    guess_role,
    normalise_label,
    parse_docx,
    parse_plain,
    parse_srt,
    parse_transcript,
    parse_vtt,
)

SAMPLES = Path(__file__).parent / "samples"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


# ---------------------------------------------------------------- helpers


def spans(parsed: ParsedTranscript) -> list[tuple[str, int, int]]:
    return [(t.speaker, t.start, t.end) for t in parsed.turns]


def spoken(parsed: ParsedTranscript) -> list[tuple[str, str]]:
    return [(t.speaker, parsed.text[t.start : t.end]) for t in parsed.turns]


def times(parsed: ParsedTranscript) -> list[tuple[float | None, float | None]]:
    return [(t.start_seconds, t.end_seconds) for t in parsed.turns]


def failure(call, *args, **kwargs) -> str:
    with pytest.raises(ImportFailed) as caught:
        call(*args, **kwargs)
    assert str(caught.value) == caught.value.reason
    return caught.value.reason


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def document_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def para(*runs: str) -> str:
    return (
        "<w:p>"
        + "".join(f"<w:r><w:t xml:space='preserve'>{r}</w:t></w:r>" for r in runs)
        + "</w:p>"
    )


# ---------------------------------------------------------------- plain text: turns and offsets


def test_plain_turns_have_exact_offsets_and_continuations():
    text = "Interviewer: How are you?\nClient: Fine.\nReally fine.\n\nI: Good."
    parsed = parse_transcript("p07.txt", text.encode())
    # The hard wrap inside the client's turn is joined (one newline -> one space).
    assert parsed.text == "Interviewer: How are you?\nClient: Fine. Really fine.\n\nI: Good."
    assert parsed.source_format == "text"
    assert spans(parsed) == [("Interviewer", 13, 25), ("Client", 34, 52), ("I", 57, 62)]
    assert spoken(parsed) == [
        ("Interviewer", "How are you?"),
        ("Client", "Fine. Really fine."),
        ("I", "Good."),
    ]
    assert parsed.turns[0].start_seconds is None and parsed.turns[0].end_seconds is None


@pytest.mark.parametrize(
    ("line", "speaker", "start"),
    [
        ("Interviewer: Hello there", "Interviewer", 13),
        ("interviewer: Hello there", "interviewer", 13),
        ("INTERVIEWER: Hello there", "INTERVIEWER", 13),
        ("Int: Hello there", "Int", 5),
        ("I: Hello there", "I", 3),
        ("Q: Hello there", "Q", 3),
        ("Client: Hello there", "Client", 8),
        ("C: Hello there", "C", 3),
        ("R: Hello there", "R", 3),
        ("r: Hello there", "r", 3),
        ("Respondent: Hello there", "Respondent", 12),
        ("Participant: Hello there", "Participant", 13),
        ("Interviewee: Hello there", "Interviewee", 13),
        ("P07: Hello there", "P07", 5),
        ("p7: Hello there", "p7", 4),
        ("R12: Hello there", "R12", 5),
        ("Therapist: Hello there", "Therapist", 11),
        ("T: Hello there", "T", 3),
        ("Counsellor: Hello there", "Counsellor", 12),
        ("Counselor: Hello there", "Counselor", 11),
        ("Entrevistadora: Hello there", "Entrevistadora", 16),
        ("Entrevistado: Hello there", "Entrevistado", 14),
        ("Cliente: Hello there", "Cliente", 9),
        ("Terapeuta: Hello there", "Terapeuta", 11),
        ("**Interviewer:** Hello there", "Interviewer", 17),
        ("**Interviewer**: Hello there", "Interviewer", 17),
        ("__Client__: Hello there", "Client", 12),
        ("__Client:__ Hello there", "Client", 12),
        ("[id1] Hello there", "id1", 6),
        ("[Rosa Pérez] Hello there", "Rosa Pérez", 13),
        ("  Client:\tHello there", "Client", 10),
    ],
)
def test_every_label_style_is_recognised(line: str, speaker: str, start: int):
    parsed = parse_plain(line)
    assert spans(parsed) == [(speaker, start, len(line))]
    assert parsed.text[start:] == "Hello there"


def test_unknown_one_off_label_is_text_not_a_speaker():
    parsed = parse_plain("Summary: all went well")
    assert spans(parsed) == [("", 0, 22)]


def test_label_alone_on_its_line_starts_turn_on_next_non_blank_line():
    text = "Interviewer:\n\n  Hello\nthere\n\nClient: ok\nTherapist:\nClient:   \n"
    parsed = parse_plain(text)
    # Indentation before the first line stays outside the turn; the wrap becomes one space.
    assert parsed.text == "Interviewer:\n\n  Hello there\n\nClient: ok\nTherapist:\nClient:"
    # The empty Therapist turn and the empty last Client turn are dropped.
    assert spans(parsed) == [("Interviewer", 16, 27), ("Client", 37, 39)]
    assert spoken(parsed) == [("Interviewer", "Hello there"), ("Client", "ok")]


def test_preamble_with_markdown_heading_is_metadata_not_a_turn():
    text = "# Session 3\nDate: 2024-01-01\n\nInterviewer: Hi\nClient: Hello"
    parsed = parse_transcript("session.md", text.encode())
    assert parsed.text == text  # kept as written, outside every turn
    assert spans(parsed) == [("Interviewer", 43, 45), ("Client", 54, 59)]
    assert parsed.metadata == {
        "headings": [{"level": 1, "text": "Session 3", "before_turn": 0}],
        "fields": {"Date": "2024-01-01"},
        "notes": [],
    }


def test_repeated_names_are_speakers_but_one_off_labels_are_not():
    text = (
        "Proyecto: Cuidado\n"
        "Rosa: uno\n"
        "María José: dos\n"
        "Ana: una vez, así que es texto\n"
        "Rosa: tres\n"
        "maría  josé: cuatro"
    )
    parsed = parse_plain(text)
    assert spoken(parsed) == [
        ("Rosa", "uno"),
        ("María José", "dos Ana: una vez, así que es texto"),
        ("Rosa", "tres"),
        ("maría  josé", "cuatro"),
    ]
    assert parsed.metadata["fields"] == {"Proyecto": "Cuidado"}
    assert spans(parsed) == [
        ("Rosa", 24, 27),
        ("María José", 40, 74),
        ("Rosa", 81, 85),
        ("maría  josé", 99, 105),
    ]


def test_colon_without_space_and_overlong_labels_are_not_labels():
    text = "10:30 start\nhttp://example.org\nA very long name of four: words"
    assert spans(parse_plain(text)) == [("", 0, len(text))]


def test_astral_characters_before_a_turn_count_as_one_code_point():
    text = "😀🎉 nota\nClient: hi 👍"
    parsed = parse_transcript("a.txt", text.encode())
    assert spans(parsed) == [("Client", 16, 20)]
    assert spoken(parsed) == [("Client", "hi 👍")]
    assert parsed.metadata["notes"] == [{"text": "😀🎉 nota", "before_turn": 0}]


def test_no_turns_at_all():
    assert failure(parse_plain, "   \n\t ") == "No text found in the file."


# ---------------------------------------------------------------- decoding


def test_utf8_bom_is_stripped():
    parsed = parse_transcript("a.txt", b"\xef\xbb\xbfClient: caf\xc3\xa9")
    assert parsed.text == "Client: café"
    assert spans(parsed) == [("Client", 8, 12)]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str):
    text = "Entrevistadora: ¿Qué tal?\r\nCliente: Bien 😀"
    data = text.encode(codec)  # "utf-16" writes its own BOM
    if codec != "utf-16":
        data = ("\ufeff" + text).encode(codec)
    parsed = parse_transcript("e01.txt", data)
    assert parsed.text == "Entrevistadora: ¿Qué tal?\nCliente: Bien 😀"
    assert spoken(parsed) == [("Entrevistadora", "¿Qué tal?"), ("Cliente", "Bien 😀")]


def test_cp1252_fallback():
    assert decode_text(b"Client: I didn\x92t know \x93this\x94 caf\xe9") == (
        "Client: I didn’t know “this” café"
    )


def test_line_endings_nfc_and_trailing_whitespace_are_normalised():
    data = "Client: cafe\u0301\r\nmore\rend  \r\n\r\n \t".encode()
    text = decode_text(data)
    assert text == "Client: caf\u00e9\nmore\nend"
    parsed = parse_transcript("a.txt", data)
    assert spans(parsed) == [("Client", 8, 21)]


def test_unknown_encoding():
    # 0x81 and 0x8d are invalid UTF-8 and undefined in cp1252.
    reason = failure(decode_text, b"Client: \x81\x8d")
    assert reason == "The file's encoding is unknown; save it as UTF-8."


def test_invalid_utf16():
    reason = failure(decode_text, b"\xff\xfeC\x00\x00\xd8")
    assert reason == "The file starts like UTF-16 but is not valid UTF-16."


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x00\x00binary",
        b"Client: hi\x00there",
        b"%PDF-1.4\n" + bytes(range(1, 9)) * 20,
        b"\xff\xfe" + "Client: a\x00b".encode("utf-16-le"),
    ],
)
def test_binary_files_are_rejected(data: bytes):
    assert failure(parse_transcript, "a.txt", data) == (
        "This looks like a binary file, not a transcript."
    )


def test_a_few_control_characters_are_tolerated():
    text = decode_text(b"Client: page one\x0cpage two\x0b" + b"x" * 100)
    assert text.startswith("Client: page one\x0cpage two\x0b")


@pytest.mark.parametrize(
    "data", [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf\n", "\ufeff ".encode("utf-16")]
)
def test_empty_files(data: bytes):
    assert failure(parse_transcript, "a.txt", data) == "The file is empty."


def test_oversized_file_names_the_limit():
    reason = failure(parse_transcript, "a.txt", b"Client: " + b"x" * 100, max_bytes=100)
    assert reason == "The file is too large (108 bytes); the limit is 100 bytes."
    reason = failure(parse_transcript, "a.docx", b"x" * 2_500_001, max_bytes=2_000_000)
    assert reason == "The file is too large (2.5 MB); the limit is 2.0 MB."


@pytest.mark.parametrize("name", ["notes.pdf", "notes.doc", "C:\\Users\\me\\notes.rtf"])
def test_unsupported_extension(name: str):
    reason = failure(parse_transcript, name, b"Client: hi")
    ext = name.rsplit(".", 1)[1]
    assert reason == (
        f'".{ext}" files cannot be imported; supported: .txt, .md, .markdown, .text, .docx, '
        ".vtt, .srt."
    )


def test_missing_extension():
    reason = failure(parse_transcript, "README", b"Client: hi")
    assert reason.startswith("Files without an extension cannot be imported")


@pytest.mark.parametrize("name", ["A.TXT", "a.Md", "a.markdown", "a.text", "dir/a.txt"])
def test_text_extensions_are_case_insensitive(name: str):
    assert parse_transcript(name, b"Client: hi").source_format == "text"


# ---------------------------------------------------------------- docx


def build_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Session 4")
    p = document.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(Inches(1))  # a w:tab in w:pPr: not text
    p.add_run("Interviewer:").bold = True
    p.add_run(" How did it go?")
    p = document.add_paragraph()
    p.add_run("Client:").bold = True
    p.add_run(" Better.\tReally.\nMuch better.")  # python-docx writes w:tab and w:br
    document.add_paragraph("It helped.")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Therapist: noted"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_bold_labels_tabs_breaks_and_tables():
    parsed = parse_transcript("Interview.DOCX", build_docx())
    assert parsed.source_format == "docx"
    assert parsed.text == (
        "Session 4\nInterviewer: How did it go?\nClient: Better.\tReally.\nMuch better.\n"
        "It helped.\nTherapist: noted"
    )
    assert spans(parsed) == [
        ("Interviewer", 23, 37),
        ("Client", 46, 85),
        ("Therapist", 97, 102),
    ]
    assert parsed.metadata["notes"] == [{"text": "Session 4", "before_turn": 0}]
    assert spoken(parsed) == [
        ("Interviewer", "How did it go?"),
        ("Client", "Better.\tReally.\nMuch better.\nIt helped."),
        ("Therapist", "noted"),
    ]


def test_docx_skips_deleted_text_and_compatibility_fallback():
    box = "<w:txbxContent>" + para("In a box") + "</w:txbxContent>"
    body = (
        "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>"
        "<w:r><w:t>Interviewer:</w:t></w:r><w:r><w:tab/><w:t>Hi</w:t></w:r>"
        "<w:r><w:delText>gone</w:delText></w:r>"
        f"<w:r><mc:AlternateContent><mc:Choice Requires='wps'>{box}</mc:Choice>"
        f"<mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:t xml:space='preserve'> there</w:t></w:r></w:p>" + para("Client: cafe\u0301")
    )
    data = zip_bytes({"word/document.xml": document_xml(body)})
    parsed = parse_docx(data)
    assert parsed.text == "Interviewer:\tHi there\nIn a box\nClient: café"
    assert spoken(parsed) == [("Interviewer", "Hi there\nIn a box"), ("Client", "café")]


def test_docx_that_is_not_a_zip():
    reason = failure(parse_transcript, "a.docx", b"Interviewer: hi")
    assert reason == "This .docx file is not a valid Word document (not a zip archive)."


def test_docx_without_document_xml():
    reason = failure(parse_docx, zip_bytes({"hello.txt": b"hi"}))
    assert reason == "This .docx file has no word/document.xml."


def test_docx_zip_bomb_over_the_size_limit():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w") as member,
    ):
        for _ in range(50):
            member.write(bytes(1_000_000))  # 50 MB of zeros, ~50 kB compressed
    assert len(buffer.getvalue()) < 200_000
    reason = failure(parse_transcript, "bomb.docx", buffer.getvalue())
    assert reason == "This .docx file unpacks to over the limit of 20.0 MB."


def test_docx_zip_bomb_by_compression_ratio():
    data = zip_bytes({"word/document.xml": bytes(5_000_000)})
    reason = failure(parse_docx, data)
    assert "possible zip bomb" in reason


def test_docx_that_lies_about_its_unpacked_size():
    data = bytearray(zip_bytes({"word/document.xml": document_xml(para("Client: hi" * 300))}))
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # declared uncompressed size: 100 bytes
    reason = failure(parse_docx, bytes(data))
    assert reason == "This .docx file is damaged or encrypted."


def test_docx_with_entity_expansion_is_rejected():
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    data = zip_bytes(
        {"word/document.xml": document_xml(para("&lol9;"), f"<!DOCTYPE lolz [{entities}]>")}
    )
    reason = failure(parse_docx, data)
    assert reason == (
        "This .docx file contains XML DTD or entity declarations, which Word never writes; "
        "it was rejected as unsafe."
    )


def test_docx_with_external_entity_is_rejected():
    prolog = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    data = zip_bytes({"word/document.xml": document_xml(para("&x;"), prolog)})
    assert "rejected as unsafe" in failure(parse_docx, data)


def test_docx_with_malformed_xml():
    data = zip_bytes({"word/document.xml": b"<w:document><w:body>"})
    assert failure(parse_docx, data) == "This .docx file is damaged: its XML is malformed."


def test_docx_without_text():
    data = zip_bytes({"word/document.xml": document_xml("<w:p/><w:p><w:r/></w:p>")})
    assert failure(parse_docx, data) == "No text found in the file."


# ---------------------------------------------------------------- WebVTT

VTT_VOICES = """WEBVTT - Session 5
Kind: captions

STYLE
::cue { color: yellow }

NOTE recorded in room 2,
two lines

intro
00:00:01.000 --> 00:00:04.200 align:start position:10%
<v Interviewer>How are you <i>today</i>?</v>

2
00:00:04.500 --> 00:00:06.000
<v.loud Client>Tired &amp; a bit&nbsp;low.

00:00:06.000 --> 00:01:02.250
<v Client><c.yellow>But</c> <00:00:07.000>better
than last week.

00:01:03.000 --> 01:00:00.000
and this cue has no voice
"""


def test_vtt_voice_tags_merge_consecutive_cues_of_one_speaker():
    parsed = parse_transcript("s5.vtt", VTT_VOICES.encode())
    client = "Tired & a bit low. But better than last week. and this cue has no voice"
    assert parsed.source_format == "vtt"
    assert parsed.text == f"Interviewer: How are you today?\n\nClient: {client}"
    assert spans(parsed) == [("Interviewer", 13, 31), ("Client", 41, 41 + len(client))]
    assert spoken(parsed) == [("Interviewer", "How are you today?"), ("Client", client)]
    assert times(parsed) == [(1.0, 4.2), (4.5, 3600.0)]


def test_vtt_cue_with_two_voices():
    text = "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ana>Hi.</v> <v Ben>Hello, Ana.</v>\n"
    parsed = parse_vtt(text)
    assert parsed.text == "Ana: Hi.\n\nBen: Hello, Ana."
    assert spans(parsed) == [("Ana", 5, 8), ("Ben", 15, 26)]
    assert times(parsed) == [(1.0, 3.0), (1.0, 3.0)]


VTT_PREFIXES = """\ufeffWEBVTT

00:01.000 --> 00:02.500
Interviewer: Ready?

00:02.500 --> 00:05.000
Maria: Yes.
I think so.

00:05.000 --> 00:07.000
maria: Go on.

00:07.000 --> 00:08.000
Note: a one-off label is text

00:08.000 --> 00:09.000
[Music]

00:09.500 --> 00:10.000
Interviewer: Thanks.
"""


def test_vtt_name_prefixes_follow_the_plain_text_label_rules():
    parsed = parse_vtt(VTT_PREFIXES)
    maria = "Yes. I think so. Go on. Note: a one-off label is text [Music]"
    assert parsed.text == f"Interviewer: Ready?\n\nMaria: {maria}\n\nInterviewer: Thanks."
    assert spans(parsed) == [
        ("Interviewer", 13, 19),
        ("Maria", 28, 28 + len(maria)),
        ("Interviewer", 104, 111),
    ]
    assert spoken(parsed)[1] == ("Maria", maria)
    assert times(parsed) == [(1.0, 2.5), (2.5, 9.0), (9.5, 10.0)]


def test_vtt_without_speakers_has_unlabelled_turn():
    parsed = parse_vtt("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nhello\n")
    assert parsed.text == "hello"
    assert spans(parsed) == [("", 0, 5)]
    assert times(parsed) == [(0.0, 1.0)]


@pytest.mark.parametrize("text", ["", "Hello\n\n00:01.000 --> 00:02.000\nhi", "WEBVTTX\n"])
def test_vtt_missing_header(text: str):
    assert failure(parse_vtt, text) == 'This .vtt file does not start with "WEBVTT".'


def test_vtt_with_header_only_has_no_text():
    assert failure(parse_transcript, "a.vtt", b"WEBVTT\n\nNOTE nothing\n") == (
        "No text found in the file."
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "00:01.000 --> 00:02.000\nok\n\n00:02.000 --> 00:0x.000\nbad",
            "Cue 2 (line 6) has a broken timing '00:02.000 --> 00:0x.000'; "
            "expected e.g. 00:00:01.000 --> 00:00:04.000.",
        ),
        (
            "00:01.000 --> 00:02.000\nok\n\n00:03,000 --> 00:04,000\nSRT commas",
            "Cue 2 (line 6) has a broken timing '00:03,000 --> 00:04,000'; "
            "expected e.g. 00:00:01.000 --> 00:00:04.000.",
        ),
        (
            "a\n00:05.000 --> 00:04.000\nbackwards",
            "Cue 1 (line 4) ends (4 s) before it starts (5 s).",
        ),
        (
            "00:05.000 --> 00:06.000\nok\n\nid\n00:04.000 --> 00:07.000\nearlier",
            "Cue 2 (line 7) starts at 4 s, before the previous cue (5 s); "
            "cues must be in time order.",
        ),
        (
            "00:01.000 --> 00:02.000\nok\n\nstray text",
            "Cue 2 (line 6) has no timing line; expected e.g. 00:00:01.000 --> 00:00:04.000.",
        ),
    ],
)
def test_vtt_broken_timing_names_cue_and_line(body: str, reason: str):
    assert failure(parse_transcript, "a.vtt", f"WEBVTT\n\n{body}\n".encode()) == reason


# ---------------------------------------------------------------- SubRip

SRT = """1
00:00:01,000 --> 00:00:02,500
<i>Interviewer:</i> Hello.

2
00:00:03,000 --> 00:00:04,000
P07: Hi.

3
00:00:04,000 --> 00:00:06,123 X1:10 X2:20
<font color="#ffffff">Still me,</font>
<b>R&amp;D</b> & 1 < 2.

4
00:00:07.000 --> 00:00:08,000
{\\an8}P07: And more.
"""


def test_srt_labels_tags_and_merging():
    data = b"\xef\xbb\xbf" + SRT.replace("\n", "\r\n").encode()
    parsed = parse_transcript("p07.SRT", data)
    p07 = "Hi. Still me, R&amp;D & 1 < 2. And more."
    assert parsed.source_format == "srt"
    assert parsed.text == f"Interviewer: Hello.\n\nP07: {p07}"
    assert spans(parsed) == [("Interviewer", 13, 19), ("P07", 26, 26 + len(p07))]
    assert spoken(parsed) == [("Interviewer", "Hello."), ("P07", p07)]
    assert times(parsed) == [(1.0, 2.5), (3.0, 8.0)]


def test_srt_voice_tags_and_unnumbered_cues():
    text = "00:00:01,000 --> 00:00:02,000\n<v Ana>Hola.\n\n00:00:02,000 --> 00:00:03,000\nqué tal"
    parsed = parse_srt(text)
    assert parsed.text == "Ana: Hola. qué tal"
    assert spans(parsed) == [("Ana", 5, 18)]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:61,000 --> 00:00:62,000\nbad",
            "Cue 2 (line 6) has a broken timing '00:00:61,000 --> 00:00:62,000'; "
            "expected e.g. 00:00:01,000 --> 00:00:04,000.",
        ),
        (
            "1\n00:00:03,000 --> 00:00:02,000\nbackwards",
            "Cue 1 (line 2) ends (2 s) before it starts (3 s).",
        ),
        (
            "1\n00:00:05,000 --> 00:00:06,000\nok\n\n2\n00:00:01,500 --> 00:00:07,000\nearly",
            "Cue 2 (line 6) starts at 1.5 s, before the previous cue (5 s); "
            "cues must be in time order.",
        ),
        (
            "1\n00:00:01,000 -> 00:00:02,000\nbad arrow",
            "Cue 1 (line 2) has no timing line; expected e.g. 00:00:01,000 --> 00:00:04,000.",
        ),
    ],
)
def test_srt_broken_timing_names_cue_and_line(body: str, reason: str):
    assert failure(parse_transcript, "a.srt", body.encode()) == reason


# ---------------------------------------------------------------- roles and labels


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Interviewer", "interviewer"),
        ("INT", "interviewer"),
        ("i", "interviewer"),
        ("Q", "interviewer"),
        ("Entrevistador", "interviewer"),
        ("Entrevistadora", "interviewer"),
        ("Client", "client"),
        ("C", "client"),
        ("R", "client"),
        ("Respondent", "client"),
        ("Participant", "client"),
        ("Interviewee", "client"),
        ("P07", "client"),
        ("r12", "client"),
        ("Entrevistado", "client"),
        ("Entrevistada", "client"),
        ("Cliente", "client"),
        ("Therapist", "therapist"),
        ("t", "therapist"),
        ("Counsellor", "therapist"),
        ("Counselor", "therapist"),
        ("Terapeuta", "therapist"),
        ("Rosa", "other"),
        ("id1", "client"),  # a focus-group participant
        ("Moderator", "interviewer"),
        ("P", "other"),
        ("", "other"),
    ],
)
def test_guess_role(label: str, role: str):
    assert guess_role(label) == role
    assert role in ROLES


def test_guess_role_overrides_win():
    overrides = {"rosa": "client", "entrevistadora": "therapist", "  ID1 ": "interviewer"}
    assert guess_role("Rosa", overrides) == "client"
    assert guess_role("ENTREVISTADORA", overrides) == "therapist"
    assert guess_role("id1", overrides) == "interviewer"
    assert guess_role("Client", overrides) == "client"
    assert guess_role("Ana", overrides) == "other"
    assert guess_role("", {"": "client"}) == "other"
    assert guess_role("Rosa", {"rosa": "boss"}) == "other"  # not a role: ignored


def test_normalise_label():
    assert normalise_label("  Dr.  Smith\t") == "dr. smith"
    assert normalise_label("ENTREVISTADORA") == "entrevistadora"
    assert normalise_label("Straße") == "strasse"


# ---------------------------------------------------------------- sample files


def test_english_qualcoder_sample_with_bracket_labels():
    data = (SAMPLES / "en_qualcoder_transcript.txt").read_bytes()
    parsed = parse_transcript("en_qualcoder_transcript.txt", data)
    assert parsed.text == data.decode().rstrip()
    assert len(parsed.turns) == 7
    assert [t.speaker for t in parsed.turns] == ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]
    assert spans(parsed)[0] == ("id1", 6, 177)
    assert spoken(parsed)[0] == (
        "id1",
        "hello, I like the course. It really helped me with understanding world's history and "
        "gave me an insight into how did people cope with the complexities of life in the past.",
    )
    assert spoken(parsed)[-1] == (
        "id2",
        "Hmm, I will ask the tutor for more help as I am really struggling.",
    )


def test_spanish_sample_with_header_and_named_speakers():
    data = (SAMPLES / "es_entrevista_ejemplo_E01.txt").read_bytes()
    parsed = parse_transcript("es_entrevista_ejemplo_E01.txt", data)
    original = data.decode().rstrip()
    # The preamble is kept as written; every hard wrap in the turns is one newline, now one
    # space, so the length is the same.
    assert parsed.text[:287] == original[:287] and len(parsed.text) == len(original)
    assert parsed.text.count("\n") == original.count("\n") - 11
    speakers = [t.speaker for t in parsed.turns]
    assert speakers.count("") == 0
    assert speakers.count("Entrevistadora") == 7
    assert speakers.count("Rosa") == 7
    assert len(speakers) == 14
    assert parsed.metadata == {
        "headings": [],
        "fields": {"Proyecto": "Organización del cuidado en el hogar", "Duración": "38 minutos"},
        "notes": [
            {
                "text": "Entrevista simulada para las prácticas del curso. Las personas, los "
                "lugares y los hechos son ficticios. Puede usarse y modificarse libremente.",
                "before_turn": 0,
            },
            {
                "text": "Entrevista E01, 14 de marzo de 2026, domicilio de la participante",
                "before_turn": 0,
            },
        ],
    }
    assert spans(parsed)[:2] == [("Entrevistadora", 295, 368), ("Rosa", 376, 655)]
    assert spoken(parsed)[0:3] == [
        (
            "Entrevistadora",
            "Para empezar, cuénteme un poco cómo es un día suyo, desde que se levanta.",
        ),
        (
            "Rosa",
            "Me levanto a las cinco y media, antes que nadie. Preparo el desayuno de mi mamá, "
            "que ya casi no come sólido, y le doy la primera medicina. A las siete llega mi hija "
            "a quedarse un rato y yo me voy al trabajo. Salgo a las tres, paso por la farmacia si "
            "hace falta, y llego a seguir.",
        ),
        ("Entrevistadora", "¿Desde cuándo es así?"),
    ]
    assert [guess_role(s) for s in speakers[:2]] == ["interviewer", "other"]
    assert guess_role("Rosa", {"rosa": "client"}) == "client"


def test_assign_roles_one_to_one_interview():
    from transcripts.parsers import assign_roles

    speakers = ["", "Entrevistadora", "Rosa", "Entrevistadora", "Rosa"]
    assert assign_roles(speakers) == ["other", "interviewer", "client", "interviewer", "client"]
    # Two unknown names: a focus group or a couple; nobody is guessed.
    assert assign_roles(["Interviewer", "Ana", "Ben"]) == ["interviewer", "other", "other"]
    # Overrides win, and an override to "other" is respected.
    assert assign_roles(["I", "Rosa"], {"rosa": "other"}) == ["interviewer", "other"]
    assert assign_roles(["I", "Rosa"], {"rosa": "therapist"}) == ["interviewer", "therapist"]
    # A known client already present: the extra name stays "other".
    assert assign_roles(["I", "Client", "Mum"]) == ["interviewer", "client", "other"]
