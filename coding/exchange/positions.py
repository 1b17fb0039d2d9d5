"""Producers' selection offsets -> code points into the text QualCode stores.

Each producer counts differently (chosen from the project's `origin`):
- the standard, QualCoder, qc, MAXQDA and QualCode: code points of the text file (CRLF = 2);
- NVivo: UTF-16 code units (an emoji counts 2), CRLF = 2;
- ATLAS.ti: code points with every line break counted as 1 (CRLF = 1).
A byte-order mark is never counted. The stored text is the file's text cleaned by the
transcript importer (CRLF -> LF, NFC, trailing whitespace off), so offsets go file units ->
file code points -> stored code points; one that falls inside a character, a composed
sequence or a CRLF pair does not land, and is reported rather than shifted."""

from __future__ import annotations

import unicodedata

import numpy as np

from transcripts.parsers.base import clean_text

CODE_POINTS, UTF16, LINE_BREAK_ONE = "code points", "UTF-16 code units", "line break = 1"


def scheme_for(origin: str) -> str:
    name = origin.casefold()
    if "nvivo" in name:
        return UTF16
    if "atlas.ti" in name or "atlasti" in name:
        return LINE_BREAK_ONE
    return CODE_POINTS


def decode(data: bytes) -> str:
    """The text of a source file without its BOM: UTF-8, UTF-16 with a BOM, else cp1252."""
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(encoding)
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


class Positions:
    """Maps one source's offsets (in the producer's units) to the stored text's code points."""

    def __init__(self, raw: str, scheme: str) -> None:
        self.raw = raw.removeprefix("\ufeff")
        self.text = clean_text(self.raw)
        self._units = self._unit_prefix(scheme)
        self._lf, self._lf_shift = self._crlf_map()
        self._nfc = self._nfc_map()

    def _unit_prefix(self, scheme: str) -> np.ndarray | None:
        """prefix[i] = units before raw code point i; None when units are code points."""
        raw = self.raw
        if scheme == UTF16 and all(ord(c) <= 0xFFFF for c in raw):
            return None
        if scheme == LINE_BREAK_ONE and "\r\n" not in raw:
            return None
        if scheme == CODE_POINTS:
            return None
        codes = np.frombuffer(raw.encode("utf-32-le"), dtype=np.uint32)
        weights = np.ones(len(codes), dtype=np.int64)
        if scheme == UTF16:
            weights += codes > 0xFFFF
        else:  # the CR of a CRLF pair counts nothing
            weights[:-1][(codes[:-1] == 13) & (codes[1:] == 10)] = 0
        return np.concatenate(([0], np.cumsum(weights)))

    def _crlf_map(self) -> tuple[str, np.ndarray | None]:
        lf = self.raw.replace("\r\n", "\n").replace("\r", "\n")
        if "\r\n" not in self.raw:
            return lf, None
        codes = np.frombuffer(self.raw.encode("utf-32-le"), dtype=np.uint32)
        dropped = np.zeros(len(codes) + 1, dtype=np.int64)
        dropped[1:-1] = (codes[:-1] == 13) & (codes[1:] == 10)
        return lf, np.cumsum(dropped)

    def _nfc_map(self) -> dict[int, int] | None:
        """LF-text boundary -> NFC-text boundary, for boundaries between composed sequences;
        None when the text is already NFC (the common case: identity)."""
        lf = self._lf
        if unicodedata.is_normalized("NFC", lf):
            return None
        mapping, built, segment_start = {0: 0}, [], 0
        for i in range(1, len(lf) + 1):
            if i == len(lf) or unicodedata.combining(lf[i]) == 0:
                built.append(unicodedata.normalize("NFC", lf[segment_start:i]))
                mapping[i] = mapping[segment_start] + len(built[-1])
                segment_start = i
        if "".join(built) != unicodedata.normalize("NFC", lf):
            return {}  # composition across segments: nothing lands safely
        return mapping

    def _to_raw(self, unit: int) -> int | None:
        if self._units is None:
            return unit if 0 <= unit <= len(self.raw) else None
        i = int(np.searchsorted(self._units, unit, side="left"))
        return i if i < len(self._units) and self._units[i] == unit else None

    def _to_stored(self, raw_index: int) -> int | None:
        index = (
            raw_index - int(self._lf_shift[raw_index]) if self._lf_shift is not None else raw_index
        )
        if self._nfc is not None:
            index = self._nfc.get(index)
            if index is None:
                return None
        return min(index, len(self.text))  # trailing whitespace is not stored

    def span(self, start: int, end: int) -> tuple[int, int] | str:
        """(start, end) in the stored text, or the reason the selection does not land."""
        if not 0 <= start < end:
            return f"positions {start}-{end} are not a span"
        raw_start, raw_end = self._to_raw(start), self._to_raw(end)
        if raw_start is None or raw_end is None:
            return f"positions {start}-{end} fall outside the text or inside a character"
        s, e = self._to_stored(raw_start), self._to_stored(raw_end)
        if s is None or e is None:
            return f"positions {start}-{end} fall inside a composed character"
        if s >= e:
            return f"positions {start}-{end} cover only whitespace the transcript does not keep"
        return s, e
