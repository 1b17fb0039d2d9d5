"""Speaker labels and roles. A label is a word or up to three before a colon ("Client:",
"Client :" in French typography, "Client:Yes" without a space), in bold, or in brackets
("[id1]", focus groups); indentation before it is allowed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from transcripts.parsers.base import ROLES

_KNOWN_LABELS = {
    "interviewer": "interviewer int i q entrevistador entrevistadora moderator facilitator mod "
    "enquêteur enquêteuse enquêtrice intervieweur intervieweuse animateur animatrice",
    "client": "client c r respondent participant interviewee cliente entrevistado entrevistada "
    "participante patient patiente",
    "therapist": "therapist t counsellor counselor terapeuta thérapeute",
}
_KNOWN_ROLES = {name: role for role, names in _KNOWN_LABELS.items() for name in names.split()}
_PARTICIPANT_CODE = re.compile(r"[pr]\d+|id\d+")  # P07, R12; id1, id2 in focus groups

# A label word starts with a letter or digit (Unicode letters too): "Entrevistadora", "P07".
_WORD = r"[^\W_][\w.'’\-]{0,29}"
_LABEL = rf"{_WORD}(?:[ \t]+{_WORD}){{0,2}}"
# Before the colon: spaces, tabs, no-break spaces (French typography puts one there).
_GAP = r"[ \t\u00a0\u202f]*"
_LABEL_RE = re.compile(
    rf"""[^\S\n]*(?:
        \[(?P<bracket>{_LABEL})\]
      | \*\*(?P<star>{_LABEL}){_GAP}(?::\*\*|\*\*{_GAP}:)
      | __(?P<under>{_LABEL}){_GAP}(?::__|__{_GAP}:)
      | (?P<plain>{_LABEL}){_GAP}:
    )""",
    re.VERBOSE,
)
# After a label without a space ("Client:Yes"), words start with a letter or an opening mark;
# "10:30" and "http://" are not labels.
_TIGHT_START = re.compile(r"[^\W\d_]|[“‘\"'¿¡(«]")
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
    rest = line[m.end() :]
    tight = rest and not rest[0].isspace()
    if tight and (label[0].isdigit() or not _TIGHT_START.match(rest)):
        return None
    return (label, m.end(), m["bracket"] is not None) if len(label) <= _MAX_LABEL else None


def is_speaker(label: str, bracket: bool, counts: Counter[str]) -> bool:
    # A one-off "Proyecto: ..." is text; a known label or a name used twice is a speaker.
    key = normalise_label(label)
    return bracket or _builtin_role(key) is not None or counts[key] >= 2


def participant_labels(speakers: Sequence[str]) -> list[str]:
    """Distinct participant-code labels (P03, R2, id1), as first written. Two or more make a
    focus group: several participants in one transcript."""
    seen: dict[str, str] = {}
    for label in speakers:
        key = normalise_label(label)
        if _PARTICIPANT_CODE.fullmatch(key) and key not in seen:
            seen[key] = label
    return list(seen.values())
