"""Text bound for files other programs open (pure): spreadsheets and XML (DOCX, XLSX,
REFI-QDA). One place for both rules, which every export applies."""

import re

# A cell a spreadsheet would read as a formula (a code named "=HYPERLINK(...)") is text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold: control characters a user typed into a memo or a name are
# dropped from XML files rather than failing the export.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def neutralised(value: object) -> object:
    """`value`, with a leading quote when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xml_text(value: object) -> object:
    """`value` without the characters XML cannot hold (non-text values as they are)."""
    return NOT_XML.sub("", value) if isinstance(value, str) and value else value
