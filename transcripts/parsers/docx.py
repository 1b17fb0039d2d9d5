"""Word files: the paragraphs of word/document.xml (zip and XML hardened against bombs and
entity tricks), then parsed as plain text."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Mapping
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as DefusedET
from defusedxml.common import DefusedXmlException

from transcripts.parsers.base import (
    DEFAULT_MAX_BYTES,
    ImportFailed,
    ParsedTranscript,
    check_size,
    checked_turns,
    clean_text,
    size_text,
)
from transcripts.parsers.layout import lay_out
from transcripts.parsers.names import replace_names

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_RATIO = 100
# Style ids of headings: English, French and German Word ("Titre1", "berschrift1").
_HEADING_STYLE = re.compile(r"(?:Heading|Titre|berschrift|Title)(\d?)", re.IGNORECASE)
# NotImplementedError (exotic compression) is a RuntimeError, as is "encrypted".
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError)


def parse_docx(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    replacements: Mapping[str, str] | None = None,
) -> ParsedTranscript:
    """Read the paragraphs of a Word file (zip + XML, hardened) and parse them as plain text,
    after replacing names by their pseudonyms."""
    check_size(data, max_bytes)
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
        limit = size_text(max_bytes)
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
    text, replaced = replace_names(
        clean_text("\n".join(_docx_paragraphs(root))), replacements or {}
    )
    text, turns, metadata = lay_out(text, wrap=False)  # Word paragraphs are not hard wraps
    return ParsedTranscript(text, checked_turns(text, turns), "docx", metadata, replaced)


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
    levels: list[int] = []  # heading level of each paragraph, 0 for body text
    stack: list[tuple[Element, int]] = [(body, -1)]
    while stack:
        element, owner = stack.pop()
        if element.tag == para:  # a nested paragraph (text box) gets its own entry
            paragraphs.append([])
            levels.append(_heading_level(element, ns))
            owner = len(paragraphs) - 1
        elif owner >= 0 and element.tag == text:
            paragraphs[owner].append(element.text or "")
        elif owner >= 0 and element.tag == tab:
            paragraphs[owner].append("\t")
        elif owner >= 0 and element.tag in breaks:
            paragraphs[owner].append("\n")
        if element.tag not in skip:
            stack.extend((child, owner) for child in reversed(element))
    texts = ["".join(parts) for parts in paragraphs]
    # A heading becomes a Markdown one (metadata for the layout); without text it is nothing.
    return [
        ("#" * level + " " + text if text.strip() else "") if level else text
        for text, level in zip(texts, levels, strict=True)
    ]


def _heading_level(paragraph: Element, ns: str) -> int:
    """1-6 for a paragraph in a Word heading or title style, written as a Markdown heading so
    that the layout keeps it as metadata; 0 for any other paragraph."""
    style = paragraph.find(f"{ns}pPr/{ns}pStyle")
    name = style.get(f"{ns}val", "") if style is not None else ""
    match = _HEADING_STYLE.fullmatch(name)
    if match is None:
        return 0
    return min(int(match[1] or 1), 6)
