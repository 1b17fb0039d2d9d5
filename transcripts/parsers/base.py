"""What every parser shares: the parsed shapes, size and encoding checks, text cleaning
and the offset contract (checked on every turn)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

ROLES = ("interviewer", "client", "therapist", "other")

DEFAULT_MAX_BYTES = 20_000_000
TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".text")
FORMATS = dict.fromkeys(TEXT_EXTENSIONS, "text") | {".docx": "docx", ".vtt": "vtt", ".srt": "srt"}
EMPTY = "The file is empty."
NO_TEXT = "No text found in the file."
BINARY = "This looks like a binary file, not a transcript."


class ImportFailed(ValueError):
    """A file that cannot be imported; `reason` is a sentence for the user."""

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ParsedTurn:
    speaker: str  # label as written ("Interviewer", "P07", "id1"); "" for unlabelled text
    start: int  # code-point offsets of the spoken content in ParsedTranscript.text
    end: int
    start_seconds: float | None = None
    end_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    text: str
    turns: tuple[ParsedTurn, ...]
    source_format: str  # "text" | "docx" | "vtt" | "srt"
    # What is not spoken: {"headings": [{"level", "text", "before_turn"}], "fields": {name:
    # value}, "notes": [{"text", "before_turn"}]}; see parsers/layout.py.
    metadata: dict[str, Any] = field(default_factory=lambda: empty_metadata())
    replaced: dict[str, int] = field(default_factory=dict)  # pseudonymised name -> times


def empty_metadata() -> dict[str, Any]:
    return {"headings": [], "fields": {}, "notes": []}


def check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise ImportFailed(EMPTY)
    if len(data) > max_bytes:
        size, limit = size_text(len(data)), size_text(max_bytes)
        raise ImportFailed(f"The file is too large ({size}); the limit is {limit}.")


def size_text(n: int) -> str:
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
        raise ImportFailed(BINARY)
    if not utf16:
        body = data.removeprefix(b"\xef\xbb\xbf")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            try:  # Windows editors still save cp1252 (curly quotes as 0x91-0x94)
                text = body.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFailed("The file's encoding is unknown; save it as UTF-8.") from None
    text = clean_text(text)
    if not text:
        raise ImportFailed(EMPTY)
    return text


def clean_text(text: str) -> str:
    """BOM off, "\\n" line endings, NFC (so offsets never shift later), no trailing space."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).rstrip()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace, as str.strip() sees it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def checked_turns(
    text: str, turns: Sequence[ParsedTurn], spoken: Sequence[str] | None = None
) -> tuple[ParsedTurn, ...]:
    """Enforce the offset contract on every turn; a failure here is a bug, not bad input."""
    if not turns:
        raise ImportFailed(NO_TEXT)
    if not unicodedata.is_normalized("NFC", text):
        raise AssertionError("transcript text is not NFC")
    for index, turn in enumerate(turns):
        span = text[turn.start : turn.end]
        if not 0 <= turn.start < turn.end <= len(text) or span != span.strip():
            raise AssertionError(f"turn span out of range or not trimmed: {turn}")
        if spoken is not None and span != spoken[index]:
            raise AssertionError(f"turn span is not the spoken text: {turn}")
    return tuple(turns)
