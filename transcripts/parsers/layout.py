"""Plain text (and the paragraphs of a Word file) laid out as speaker turns and metadata.

Offsets are fixed at import, so the stored text is exactly what the reader shows:
- A line that starts with a speaker label starts a turn; a line that does not continues it.
- Inside a turn, a single line break is a hard wrap in text files (`wrap`) and becomes one
  space; in Word files every line is a paragraph and a single break stays "\\n". One or more
  blank lines inside a turn are a paragraph break and become exactly one blank line ("\\n\\n").
  Indentation at the start of a continuation line goes with the break.
- Markdown headings ("# Session 3") are never spoken: a heading ends the turn before it and
  goes to the metadata with the index of the turn it precedes. When the file has labels, the
  lines before the first label (the preamble) and those between a heading and the next label
  are metadata too: "Name: value" lines as fields, other paragraphs as notes. They stay in
  the stored text, outside every turn, so nothing the file said is lost.
- A file without any speaker label is one unlabelled turn (split at headings).
Everything outside turns is stored as it was written."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from transcripts.parsers.base import ParsedTurn, empty_metadata, trim
from transcripts.parsers.labels import is_speaker, match_label, normalise_label

# Both read a long run of spaces once: no lazy group before optional spaces, and a break
# starts only where a run of spaces (or a newline) starts.
_HEADING = re.compile(r"[^\S\n]{0,3}(#{1,6})[^\S\n]+(\S.*)")
_BREAK = re.compile(r"(?<![^\S\n])[^\S\n]*\n\s*")


class _Layout:
    """The walk over the lines: turns (offsets into the original text) and metadata."""

    def __init__(self, text: str, *, wrap: bool) -> None:
        self.text, self.wrap = text, wrap
        self.turns: list[ParsedTurn] = []
        self.metadata: dict[str, Any] = empty_metadata()
        self.speaker: str | None = None  # None: outside any turn
        self.start = self.end = -1  # -1: the open turn has no content yet
        self.note: list[str] = []  # lines of the metadata paragraph being read

    def close_turn(self) -> None:
        if self.speaker is not None and self.start >= 0:
            self.turns.append(ParsedTurn(self.speaker, self.start, self.end))
        self.speaker, self.start, self.end = None, -1, -1

    def flush_note(self) -> None:
        if self.note:
            joined = (" " if self.wrap else "\n").join(self.note)
            self.metadata["notes"].append({"text": joined, "before_turn": len(self.turns)})
            self.note = []

    def open_turn(self, speaker: str, start: int, end: int) -> None:
        self.close_turn()
        self.flush_note()
        self.speaker = speaker
        self.start, self.end = (start, end) if start < end else (-1, -1)

    def heading(self, level: int, title: str) -> None:
        self.close_turn()
        self.flush_note()
        entry = {"level": level, "text": title, "before_turn": len(self.turns)}
        self.metadata["headings"].append(entry)

    def continue_turn(self, start: int, end: int) -> None:
        self.start = start if self.start < 0 else self.start
        self.end = end

    def outside_line(self, line: str, start: int, end: int) -> None:
        candidate = match_label(line)
        if candidate and not candidate[2]:  # "Date: 2024-05-02"
            self.flush_note()
            name, value = candidate[0].strip(), line[candidate[1] :].strip()
            self.metadata["fields"].setdefault(name, value)
        else:
            self.note.append(self.text[start:end])


def lay_out(
    text: str, *, wrap: bool, verbatim: bool = False
) -> tuple[str, list[ParsedTurn], dict[str, Any]]:
    """(stored text, turns with offsets into it, metadata) for clean text (see parsers/base).
    `verbatim` leaves the line breaks inside turns as written: for a text whose offsets
    another tool already fixed (a REFI-QDA project's sources)."""
    # Not splitlines(): it also splits on \x0b, \x1c, \u2028, which are not line ends here.
    lines = text.split("\n")
    candidates = [match_label(line) for line in lines]
    counts = Counter(normalise_label(c[0]) for c in candidates if c and not c[2])
    speakers = [c if c and is_speaker(c[0], c[2], counts) else None for c in candidates]
    has_labels = any(speakers)
    walk = _Layout(text, wrap=wrap)
    line_start = 0
    for line, speaker in zip(lines, speakers, strict=True):
        line_end = line_start + len(line)
        start, end = trim(text, line_start, line_end)
        heading = _HEADING.fullmatch(line)
        if heading:
            walk.heading(len(heading[1]), _heading_text(heading[2]))
        elif speaker:
            walk.open_turn(speaker[0].strip(), *trim(text, line_start + speaker[1], line_end))
        elif start == end:
            walk.flush_note()  # a blank line ends a note's paragraph (a turn's goes on)
        elif walk.speaker is not None:
            walk.continue_turn(start, end)
        elif not has_labels:
            walk.open_turn("", start, end)
        else:
            walk.outside_line(line, start, end)
        line_start = line_end + 1
    walk.close_turn()
    walk.flush_note()
    if verbatim:
        return text, walk.turns, walk.metadata
    stored, turns = _join_breaks(text, walk.turns, wrap=wrap)
    return stored, turns, walk.metadata


def _heading_text(raw: str) -> str:
    """The heading without its optional closing hashes ("## Part 2 ##" -> "Part 2")."""
    text = raw.rstrip()
    bare = text.rstrip("#")
    if bare != text and bare[-1:] in (" ", "\t"):
        text = bare.rstrip()
    return text


def _join_breaks(text: str, turns: list[ParsedTurn], *, wrap: bool) -> tuple[str, list[ParsedTurn]]:
    """The text with the line breaks inside turns rewritten (module docstring), and the turns'
    offsets moved to match; everything between turns is kept as written."""

    def joint(match: re.Match[str]) -> str:
        if match[0].count("\n") >= 2:
            return "\n\n"
        return " " if wrap else "\n"

    pieces: list[str] = []
    moved: list[ParsedTurn] = []
    position = length = 0
    for turn in turns:
        between = text[position : turn.start]
        content = _BREAK.sub(joint, text[turn.start : turn.end])
        pieces += [between, content]
        length += len(between)
        moved.append(ParsedTurn(turn.speaker, length, length + len(content)))
        length += len(content)
        position = turn.end
    pieces.append(text[position:])
    return "".join(pieces), moved
