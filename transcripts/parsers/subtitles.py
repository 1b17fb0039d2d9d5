"""WebVTT and SRT: cues with their timings become turns; consecutive cues of one speaker
become one turn."""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter

from transcripts.parsers.base import (
    ImportFailed,
    ParsedTranscript,
    ParsedTurn,
    checked_turns,
    clean_text,
)
from transcripts.parsers.labels import is_speaker, match_label, normalise_label

# ---------------------------------------------------------------- subtitles (vtt, srt)

_TIMING_LINE = re.compile(r"\s*([\d:.,]+)\s*-->\s*([\d:.,]+)(?:\s.*)?")
_VTT_TIME = re.compile(r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})")
_SRT_TIME = re.compile(r"(?:(\d+):)?([0-5]\d):([0-5]\d)[,.](\d{3})")
_VTT_SKIP = re.compile(r"(?:NOTE|STYLE|REGION)(?:\s|$)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>")
_VTT_TAG = re.compile(r"<[^>\n]*>")  # WebVTT escapes a literal "<" as &lt;
_SRT_TAG = re.compile(r"</?(?:i|b|u|s|font|v)\b[^>\n]*>|\{\\[^}\n]*\}", re.IGNORECASE)
_Cue = tuple[float, float, str]  # start seconds, end seconds, payload
_Block = list[tuple[int, str]]  # (1-based line number, line) of a run of non-blank lines


def parse_vtt(text: str) -> ParsedTranscript:
    """Parse WebVTT captions; speakers from <v Name> tags or "Name:" prefixes."""
    text = clean_text(text)
    if not re.match(r"WEBVTT(?:[ \t\n]|$)", text):
        raise ImportFailed('This .vtt file does not start with "WEBVTT".')
    blocks = [b for b in _blocks(text)[1:] if not _VTT_SKIP.match(b[0][1])]  # [0]: header
    cues = _cues(blocks, _VTT_TIME, "00:00:01.000 --> 00:00:04.000", numbered=False)
    return _subtitle_transcript(cues, _VTT_TAG, unescape=True, source_format="vtt")


def parse_srt(text: str) -> ParsedTranscript:
    """Parse SubRip subtitles; speakers from "Name:" prefixes or <v Name> tags."""
    text = clean_text(text)
    cues = _cues(_blocks(text), _SRT_TIME, "00:00:01,000 --> 00:00:04,000", numbered=True)
    return _subtitle_transcript(cues, _SRT_TAG, unescape=False, source_format="srt")


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _cues(
    blocks: list[_Block], time_re: re.Pattern[str], example: str, *, numbered: bool
) -> list[_Cue]:
    """Validated cues; errors name the cue (1-based, in file order) and the line."""
    cues: list[_Cue] = []
    for number, block in enumerate(blocks, start=1):
        # SRT: an optional cue number first; WebVTT: an optional identifier first.
        first_is_id = block[0][1].strip().isdigit() if numbered else len(block) > 1
        skip = 1 if first_is_id and "-->" not in block[0][1] else 0
        where = f"Cue {number} (line {block[min(skip, len(block) - 1)][0]})"
        if skip >= len(block) or "-->" not in block[skip][1]:
            raise ImportFailed(f"{where} has no timing line; expected e.g. {example}.")
        m = _TIMING_LINE.fullmatch(block[skip][1])
        start = _seconds(m[1], time_re) if m else None
        end = _seconds(m[2], time_re) if m else None
        if start is None or end is None:
            timing = block[skip][1].strip()
            raise ImportFailed(f"{where} has a broken timing {timing!r}; expected e.g. {example}.")
        if end < start:
            raise ImportFailed(f"{where} ends ({end:g} s) before it starts ({start:g} s).")
        if cues and start < cues[-1][0]:
            raise ImportFailed(
                f"{where} starts at {start:g} s, before the previous cue ({cues[-1][0]:g} s); "
                "cues must be in time order."
            )
        cues.append((start, end, "\n".join(line for _, line in block[skip + 1 :])))
    return cues


def _seconds(stamp: str, time_re: re.Pattern[str]) -> float | None:
    m = time_re.fullmatch(stamp)
    if m is None:
        return None
    hours, minutes, seconds, millis = (int(g) if g else 0 for g in m.groups())
    # Integer milliseconds divided once, so 4.2 s is exactly the float 4.2.
    return (((hours * 60 + minutes) * 60 + seconds) * 1000 + millis) / 1000


def _subtitle_transcript(
    cues: list[_Cue], tag_re: re.Pattern[str], *, unescape: bool, source_format: str
) -> ParsedTranscript:
    def clean(fragment: str) -> str:
        fragment = tag_re.sub("", fragment)
        fragment = html.unescape(fragment) if unescape else fragment
        return unicodedata.normalize("NFC", " ".join(fragment.split()))

    # Pieces (voice or None, text, start, end); one cue may switch voices midway.
    pieces: list[tuple[str | None, str, float, float]] = []
    for start, end, payload in cues:
        parts = _VOICE.split(payload)
        voices = [None, *(clean(v or "") or None for v in parts[1::2])]
        pieces += [(v, clean(t), start, end) for v, t in zip(voices, parts[::2], strict=True)]
    candidates = [match_label(t) if v is None else None for v, t, _, _ in pieces]
    counts = Counter(normalise_label(c[0]) for c in candidates if c and not c[2])

    groups: list[tuple[str, list[str], list[float]]] = []  # speaker, texts, [start, end]
    current = ""
    for (speaker, text, start, end), candidate in zip(pieces, candidates, strict=True):
        # Brackets are not speakers in subtitles: "[Music]", "[laughs]".
        if candidate and not candidate[2] and is_speaker(candidate[0], False, counts):
            speaker, text = candidate[0].strip(), text[candidate[1] :].strip()
        current = current if speaker is None else speaker
        if not text:
            continue  # a bare label still names who speaks next
        if groups and normalise_label(groups[-1][0]) == normalise_label(current):
            groups[-1][1].append(text)
            groups[-1][2][1] = max(groups[-1][2][1], end)  # cues may overlap
        else:
            groups.append((current, [text], [start, end]))

    lines: list[str] = []
    spoken: list[str] = []
    turns: list[ParsedTurn] = []
    offset = 0
    for speaker, texts, (start, end) in groups:
        prefix = f"{speaker}: " if speaker else ""
        spoken.append(" ".join(texts))
        lines.append(prefix + spoken[-1])
        first = offset + len(prefix)
        turns.append(ParsedTurn(speaker, first, first + len(spoken[-1]), start, end))
        offset += len(lines[-1]) + 2  # "\n\n" between turns
    text = "\n\n".join(lines)
    return ParsedTranscript(text, checked_turns(text, turns, spoken), source_format)
