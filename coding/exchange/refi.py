"""The plain data of a REFI-QDA project (QDA-XML 1.0), as both the builder and the parser see
it: frozen dataclasses, no Django. Offsets of selections are in the producer's units until
`positions` converts them; GUIDs are upper case without braces once parsed."""

from __future__ import annotations

from dataclasses import dataclass, field

QUALCODE_ORIGIN = "QualCode 0.1"
CONSENSUS_USER_ID = "qualcode:consensus"
MOMENTS_PARENT = "Significant moments"


@dataclass(frozen=True, slots=True)
class User:
    guid: str
    name: str
    id: str = ""


@dataclass(frozen=True, slots=True)
class Code:
    guid: str
    name: str
    codable: bool
    color: str | None = None
    description: str = ""
    children: tuple[Code, ...] = ()
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Coding:
    guid: str
    code_guid: str
    user_guid: str | None = None
    created: str | None = None
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Selection:
    guid: str
    start: int
    end: int
    name: str = ""
    user_guid: str | None = None
    created: str | None = None
    description: str = ""
    codings: tuple[Coding, ...] = ()
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    guid: str
    name: str
    plain_text_path: str = ""
    description: str = ""
    content: str | None = None  # PlainTextContent, when the text is inline
    selections: tuple[Selection, ...] = ()
    note_refs: tuple[str, ...] = ()
    user_guid: str | None = None
    created: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    guid: str
    name: str
    text: str
    user_guid: str | None = None
    created: str | None = None


@dataclass(frozen=True, slots=True)
class Variable:
    guid: str
    name: str
    type: str  # Text | Boolean | Integer | Float | Date | DateTime


@dataclass(frozen=True, slots=True)
class Case:
    guid: str
    name: str
    values: tuple[tuple[str, str], ...] = ()  # (variable guid, value as written)
    source_refs: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Set:
    """A named group of codes and notes; QualCode writes one per code with memos (QualCoder's
    importer drops a code that holds a NoteRef, and ignores sets)."""

    guid: str
    name: str
    code_guids: tuple[str, ...] = ()
    note_guids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    origin: str = ""
    creating_user: str | None = None
    created: str | None = None
    description: str = ""
    users: tuple[User, ...] = ()
    codes: tuple[Code, ...] = ()
    variables: tuple[Variable, ...] = ()
    cases: tuple[Case, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: tuple[Note, ...] = ()
    note_refs: tuple[str, ...] = ()
    sets: tuple[Set, ...] = ()
    # What the parser met and could not keep (other source kinds, sets, links, graphs).
    skipped: tuple[str, ...] = field(default=())


def walk_codes(codes: tuple[Code, ...], parents: tuple[Code, ...] = ()):
    """Every code with its ancestors (outermost first), depth first in document order."""
    for code in codes:
        yield code, parents
        yield from walk_codes(code.children, (*parents, code))
