"""Where coders differ, pure: group every coder's spans of a transcript into regions of
overlapping text and tell, per region, whether the coders agree.

A region is a connected stretch where spans (of any coder and code) overlap. Coders agree on
a region when each applied the same codes there with boundaries within `tolerance` characters
of one another; otherwise the region is a disagreement of one kind: "missing" (some coder coded
nothing there), "codes" (different codes), or "boundaries" (same codes, boundaries apart)."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    id: int
    coder: str
    code: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int
    spans: tuple[Span, ...]
    kind: str  # "agree" | "missing" | "codes" | "boundaries"

    @property
    def key(self) -> str:
        return f"{self.start}-{self.end}"


def regions(spans: Iterable[Span], coders: Iterable[str], *, tolerance: int = 10) -> list[Region]:
    """Regions of overlapping spans, in text order, each with its kind."""
    coders = sorted(set(coders))
    ordered = sorted(spans, key=lambda s: (s.start, s.end, s.coder, s.code))
    found: list[Region] = []
    group: list[Span] = []
    reach = -1
    for span in ordered:
        if group and span.start >= reach:
            found.append(_region(group, coders, tolerance))
            group = []
        group.append(span)
        reach = max(reach, span.end) if len(group) > 1 else span.end
    if group:
        found.append(_region(group, coders, tolerance))
    return found


def _region(group: list[Span], coders: list[str], tolerance: int) -> Region:
    start = min(s.start for s in group)
    end = max(s.end for s in group)
    by_coder = {coder: [s for s in group if s.coder == coder] for coder in coders}
    if any(not items for items in by_coder.values()):
        kind = "missing"
    elif len({frozenset(s.code for s in items) for items in by_coder.values()}) > 1:
        kind = "codes"
    elif all(_close(by_coder[coders[0]], items, tolerance) for items in by_coder.values()):
        kind = "agree"
    else:
        kind = "boundaries"
    return Region(start, end, tuple(group), kind)


def _close(reference: list[Span], other: list[Span], tolerance: int) -> bool:
    """Every code's span of one coder has a counterpart of the other within the tolerance."""
    for span in reference:
        if not any(
            o.code == span.code
            and abs(o.start - span.start) <= tolerance
            and abs(o.end - span.end) <= tolerance
            for o in other
        ):
            return False
    return len(reference) == len(other)
