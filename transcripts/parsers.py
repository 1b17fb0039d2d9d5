"""Turn an uploaded transcript file (bytes) into plain text plus speaker turns; no Django here.

Contract: parse_transcript() returns a ParsedTranscript or raises ImportFailed with a sentence
for the user. Turn offsets are code points into ParsedTranscript.text (NFC, "\\n" line endings)
and cover exactly the spoken words: never the speaker label, never surrounding whitespace.
"""

from __future__ import annotations

import html
import io
import os
import re
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as DefusedET
from defusedxml.common import DefusedXmlException

ROLES = ("interviewer", "client", "therapist", "other")

DEFAULT_MAX_BYTES = 20_000_000
_TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".text")
_FORMATS = dict.fromkeys(_TEXT_EXTENSIONS, "text") | {".docx": "docx", ".vtt": "vtt", ".srt": "srt"}
_EMPTY = "The file is empty."
_NO_TEXT = "No text found in the file."
_BINARY = "This looks like a binary file, not a transcript."


class ImportFailed(ValueError):
    """A file that cannot be imported; `reason` is a sentence for the user."""

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ParsedTurn:
    speaker: str  # label as written ("Interviewer", "P07", "id1"); "" for the preamble
    start: int  # code-point offsets of the spoken content in ParsedTranscript.text
    end: int
    start_seconds: float | None = None
    end_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    text: str
    turns: tuple[ParsedTurn, ...]
    source_format: str  # "text" | "docx" | "vtt" | "srt"


# ---------------------------------------------------------------- entry point and decoding


def parse_transcript(
    filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedTranscript:
    """Parse an uploaded file, choosing the format from its extension."""
    name = re.split(r"[\\/]", filename)[-1]  # browsers may send a Windows path
    ext = os.path.splitext(name)[1].lower()
    kind = _FORMATS.get(ext)
    if kind is None:
        shown = f'"{ext}" files' if ext else "Files without an extension"
        supported = ", ".join(_FORMATS)
        raise ImportFailed(f"{shown} cannot be imported; supported: {supported}.")
    _check_size(data, max_bytes)
    if kind == "docx":
        return parse_docx(data, max_bytes=max_bytes)
    text = decode_text(data)
    return {"text": parse_plain, "vtt": parse_vtt, "srt": parse_srt}[kind](text)


def _check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise ImportFailed(_EMPTY)
    if len(data) > max_bytes:
        size, limit = _size(len(data)), _size(max_bytes)
        raise ImportFailed(f"The file is too large ({size}); the limit is {limit}.")


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n:,} bytes"


# C0 controls that never occur in text files (tab, LF, CR and form feed do).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_MAX_CONTROL_SHARE = 0.05


def decode_text(data: bytes) -> str:
    """Decode a text file (UTF-8, UTF-16 with BOM, or cp1252) into clean NFC text."""
    utf16 = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}.get(data[:2])
    try:
        # Latin-1 maps bytes one to one, so the binary check sees the raw C0 bytes (the
        # same in UTF-8 and cp1252) before we know the real encoding.
        text = data[2:].decode(utf16) if utf16 else data.decode("latin-1")
    except UnicodeDecodeError:
        raise ImportFailed("The file starts like UTF-16 but is not valid UTF-16.") from None
    controls = len(text) - len(_CONTROL_CHARS.sub("", text))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise ImportFailed(_BINARY)
    if not utf16:
        body = data.removeprefix(b"\xef\xbb\xbf")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            try:  # Windows editors still save cp1252 (curly quotes as 0x91-0x94)
                text = body.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFailed("The file's encoding is unknown; save it as UTF-8.") from None
    text = _clean(text)
    if not text:
        raise ImportFailed(_EMPTY)
    return text


def _clean(text: str) -> str:
    """BOM off, "\\n" line endings, NFC (so offsets never shift later), no trailing space."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).rstrip()


# ---------------------------------------------------------------- speaker labels and roles

_KNOWN_LABELS = {
    "interviewer": "interviewer int i q entrevistador entrevistadora",
    "client": "client c r respondent participant interviewee cliente entrevistado entrevistada",
    "therapist": "therapist t counsellor counselor terapeuta",
}
_KNOWN_ROLES = {name: role for role, names in _KNOWN_LABELS.items() for name in names.split()}
_PARTICIPANT_CODE = re.compile(r"[pr]\d+")

# A label word starts with a letter or digit (Unicode letters too): "Entrevistadora", "P07".
_WORD = r"[^\W_][\w.'’\-]{0,29}"
_LABEL = rf"{_WORD}(?:[ \t]+{_WORD}){{0,2}}"
_LABEL_RE = re.compile(
    rf"""[^\S\n]*(?:
        \[(?P<bracket>{_LABEL})\]
      | \*\*(?P<star>{_LABEL})(?::\*\*|\*\*:)
      | __(?P<under>{_LABEL})(?::__|__:)
      | (?P<plain>{_LABEL}):
    )(?=\s|$)""",
    re.VERBOSE,
)
_MAX_LABEL = 30


def normalise_label(label: str) -> str:
    """The key of per-study role overrides: casefolded, whitespace collapsed."""
    return " ".join(label.casefold().split())


def _builtin_role(key: str) -> str | None:
    if key in _KNOWN_ROLES:
        return _KNOWN_ROLES[key]
    return "client" if _PARTICIPANT_CODE.fullmatch(key) else None


def guess_role(label: str, overrides: Mapping[str, str] | None = None) -> str:
    """The role of a speaker label; a study's overrides (normalised label -> role) win."""
    key = normalise_label(label)
    if not key:  # the unlabelled preamble is nobody
        return "other"
    if overrides:
        role = overrides.get(key)
        if role is None:  # tolerate keys stored without normalising
            role = next((r for k, r in overrides.items() if normalise_label(k) == key), None)
        if role in ROLES:  # an unknown role in stored settings falls back to the guess
            return role
    return _builtin_role(key) or "other"


def assign_roles(speakers: Sequence[str], overrides: Mapping[str, str] | None = None) -> list[str]:
    """Roles for a transcript's turn speakers, in order. Beyond guess_role: in a one-to-one
    interview (an interviewer and exactly one unrecognised name, as in "Entrevistadora:" /
    "Rosa:"), the name is the client; the study's overrides still win."""
    roles = [guess_role(label, overrides) for label in speakers]
    unknown = {
        normalise_label(label)
        for label, role in zip(speakers, roles, strict=True)
        if role == "other"
        and normalise_label(label)
        and normalise_label(label) not in (overrides or {})
    }
    if len(unknown) == 1 and "interviewer" in roles and "client" not in roles:
        [name] = unknown
        roles = [
            "client" if role == "other" and normalise_label(label) == name else role
            for label, role in zip(speakers, roles, strict=True)
        ]
    return roles


def _match_label(line: str) -> tuple[str, int, bool] | None:
    """(label, offset where the rest of the line starts, is_bracket) for a candidate label."""
    m = _LABEL_RE.match(line)
    if m is None:
        return None
    label = m["bracket"] or m["star"] or m["under"] or m["plain"]
    return (label, m.end(), m["bracket"] is not None) if len(label) <= _MAX_LABEL else None


def _is_speaker(label: str, bracket: bool, counts: Counter[str]) -> bool:
    # A one-off "Proyecto: ..." is text; a known label or a name used twice is a speaker.
    key = normalise_label(label)
    return bracket or _builtin_role(key) is not None or counts[key] >= 2


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace, as str.strip() sees it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _checked(
    text: str, turns: Sequence[ParsedTurn], spoken: Sequence[str] | None = None
) -> tuple[ParsedTurn, ...]:
    """Enforce the offset contract on every turn; a failure here is a bug, not bad input."""
    if not turns:
        raise ImportFailed(_NO_TEXT)
    if not unicodedata.is_normalized("NFC", text):
        raise AssertionError("transcript text is not NFC")
    for index, turn in enumerate(turns):
        span = text[turn.start : turn.end]
        if not 0 <= turn.start < turn.end <= len(text) or span != span.strip():
            raise AssertionError(f"turn span out of range or not trimmed: {turn}")
        if spoken is not None and span != spoken[index]:
            raise AssertionError(f"turn span is not the spoken text: {turn}")
    return tuple(turns)


# ---------------------------------------------------------------- plain text and docx


def parse_plain(text: str) -> ParsedTranscript:
    """Split labelled plain text into turns; the text is stored as it is (labels included)."""
    text = _clean(text)
    return ParsedTranscript(text, _checked(text, _label_turns(text)), "text")


def _label_turns(text: str) -> list[ParsedTurn]:
    # Not splitlines(): it also splits on \x0b, \x1c, \u2028, which are not line ends here.
    lines = text.split("\n")
    candidates = [_match_label(line) for line in lines]
    counts = Counter(normalise_label(c[0]) for c in candidates if c and not c[2])
    turns: list[ParsedTurn] = []
    speaker: str | None = None  # None until the first label or non-blank line
    start = end = -1  # -1: the current turn has no content yet
    line_start = 0
    for line, candidate in zip(lines, candidates, strict=True):
        line_end = line_start + len(line)
        if candidate and _is_speaker(candidate[0], candidate[2], counts):
            if speaker is not None and start >= 0:
                turns.append(ParsedTurn(speaker, start, end))
            speaker = candidate[0].strip()
            # A label alone on its line: the turn starts on the next non-blank line.
            start, end = _trim(text, line_start + candidate[1], line_end)
            start, end = (start, end) if start < end else (-1, -1)
        else:
            s, e = _trim(text, line_start, line_end)
            if s < e:
                speaker = "" if speaker is None else speaker  # "": the preamble
                start = s if start < 0 else start
                end = e  # a continuation runs the turn to the end of this line
        line_start = line_end + 1
    if speaker is not None and start >= 0:
        turns.append(ParsedTurn(speaker, start, end))
    return turns


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_RATIO = 100
# NotImplementedError (exotic compression) is a RuntimeError, as is "encrypted".
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError)


def parse_docx(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedTranscript:
    """Read the paragraphs of a Word file (zip + XML, hardened) and parse them as plain text."""
    _check_size(data, max_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (*_ZIP_ERRORS, ValueError):
        raise ImportFailed(
            "This .docx file is not a valid Word document (not a zip archive)."
        ) from None
    with archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            raise ImportFailed("This .docx file has no word/document.xml.") from None
        # Trust nothing the archive declares: check size and ratio, then read with a bound.
        limit = _size(max_bytes)
        if info.file_size > max_bytes:
            raise ImportFailed(f"This .docx file unpacks to over the limit of {limit}.")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > _MAX_RATIO:
            raise ImportFailed(
                "This .docx file is compressed far more than any real document "
                "(a possible zip bomb), so it was not opened."
            )
        try:
            with archive.open(info) as member:
                xml = member.read(max_bytes + 1)
        except _ZIP_ERRORS:
            raise ImportFailed("This .docx file is damaged or encrypted.") from None
    if len(xml) > max_bytes:
        raise ImportFailed(f"This .docx file unpacks to over the limit of {limit}.")
    try:
        root = DefusedET.fromstring(xml, forbid_dtd=True)
    except DefusedXmlException:
        raise ImportFailed(
            "This .docx file contains XML DTD or entity declarations, which Word never "
            "writes; it was rejected as unsafe."
        ) from None
    except ParseError:
        raise ImportFailed("This .docx file is damaged: its XML is malformed.") from None
    text = _clean("\n".join(_docx_paragraphs(root)))
    return ParsedTranscript(text, _checked(text, _label_turns(text)), "docx")


def _docx_paragraphs(root: Element) -> list[str]:
    """Paragraph texts of w:body in document order; iterative, so deep nesting is harmless."""
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    body = root.find(f"{ns}body")
    if body is None:
        raise ImportFailed("This .docx file has no document body.")
    para, text, tab, breaks = f"{ns}p", f"{ns}t", f"{ns}tab", {f"{ns}br", f"{ns}cr"}
    # Properties hold tab stops (w:tab) that are not text; mc:Fallback repeats text boxes.
    skip = {f"{ns}pPr", f"{ns}rPr", _MC_FALLBACK}
    paragraphs: list[list[str]] = []
    stack: list[tuple[Element, int]] = [(body, -1)]
    while stack:
        element, owner = stack.pop()
        if element.tag == para:  # a nested paragraph (text box) gets its own entry
            paragraphs.append([])
            owner = len(paragraphs) - 1
        elif owner >= 0 and element.tag == text:
            paragraphs[owner].append(element.text or "")
        elif owner >= 0 and element.tag == tab:
            paragraphs[owner].append("\t")
        elif owner >= 0 and element.tag in breaks:
            paragraphs[owner].append("\n")
        if element.tag not in skip:
            stack.extend((child, owner) for child in reversed(element))
    return ["".join(parts) for parts in paragraphs]


# ---------------------------------------------------------------- subtitles (vtt, srt)

_TIMING_LINE = re.compile(r"\s*([\d:.,]+)\s*-->\s*([\d:.,]+)(?:\s.*)?")
_VTT_TIME = re.compile(r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})")
_SRT_TIME = re.compile(r"(?:(\d+):)?([0-5]\d):([0-5]\d)[,.](\d{3})")
_VTT_SKIP = re.compile(r"(?:NOTE|STYLE|REGION)(?:\s|$)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>")
_VTT_TAG = re.compile(r"<[^>\n]*>")  # WebVTT escapes a literal "<" as &lt;
_SRT_TAG = re.compile(r"</?(?:i|b|u|s|font|v)\b[^>\n]*>|\{\\[^}\n]*\}", re.IGNORECASE)
_Cue = tuple[float, float, str]  # start seconds, end seconds, payload
_Block = list[tuple[int, str]]  # (1-based line number, line) of a run of non-blank lines


def parse_vtt(text: str) -> ParsedTranscript:
    """Parse WebVTT captions; speakers from <v Name> tags or "Name:" prefixes."""
    text = _clean(text)
    if not re.match(r"WEBVTT(?:[ \t\n]|$)", text):
        raise ImportFailed('This .vtt file does not start with "WEBVTT".')
    blocks = [b for b in _blocks(text)[1:] if not _VTT_SKIP.match(b[0][1])]  # [0]: header
    cues = _cues(blocks, _VTT_TIME, "00:00:01.000 --> 00:00:04.000", numbered=False)
    return _subtitle_transcript(cues, _VTT_TAG, unescape=True, source_format="vtt")


def parse_srt(text: str) -> ParsedTranscript:
    """Parse SubRip subtitles; speakers from "Name:" prefixes or <v Name> tags."""
    text = _clean(text)
    cues = _cues(_blocks(text), _SRT_TIME, "00:00:01,000 --> 00:00:04,000", numbered=True)
    return _subtitle_transcript(cues, _SRT_TAG, unescape=False, source_format="srt")


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _cues(
    blocks: list[_Block], time_re: re.Pattern[str], example: str, *, numbered: bool
) -> list[_Cue]:
    """Validated cues; errors name the cue (1-based, in file order) and the line."""
    cues: list[_Cue] = []
    for number, block in enumerate(blocks, start=1):
        # SRT: an optional cue number first; WebVTT: an optional identifier first.
        first_is_id = block[0][1].strip().isdigit() if numbered else len(block) > 1
        skip = 1 if first_is_id and "-->" not in block[0][1] else 0
        where = f"Cue {number} (line {block[min(skip, len(block) - 1)][0]})"
        if skip >= len(block) or "-->" not in block[skip][1]:
            raise ImportFailed(f"{where} has no timing line; expected e.g. {example}.")
        m = _TIMING_LINE.fullmatch(block[skip][1])
        start = _seconds(m[1], time_re) if m else None
        end = _seconds(m[2], time_re) if m else None
        if start is None or end is None:
            timing = block[skip][1].strip()
            raise ImportFailed(f"{where} has a broken timing {timing!r}; expected e.g. {example}.")
        if end < start:
            raise ImportFailed(f"{where} ends ({end:g} s) before it starts ({start:g} s).")
        if cues and start < cues[-1][0]:
            raise ImportFailed(
                f"{where} starts at {start:g} s, before the previous cue ({cues[-1][0]:g} s); "
                "cues must be in time order."
            )
        cues.append((start, end, "\n".join(line for _, line in block[skip + 1 :])))
    return cues


def _seconds(stamp: str, time_re: re.Pattern[str]) -> float | None:
    m = time_re.fullmatch(stamp)
    if m is None:
        return None
    hours, minutes, seconds, millis = (int(g) if g else 0 for g in m.groups())
    # Integer milliseconds divided once, so 4.2 s is exactly the float 4.2.
    return (((hours * 60 + minutes) * 60 + seconds) * 1000 + millis) / 1000


def _subtitle_transcript(
    cues: list[_Cue], tag_re: re.Pattern[str], *, unescape: bool, source_format: str
) -> ParsedTranscript:
    def clean(fragment: str) -> str:
        fragment = tag_re.sub("", fragment)
        fragment = html.unescape(fragment) if unescape else fragment
        return unicodedata.normalize("NFC", " ".join(fragment.split()))

    # Pieces (voice or None, text, start, end); one cue may switch voices midway.
    pieces: list[tuple[str | None, str, float, float]] = []
    for start, end, payload in cues:
        parts = _VOICE.split(payload)
        voices = [None, *(clean(v or "") or None for v in parts[1::2])]
        pieces += [(v, clean(t), start, end) for v, t in zip(voices, parts[::2], strict=True)]
    candidates = [_match_label(t) if v is None else None for v, t, _, _ in pieces]
    counts = Counter(normalise_label(c[0]) for c in candidates if c and not c[2])

    groups: list[tuple[str, list[str], list[float]]] = []  # speaker, texts, [start, end]
    current = ""
    for (speaker, text, start, end), candidate in zip(pieces, candidates, strict=True):
        # Brackets are not speakers in subtitles: "[Music]", "[laughs]".
        if candidate and not candidate[2] and _is_speaker(candidate[0], False, counts):
            speaker, text = candidate[0].strip(), text[candidate[1] :].strip()
        current = current if speaker is None else speaker
        if not text:
            continue  # a bare label still names who speaks next
        if groups and normalise_label(groups[-1][0]) == normalise_label(current):
            groups[-1][1].append(text)
            groups[-1][2][1] = max(groups[-1][2][1], end)  # cues may overlap
        else:
            groups.append((current, [text], [start, end]))

    lines: list[str] = []
    spoken: list[str] = []
    turns: list[ParsedTurn] = []
    offset = 0
    for speaker, texts, (start, end) in groups:
        prefix = f"{speaker}: " if speaker else ""
        spoken.append(" ".join(texts))
        lines.append(prefix + spoken[-1])
        first = offset + len(prefix)
        turns.append(ParsedTurn(speaker, first, first + len(spoken[-1]), start, end))
        offset += len(lines[-1]) + 2  # "\n\n" between turns
    text = "\n\n".join(lines)
    return ParsedTranscript(text, _checked(text, turns, spoken), source_format)
