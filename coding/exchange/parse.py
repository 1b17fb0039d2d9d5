"""QDA-XML bytes -> plain project data, tolerantly: any namespace (or none), GUIDs in any case
with or without braces, every optional attribute really optional, `Sets` empty or absent.
DTDs and entities are refused (defusedxml). What we cannot keep is listed in `skipped`.

Raises ParseFailed with a sentence for the user when the XML is broken or not QDA-XML."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from xml.etree.ElementTree import Element, ParseError, XMLParser

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from coding.exchange import refi
from coding.exchange.guids import normalise

OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


class ParseFailed(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@lru_cache(maxsize=256)  # a document has a few dozen distinct tags, seen 600,000 times
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: Element, name: str) -> list[Element]:
    return [child for child in node if _local(child.tag) == name]


def _child(node: Element, name: str) -> Element | None:
    return next((child for child in node if _local(child.tag) == name), None)


def _within(node: Element, container: str, name: str) -> list[Element]:
    """The `name` children of node's `container` child; [] when the container is absent."""
    box = _child(node, container)
    return _children(box, name) if box is not None else []


def _text(node: Element, name: str) -> str:
    child = _child(node, name)
    return (child.text or "").strip() if child is not None else ""


# A project repeats each code's and user's GUID in every coding: 600,000 look-ups in a
# large one, most of them for a few hundred values.
_normalise = lru_cache(maxsize=4096)(normalise)


def _guid(node: Element, attr: str = "guid") -> str | None:
    return _normalise(node.get(attr))


def _refs(node: Element, name: str = "NoteRef") -> tuple[str, ...]:
    return tuple(g for ref in _children(node, name) if (g := _guid(ref, "targetGUID")))


def _parse(data: bytes) -> Element:
    """defusedxml's parser runs expat's callbacks in Python (2 s for a 15 MB project). A
    document that declares no DTD can declare no entity, so the C parser is safe for it; the
    check reads bytes, so any document that is not ASCII-compatible (UTF-16, a NUL in its
    start) or names a DOCTYPE anywhere goes to defusedxml, which refuses DTDs."""
    if b"\0" not in data[:4] and b"<!DOCTYPE" not in data and b"<!ENTITY" not in data:
        parser = XMLParser()
        parser.feed(data)
        return parser.close()
    return fromstring(data, forbid_dtd=True)


def _root(data: bytes, expected: str) -> Element:
    try:
        root = _parse(data)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise ParseFailed(f"The XML is broken or unsafe: {error}") from None
    if _local(root.tag) != expected:
        raise ParseFailed(f"Expected a <{expected}> document, found <{_local(root.tag)}>.")
    return root


def _codes(node: Element | None, skipped: list[str]) -> tuple[refi.Code, ...]:
    out = []
    for item in _children(node, "Code") if node is not None else []:
        guid = _guid(item)
        if guid is None:
            skipped.append(f"A code without a valid GUID (“{item.get('name', '')}”) was skipped.")
            continue
        out.append(
            refi.Code(
                guid=guid,
                name=(item.get("name") or "").strip() or "Unnamed code",
                codable=(item.get("isCodable") or "true").strip().lower() in ("true", "1"),
                color=item.get("color"),
                description=_text(item, "Description"),
                children=_codes(item, skipped),
                note_refs=_refs(item),
            )
        )
    return tuple(out)


def parse_codebook(data: bytes) -> tuple[str, tuple[refi.Code, ...]]:
    """(origin, codes) of a .qdc file."""
    root = _root(data, "CodeBook")
    skipped: list[str] = []
    return root.get("origin", ""), _codes(_child(root, "Codes"), skipped)


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _coding(coding: Element) -> refi.Coding | None:
    target, notes = None, []
    for child in coding:
        tag = _local(child.tag)
        if tag == "CodeRef":
            target = _guid(child, "targetGUID")
        elif tag == "NoteRef" and (note := _guid(child, "targetGUID")):
            notes.append(note)
    if target is None:
        return None
    return refi.Coding(
        guid=normalise(coding.get("guid")) or "",  # unique: not worth remembering
        code_guid=target,
        user_guid=_guid(coding, "creatingUser"),
        created=coding.get("creationDateTime"),
        note_refs=tuple(notes),
    )


def _selection(item: Element, skipped: list[str]) -> refi.Selection | None:
    """One pass over the selection's children: a large project has 100,000 and more."""
    guid = normalise(item.get("guid"))  # unique: not worth remembering
    start, end = _int(item.get("startPosition")), _int(item.get("endPosition"))
    if guid is None or start is None or end is None:
        skipped.append(f"Selection “{item.get('name', '')}” has no GUID or positions; skipped.")
        return None
    codings, notes, description = [], [], ""
    for child in item:
        tag = _local(child.tag)
        if tag == "Coding":
            if (coding := _coding(child)) is not None:
                codings.append(coding)
        elif tag == "NoteRef" and (note := _guid(child, "targetGUID")):
            notes.append(note)
        elif tag == "Description":
            description = (child.text or "").strip()
    return refi.Selection(
        guid=guid,
        start=start,
        end=end,
        name=item.get("name") or "",
        user_guid=_guid(item, "creatingUser"),
        created=item.get("creationDateTime"),
        description=description,
        codings=tuple(codings),
        note_refs=tuple(notes),
    )


def _selections(node: Element, skipped: list[str]) -> tuple[refi.Selection, ...]:
    out = []
    for item in node:
        if _local(item.tag) == "PlainTextSelection" and (found := _selection(item, skipped)):
            out.append(found)
    return tuple(out)


def _source(item: Element, skipped: list[str]) -> refi.Source | None:
    guid = _guid(item)
    if guid is None:
        skipped.append(f"A source without a valid GUID (“{item.get('name', '')}”) was skipped.")
        return None
    content = _child(item, "PlainTextContent")
    return refi.Source(
        guid=guid,
        name=(item.get("name") or "").strip(),
        plain_text_path=(item.get("plainTextPath") or "").strip(),
        description=_text(item, "Description"),
        content=content.text or "" if content is not None else None,
        selections=_selections(item, skipped),
        note_refs=_refs(item),
        user_guid=_guid(item, "creatingUser"),
        created=item.get("creationDateTime"),
    )


def _sources(root: Element, skipped: list[str]) -> tuple[refi.Source, ...]:
    node = _child(root, "Sources")
    if node is None:
        return ()
    texts = _children(node, "TextSource")
    out = [s for item in texts if (s := _source(item, skipped))]
    rich = sum(1 for item in texts if item.get("richTextPath"))
    if rich:
        skipped.append(f"{rich} rich-text version(s) of sources: the plain text is imported.")
    others = Counter(_local(child.tag) for child in node if _local(child.tag) in OTHER_SOURCES)
    for kind, n in sorted(others.items()):
        skipped.append(f"{n} {kind} element(s): QualCode keeps text transcripts only.")
    return tuple(out)


def _notes(root: Element) -> tuple[refi.Note, ...]:
    out = []
    for item in _within(root, "Notes", "Note"):
        guid = _guid(item)
        if guid is None:
            continue
        content = _child(item, "PlainTextContent")
        out.append(
            refi.Note(
                guid=guid,
                name=(item.get("name") or "").strip(),
                text=(content.text or "") if content is not None else "",
                user_guid=_guid(item, "creatingUser"),
                created=item.get("creationDateTime"),
            )
        )
    return tuple(out)


def _cases(root: Element) -> tuple[tuple[refi.Variable, ...], tuple[refi.Case, ...]]:
    variables = []
    for item in _within(root, "Variables", "Variable"):
        if guid := _guid(item):
            variables.append(
                refi.Variable(
                    guid, (item.get("name") or "").strip(), item.get("typeOfVariable") or "Text"
                )
            )
    cases = []
    for item in _within(root, "Cases", "Case"):
        guid = _guid(item)
        if guid is None:
            continue
        values = []
        for value in _children(item, "VariableValue"):
            ref = _child(value, "VariableRef")
            target = _guid(ref, "targetGUID") if ref is not None else None
            written = next((v.text or "" for v in value if _local(v.tag).endswith("Value")), None)
            if target and written is not None:
                values.append((target, written.strip()))
        cases.append(
            refi.Case(
                guid=guid,
                name=(item.get("name") or "").strip(),
                values=tuple(values),
                source_refs=_refs(item, "SourceRef"),
                description=_text(item, "Description"),
            )
        )
    return tuple(variables), tuple(cases)


def parse_project(data: bytes) -> refi.Project:
    root = _root(data, "Project")
    skipped: list[str] = []
    users = tuple(
        refi.User(guid, (u.get("name") or "").strip(), (u.get("id") or "").strip())
        for u in _within(root, "Users", "User")
        if (guid := _guid(u))
    )
    book = _child(root, "CodeBook")
    codes = _codes(_child(book, "Codes"), skipped) if book is not None else ()
    variables, cases = _cases(root)
    sources = _sources(root, skipped)
    sets = tuple(
        refi.Set(
            guid,
            (item.get("name") or "").strip(),
            _refs(item, "MemberCode"),
            _refs(item, "MemberNote"),
        )
        for item in _within(root, "Sets", "Set")
        if (guid := _guid(item))
    )
    for name in ("Links", "Graphs"):
        node = _child(root, name)
        if node is not None and len(node):
            skipped.append(f"{len(node)} element(s) in <{name}>: QualCode has no place for them.")
    return refi.Project(
        name=(root.get("name") or "").strip() or "Imported project",
        origin=(root.get("origin") or "").strip(),
        creating_user=_guid(root, "creatingUserGUID"),
        created=root.get("creationDateTime"),
        description=_text(root, "Description"),
        users=users,
        codes=codes,
        variables=variables,
        cases=cases,
        sources=sources,
        notes=_notes(root),
        note_refs=_refs(root),
        sets=sets,
        skipped=tuple(skipped),
    )
