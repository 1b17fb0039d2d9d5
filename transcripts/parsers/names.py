"""Names and places to pseudonymise: flagging tokens for the owner's review, and replacing them
in the text before it is parsed and stored (offsets are fixed at import, so never after).

A token is flagged when it is a study's known name (whole words, any case), matches a pattern
(e-mail address, phone number, a name after a title such as "Dr"), is a speaker label that is
not a role or a participant code, or is a capitalised word not at a sentence start whose
lower-case form the text never uses ("Leeds", not "Therapy" when "therapy" occurs too).
The owner decides: flags are suggestions, replacements are exactly the map given."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from transcripts.parsers.labels import guess_role

_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_WORDS = re.compile(r"\w+")
# Anchored at the start of a run and bounded, so a long run of letters is read once.
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}")
_PHONE = re.compile(r"(?<![\w+])\+?\d(?:[ ./\-]?\(?\d\)?){6,14}(?!\w)")
_TITLED = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Miss|Prof|Doctor|Dra|Sr|Sra|Mme|Mlle)\.?[ \t]+([A-Z]\w+)")
_SENTENCE_END = set(".!?…:;\n")
_OPENERS = set("'(¿¡[-–—#*_> \t")
_QUOTES = set('"“‘«„')
_POSSESSIVE = re.compile(r"['’]s$")
# Capitalised by convention, not identifying (English; the review shows everything else).
_COMMON_WORDS = (
    "I Mum Mom Dad God OK Okay Dr Mr Mrs Ms Miss Prof Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September "
    "October November December English Christmas Easter Internet"
)
_COMMON = frozenset(_COMMON_WORDS.split())
MAX_NAME = 100


@dataclass(frozen=True, slots=True)
class Flag:
    token: str  # as written in the text
    reasons: tuple[str, ...]  # "known name", "e-mail", "phone", "title", "speaker", "capitalised"
    count: int  # whole-word occurrences in the texts
    context: str  # the first occurrence with some words around it
    suggestion: str  # the known name's pseudonym, or a placeholder such as "[name 2]"
    replace: bool  # ticked in the review: all but bare capitalised words


def flag_names(
    texts: Sequence[str], speakers: Sequence[str] = (), known: Mapping[str, str] | None = None
) -> list[Flag]:
    """Flags for the texts of one upload, in order of first occurrence."""
    known = known or {}
    reasons: dict[str, list[str]] = {}  # token -> reasons, in the order found
    first: dict[str, tuple[int, int]] = {}  # token -> (text index, offset) of first sight
    for index, text in enumerate(texts):
        for token, reason, offset in _hits(text, speakers, known):
            listed = reasons.setdefault(token, [])
            if reason not in listed:
                listed.append(reason)
            first[token] = min(first.get(token, (index, offset)), (index, offset))
    ordered = sorted(reasons, key=first.__getitem__)
    counts = _counts(texts, ordered)
    by_key = {name.casefold(): pseudonym for name, pseudonym in known.items()}
    flags: list[Flag] = []
    placeholders = 0
    for token in ordered:
        why = tuple(reasons[token])
        suggestion = by_key.get(token.casefold(), "")
        if not suggestion and ("e-mail" in why or "phone" in why):
            suggestion = "[e-mail]" if "e-mail" in why else "[phone]"
        if not suggestion:
            placeholders += 1
            suggestion = f"[name {placeholders}]"
        index, offset = first[token]
        context = _context(texts[index], offset, len(token))
        flags.append(Flag(token, why, counts[token], context, suggestion, why != ("capitalised",)))
    return flags


def _hits(
    text: str, speakers: Sequence[str], known: Mapping[str, str]
) -> Iterator[tuple[str, str, int]]:
    """(token, reason, offset) for every flagged occurrence in one text."""
    if known:
        for m in _alternation(known, re.IGNORECASE).finditer(text):
            yield m[0], "known name", m.start()
    for m in _EMAIL.finditer(text):
        yield m[0], "e-mail", m.start()
    for m in _PHONE.finditer(text):
        if sum(c.isdigit() for c in m[0]) >= 9:  # not a date such as 2025-05-02
            yield m[0], "phone", m.start()
    for m in _TITLED.finditer(text):
        yield m[1], "title", m.start(1)
    for label in speakers:
        at = text.find(label) if label else -1
        if at >= 0 and guess_role(label) == "other" and label[0].isupper():
            yield label, "speaker", at
    for token, offset in _capitalised(text):
        yield token, "capitalised", offset


def _counts(texts: Sequence[str], tokens: Sequence[str]) -> dict[str, int]:
    """Whole-word occurrences, as replace_names will find them: one pass over the words for
    one-word tokens (most), a search each for the others (e-mails, phones, "María José")."""
    words = Counter(w for text in texts for w in _WORDS.findall(text))
    return {
        token: words[token]
        if _WORDS.fullmatch(token)
        else sum(len(_alternation([token]).findall(text)) for text in texts)
        for token in tokens
    }


def _capitalised(text: str) -> list[tuple[str, int]]:
    lower_words = {w.casefold() for w in _WORD.findall(text) if w[0].islower()}
    hits = []
    for m in _WORD.finditer(text):
        token = _POSSESSIVE.sub("", m[0].rstrip("'’-"))  # "Leeds's" -> "Leeds"
        if not (token[0].isupper() and any(c.islower() for c in token)):
            continue  # not capitalised, or an acronym ("GP")
        if token in _COMMON or token[:2] in ("I'", "I’") or token.casefold() in lower_words:
            continue
        if not _at_sentence_start(text, m.start()):
            hits.append((token, m.start()))
    return hits


def _at_sentence_start(text: str, offset: int) -> bool:
    """After a sentence end, a line start, an opening quote ("she said, “Let’s ...") or a
    stage direction that follows one ("(laughs) Honestly?")."""
    i = offset - 1
    while i >= 0:
        if text[i] in _QUOTES:
            return True
        if text[i] == ")":
            i = text.rfind("(", max(0, i - 200), i) - 1  # bounded: stays linear
            if i < -1:
                return False
        elif text[i] in _OPENERS:
            i -= 1
        else:
            break
    return i < 0 or text[i] in _SENTENCE_END


def _context(text: str, offset: int, length: int, width: int = 40) -> str:
    start, end = max(0, offset - width), min(len(text), offset + length + width)
    snippet = " ".join(text[start:end].split())
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")


def _alternation(names, flags: int = 0) -> re.Pattern[str]:
    # Longest first, so "María José" wins over "María"; whole words only.
    keys = sorted(set(names), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)", flags)


def clean_name(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


def name_problem(value: str) -> str | None:
    """Why a (clean) name or pseudonym cannot be used, or None."""
    if not any(c.isalnum() for c in value):
        return "Every name and every pseudonym needs a letter or digit."
    if len(value) > MAX_NAME:
        return f"Names and pseudonyms have at most {MAX_NAME} characters."
    if any(c in value for c in "\n\r\x00"):
        return "Names and pseudonyms are one line each."
    return None


def check_replacements(mapping: Mapping[str, str]) -> dict[str, str] | str:
    """The map cleaned (NFC, stripped), or a sentence saying what is wrong with it."""
    clean: dict[str, str] = {}
    for original, pseudonym in mapping.items():
        if not isinstance(original, str) or not isinstance(pseudonym, str):
            return "Names and pseudonyms are text."
        key, value = clean_name(original), clean_name(pseudonym)
        problem = name_problem(key) or name_problem(value)
        if problem:
            return f"“{key[:40]}”: {problem}"
        clean[key] = value
    return clean


def replace_names(text: str, mapping: Mapping[str, str]) -> tuple[str, dict[str, int]]:
    """The text with every whole-word occurrence of a name replaced, and the count of each."""
    if not mapping:
        return text, {}
    counts = dict.fromkeys(mapping, 0)

    def swap(match: re.Match[str]) -> str:
        counts[match[0]] += 1
        return mapping[match[0]]

    replaced = _alternation(mapping).sub(swap, text)
    return unicodedata.normalize("NFC", replaced), counts
