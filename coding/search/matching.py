"""Pure text search as a researcher expects it: case- and accent-insensitive ("cafe" finds
"Café", "ÉSA" finds "esa"), any run of whitespace matching any other, typographic apostrophes
and quotes matching straight ones, "ss" matching "ß". Offsets are code points (Python string
indices) into the text searched, end exclusive, so they are the codings' offsets.

The text is never rewritten: the query is turned into a regular expression whose every letter
is a class of the characters that fold to it, so a 6-million-character study is scanned by the
C regex engine as it is stored. workbench/search.js builds the same expression in the browser."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_QUERY = 200  # characters; a phrase, not a paragraph
CONTEXT_CHARS = 60

# Combining marks a decomposed letter may carry after its base (the text is NFC, but letters
# without a precomposed form stay decomposed).
MARKS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*"
# Scripts whose letters get accent and case classes (Latin, Greek, Cyrillic, Armenian,
# Georgian, letterlike symbols such as the Kelvin sign); a letter outside them is matched
# case-insensitively on its own. Classes instead of re.IGNORECASE: scanning is 3x faster.
_RANGES = (
    (0x20, 0x250), (0x370, 0x590), (0x10A0, 0x1100), (0x1C80, 0x1CC0), (0x1E00, 0x2000),
    (0x2018, 0x2020), (0x2100, 0x2150), (0x2C00, 0x2D30), (0xA640, 0xA800), (0xFF21, 0xFF5B),
)  # fmt: skip
# Punctuation a keyboard types one way and a transcript may hold another.
_PUNCT = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "`": "'"}
_PUNCT |= {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'}


def fold(text: str) -> str:
    """The form two strings share when a researcher would call them the same word."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(_PUNCT.get(ch, ch) for ch in bare).casefold()


def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """folded letter -> every character folding to it; folded pair -> characters folding to it."""
    single: dict[str, list[str]] = {}
    multi: dict[str, list[str]] = {}
    for low, high in _RANGES:
        for cp in range(low, high):
            ch = chr(cp)
            folded = fold(ch)
            if not folded or folded.isspace():
                continue
            (single if len(folded) == 1 else multi).setdefault(folded, []).append(ch)
    for ch in {"\ufb00", "\ufb01", "\ufb02", "\u1e9e"}:  # ff fi fl ligatures, capital sharp s
        multi.setdefault(fold(ch), []).append(ch)
    classes = {f: "".join(sorted(set(chars) | {f})) for f, chars in single.items()}
    pairs = {f: "".join(sorted(set(chars))) for f, chars in multi.items() if len(f) == 2}
    return {f: _charclass(c) for f, c in classes.items()}, {
        f: _charclass(c) for f, c in pairs.items()
    }


def _charclass(chars: str) -> str:
    if len(chars) == 1:
        return re.escape(chars)
    return "[" + "".join("\\" + ch if ch in "\\]^-[" else ch for ch in chars) + "]"


_CLASSES, _PAIRS = _tables()


def query_problem(query: object) -> str | None:
    """Why `query` cannot be searched for, or None."""
    if not isinstance(query, str) or not query.strip():
        return "Type a word or phrase to search for."
    if "\x00" in query:
        return "Null characters are not allowed."
    if len(query) > MAX_QUERY:
        return f"A search has at most {MAX_QUERY} characters."
    if not fold(query).strip():
        return "Type a word or phrase to search for (accents alone match nothing)."
    return None


# A whole word is not preceded or followed by a letter, digit, underscore or combining mark.
_WORDISH = r"[\w" + MARKS[1:-2] + "]"
_WORD_START = f"(?<!{_WORDISH})"
_WORD_END = f"(?!{_WORDISH})"


_ANY_MARK = re.compile(MARKS[:-1])


def has_marks(text: str) -> bool:
    """Whether `text` holds a combining mark: without one, patterns need not allow for them."""
    return _ANY_MARK.search(text) is not None


@lru_cache(maxsize=256)
def pattern_for(query: str, whole_words: bool = False, marks: bool = True) -> re.Pattern[str]:
    """The expression matching `query` the way fold() compares (call query_problem first);
    with `whole_words`, only where no letter adjoins it ("the" then misses "therapy"); without
    `marks`, for a text without combining marks (a fifth faster to scan)."""
    folded = re.sub(r"\s+", " ", fold(query).strip())
    parts, i = [], 0
    while i < len(folded):
        ch = folded[i]
        pair = folded[i : i + 2]
        if ch == " ":
            parts.append(r"\s+")
            i += 1
        elif pair in _PAIRS:  # "ss" also matches "ß": one character of the text, two of ours
            two = _letter(ch, marks) + _letter(pair[1], marks)
            parts.append(f"(?:{_PAIRS[pair]}|{two})")
            i += 2
        else:
            parts.append(_letter(ch, marks))
            i += 1
    body = "".join(parts)
    return re.compile(f"{_WORD_START}{body}{_WORD_END}" if whole_words else body)


def _letter(ch: str, marks: bool) -> str:
    """One folded character of the query: its class, or itself in any case, then any marks."""
    return _CLASSES.get(ch, f"(?i:{re.escape(ch)})") + (MARKS if marks else "")


def find(
    text: str, query: str, start: int = 0, end: int | None = None, whole_words: bool = False
) -> list[tuple[int, int]]:
    """Every (start, end) where `query` matches in text[start:end], left to right, not
    overlapping; offsets into the whole `text`."""
    pattern = pattern_for(query, whole_words)
    stop = len(text) if end is None else end
    return [m.span() for m in pattern.finditer(text, start, stop)]


def is_hit(text: str, query: str, start: int, end: int, whole_words: bool = False) -> bool:
    """Whether text[start:end] is exactly the match of `query` a search finds at `start` (a hit
    a page showed). Matched against the whole text, so word edges see what follows."""
    if not 0 <= start < end <= len(text):
        return False
    found = pattern_for(query, whole_words).match(text, start)
    return found is not None and found.end() == end


@dataclass(frozen=True, slots=True)
class Window:
    before: str
    match: str
    after: str


def window(
    text: str, start: int, end: int, lo: int = 0, hi: int | None = None, size: int = CONTEXT_CHARS
) -> Window:
    """The hit with up to `size` characters either side, kept within [lo, hi) (its turn) and
    cut at word boundaries, line breaks shown as spaces."""
    hi = len(text) if hi is None else hi
    before = text[max(lo, start - size) : start]
    after = text[end : min(hi, end + size)]
    if start - size > lo and " " in before:
        before = before[before.index(" ") + 1 :]
    if end + size < hi and " " in after:
        after = after[: after.rindex(" ")]
    flat = str.maketrans("\n\t", "  ")
    return Window(before.translate(flat), text[start:end], after.translate(flat))
