"""Speaker labels and roles, and plain text split into turns at its labels."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from transcripts.parsers.base import (
    ROLES,
    ParsedTranscript,
    ParsedTurn,
    checked_turns,
    clean_text,
    trim,
)

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


def match_label(line: str) -> tuple[str, int, bool] | None:
    """(label, offset where the rest of the line starts, is_bracket) for a candidate label."""
    m = _LABEL_RE.match(line)
    if m is None:
        return None
    label = m["bracket"] or m["star"] or m["under"] or m["plain"]
    return (label, m.end(), m["bracket"] is not None) if len(label) <= _MAX_LABEL else None


def is_speaker(label: str, bracket: bool, counts: Counter[str]) -> bool:
    # A one-off "Proyecto: ..." is text; a known label or a name used twice is a speaker.
    key = normalise_label(label)
    return bracket or _builtin_role(key) is not None or counts[key] >= 2


def parse_plain(text: str) -> ParsedTranscript:
    """Split labelled plain text into turns; the text is stored as it is (labels included)."""
    text = clean_text(text)
    return ParsedTranscript(text, checked_turns(text, label_turns(text)), "text")


def label_turns(text: str) -> list[ParsedTurn]:
    # Not splitlines(): it also splits on \x0b, \x1c, \u2028, which are not line ends here.
    lines = text.split("\n")
    candidates = [match_label(line) for line in lines]
    counts = Counter(normalise_label(c[0]) for c in candidates if c and not c[2])
    turns: list[ParsedTurn] = []
    speaker: str | None = None  # None until the first label or non-blank line
    start = end = -1  # -1: the current turn has no content yet
    line_start = 0
    for line, candidate in zip(lines, candidates, strict=True):
        line_end = line_start + len(line)
        if candidate and is_speaker(candidate[0], candidate[2], counts):
            if speaker is not None and start >= 0:
                turns.append(ParsedTurn(speaker, start, end))
            speaker = candidate[0].strip()
            # A label alone on its line: the turn starts on the next non-blank line.
            start, end = trim(text, line_start + candidate[1], line_end)
            start, end = (start, end) if start < end else (-1, -1)
        else:
            s, e = trim(text, line_start, line_end)
            if s < e:
                speaker = "" if speaker is None else speaker  # "": the preamble
                start = s if start < 0 else start
                end = e  # a continuation runs the turn to the end of this line
        line_start = line_end + 1
    if speaker is not None and start >= 0:
        turns.append(ParsedTurn(speaker, start, end))
    return turns
