"""Plain project data -> QDA-XML bytes (project.qde and .qdc), in the element order of the
XSDs and without empty containers (an element with no children is left out), UTF-8.

What other tools' importers need, and we follow: QualCoder reads `plainTextPath` only as
`internal://<file>`, needs a `name` on every source and an `origin` on <Project>, and drops a
code whose name repeats anywhere in the project (names are made unique before this module)."""

from lxml import etree as ET  # C serialisation: a 100-transcript study in well under a second

from coding.exchange import refi
from transcripts.cells import xml_text

# Characters XML 1.0 cannot carry (a form feed in a memo would make the file unreadable).
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


def _el(parent, tag: str, attrs: dict | None = None, *, ns: str = PROJECT_NS):
    """A child of `parent` (or a root) in the document's namespace; empty attributes left out."""
    clean = {k: v for k, v in (attrs or {}).items() if v is not None and v != ""}
    if parent is None:
        return ET.Element(f"{{{ns}}}{tag}", clean, nsmap={None: ns})
    return ET.SubElement(parent, f"{{{parent.nsmap[None]}}}{tag}", clean)


def _x(value: str | None) -> str | None:
    """Free text (names, descriptions) without the characters XML cannot carry; GUIDs,
    numbers and dates never hold any, so they are not scanned (200,000 selections)."""
    return xml_text(value)


def _text(parent, tag: str, value: str) -> None:
    if value:
        _el(parent, tag).text = xml_text(value)


def _refs(parent, tag: str, guids: tuple[str, ...]) -> None:
    for guid in guids:
        _el(parent, tag, {"targetGUID": guid})


def _container(parent, tag: str, items, add) -> None:
    """`tag` holding one child per item; nothing at all when there are no items."""
    if items:
        box = _el(parent, tag)
        for item in items:
            add(box, item)


def _code(parent, code: refi.Code, *, notes: bool = True) -> None:
    node = _el(
        parent,
        "Code",
        {
            "guid": code.guid,
            "name": _x(code.name),
            "isCodable": "true" if code.codable else "false",
            "color": code.color,
        },
    )
    _text(node, "Description", code.description)
    if notes:
        _refs(node, "NoteRef", code.note_refs)
    for child in code.children:
        _code(node, child, notes=notes)


def _source(parent, source: refi.Source, tag: str = "TextSource") -> None:
    node = _el(
        parent,
        tag,
        {
            "guid": source.guid,
            "name": _x(source.name),
            "plainTextPath": source.plain_text_path,
            "creatingUser": source.user_guid,
            "creationDateTime": source.created,
        },
    )
    _text(node, "Description", source.description)
    if source.content is not None:
        _el(node, "PlainTextContent").text = xml_text(source.content)
    for selection in source.selections:
        _selection(node, selection)
    _refs(node, "NoteRef", source.note_refs)


def _selection(parent, selection: refi.Selection) -> None:
    node = _el(
        parent,
        "PlainTextSelection",
        {
            "guid": selection.guid,
            "name": _x(selection.name),
            "startPosition": str(selection.start),
            "endPosition": str(selection.end),
            "creatingUser": selection.user_guid,
            "creationDateTime": selection.created,
        },
    )
    _text(node, "Description", selection.description)
    for coding in selection.codings:
        item = _el(
            node,
            "Coding",
            {
                "guid": coding.guid,
                "creatingUser": coding.user_guid,
                "creationDateTime": coding.created,
            },
        )
        _el(item, "CodeRef", {"targetGUID": coding.code_guid})
        _refs(item, "NoteRef", coding.note_refs)
    _refs(node, "NoteRef", selection.note_refs)


def _case(parent, case: refi.Case, types: dict[str, str]) -> None:
    node = _el(parent, "Case", {"guid": case.guid, "name": _x(case.name)})
    _text(node, "Description", case.description)
    for variable_guid, value in case.values:
        item = _el(node, "VariableValue")
        _el(item, "VariableRef", {"targetGUID": variable_guid})
        _el(item, f"{types[variable_guid]}Value").text = xml_text(value)
    _refs(node, "SourceRef", case.source_refs)


def _note(parent, note: refi.Note) -> None:
    _source(
        parent,
        refi.Source(
            guid=note.guid,
            name=note.name,
            content=note.text,
            user_guid=note.user_guid,
            created=note.created,
        ),
        tag="Note",
    )


def _set(parent, item: refi.Set) -> None:
    node = _el(parent, "Set", {"guid": item.guid, "name": _x(item.name)})
    _refs(node, "MemberCode", item.code_guids)
    _refs(node, "MemberNote", item.note_guids)


def project_xml(project: refi.Project) -> bytes:
    root = _el(
        None,
        "Project",
        {
            "name": _x(project.name),
            "origin": _x(project.origin),
            "creatingUserGUID": project.creating_user,
            "creationDateTime": project.created,
        },
    )
    _container(
        root,
        "Users",
        project.users,
        lambda box, u: _el(box, "User", {"guid": u.guid, "name": _x(u.name), "id": _x(u.id)}),
    )
    if project.codes:
        _container(_el(root, "CodeBook"), "Codes", project.codes, _code)
    _container(
        root,
        "Variables",
        project.variables,
        lambda box, v: _el(
            box, "Variable", {"guid": v.guid, "name": _x(v.name), "typeOfVariable": v.type}
        ),
    )
    types = {v.guid: v.type for v in project.variables}
    _container(root, "Cases", project.cases, lambda box, c: _case(box, c, types))
    _container(root, "Sources", project.sources, _source)
    _container(root, "Notes", project.notes, _note)
    _container(root, "Sets", project.sets, _set)
    _text(root, "Description", project.description)
    _refs(root, "NoteRef", project.note_refs)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_xml(codes: tuple[refi.Code, ...], *, origin: str = refi.QUALCODE_ORIGIN) -> bytes:
    """A .qdc codebook: the code tree alone (no notes: a codebook has no place for them)."""
    root = _el(None, "CodeBook", {"origin": origin}, ns=CODEBOOK_NS)
    codes_el = _el(root, "Codes")
    for code in codes:
        _code(codes_el, code, notes=False)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
