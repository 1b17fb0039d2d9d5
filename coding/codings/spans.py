"""Pure span arithmetic shared by codings, moments and (later) agreement: validation of offsets
and merging of one coder's same-code spans. Offsets are code points, end exclusive."""

from collections.abc import Iterable

CONTEXT_CHARS = 80


def span_problem(start: object, end: object, length: int) -> tuple[str, str] | None:
    """(field, reason) when [start, end) is not a span of a text of `length`; None when it is."""
    for field, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            return field, "must be a whole number (a code-point offset)."
    assert isinstance(start, int) and isinstance(end, int)
    if start < 0:
        return "start", "must be 0 or more."
    if end > length:
        return "end", f"is past the end of the transcript ({length} characters)."
    if start >= end:
        return "end", "must be greater than start (an empty span codes nothing)."
    return None


def overlaps_or_touches(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of spans: overlapping or touching spans become one, sorted by start."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def context(text: str, start: int, end: int, size: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to `size` characters before and after a span, cut at word boundaries."""
    before = text[max(0, start - size) : start]
    after = text[end : end + size]
    if start - size > 0 and " " in before:
        before = before[before.index(" ") + 1 :]
    if end + size < len(text) and " " in after:
        after = after[: after.rindex(" ")]
    return before, after
