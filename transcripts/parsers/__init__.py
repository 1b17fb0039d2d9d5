"""Turn an uploaded transcript file (bytes) into plain text plus speaker turns; no Django here.

Contract: parse_transcript() returns a ParsedTranscript or raises ImportFailed with a sentence
for the user. Turn offsets are code points into ParsedTranscript.text (NFC, "\\n" line endings)
and cover exactly the spoken words: never the speaker label, never surrounding whitespace.
"""

import dataclasses
import os
import re
from collections.abc import Mapping

from transcripts.parsers.base import (
    DEFAULT_MAX_BYTES,
    FORMATS,
    ROLES,
    ImportFailed,
    ParsedTranscript,
    ParsedTurn,
    check_size,
    checked_turns,
    clean_text,
    decode_text,
)
from transcripts.parsers.docx import parse_docx
from transcripts.parsers.labels import (
    assign_roles,
    guess_role,
    normalise_label,
    participant_labels,
)
from transcripts.parsers.layout import lay_out
from transcripts.parsers.names import (
    Flag,
    check_replacements,
    clean_name,
    flag_names,
    name_problem,
    replace_names,
)
from transcripts.parsers.subtitles import parse_srt, parse_vtt

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Flag",
    "check_replacements",
    "clean_name",
    "name_problem",
    "flag_names",
    "replace_names",
    "ROLES",
    "ImportFailed",
    "ParsedTranscript",
    "ParsedTurn",
    "assign_roles",
    "decode_text",
    "guess_role",
    "normalise_label",
    "parse_docx",
    "parse_plain",
    "participant_labels",
    "parse_srt",
    "parse_transcript",
    "parse_vtt",
]


def parse_plain(text: str, *, verbatim: bool = False) -> ParsedTranscript:
    """Split labelled plain text into turns (hard wraps joined unless `verbatim`; see
    parsers/layout.py)."""
    text, turns, metadata = lay_out(clean_text(text), wrap=True, verbatim=verbatim)
    return ParsedTranscript(text, checked_turns(text, turns), "text", metadata)


def parse_transcript(
    filename: str,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    replacements: Mapping[str, str] | None = None,
    verbatim: bool = False,
) -> ParsedTranscript:
    """Parse an uploaded file, choosing the format from its extension. `replacements`
    (name -> pseudonym, whole words) are made in the text before anything is parsed, so every
    offset is an offset into the pseudonymised text; ParsedTranscript.replaced counts them."""
    name = re.split(r"[\\/]", filename)[-1]  # browsers may send a Windows path
    ext = os.path.splitext(name)[1].lower()
    kind = FORMATS.get(ext)
    if kind is None:
        shown = f'"{ext}" files' if ext else "Files without an extension"
        supported = ", ".join(FORMATS)
        raise ImportFailed(f"{shown} cannot be imported; supported: {supported}.")
    check_size(data, max_bytes)
    if kind == "docx":
        return parse_docx(data, max_bytes=max_bytes, replacements=replacements)
    text, replaced = replace_names(decode_text(data), replacements or {})
    if kind == "text":
        parsed = parse_plain(text, verbatim=verbatim)
    else:
        parsed = {"vtt": parse_vtt, "srt": parse_srt}[kind](text)
    return dataclasses.replace(parsed, replaced=replaced)
