"""Pure planning of "code all hits": which hits become codings of their own, which merge with
an overlapping or touching span of the same code (the coder's own, or another hit), and which
the coder had already coded exactly. The same rule as coding by hand (one coder's overlapping
or touching same-code spans are one coding), counted before anything is written."""

from dataclasses import dataclass

Span = tuple[int, int, int]  # transcript id, start, end (code points)


@dataclass(frozen=True, slots=True)
class Plan:
    new: list[Span]  # spans to create, sorted
    created: int  # hits that stand as codings of their own
    merged: int  # hits that join an overlapping or touching same-code span
    unchanged: int  # hits the coder had already coded exactly with this code
    to_merge: list[int]  # transcripts whose spans must then be merged, sorted


def plan(existing: list[Span], hits: list[Span]) -> Plan:
    """`existing`: the coder's spans of the code in the hits' transcripts; `hits`: unique."""
    have = set(existing)
    new = sorted(set(hits) - have)
    unchanged = len(set(hits) & have)
    created = merged = 0
    to_merge: set[int] = set()
    fresh = set(new)
    for transcript, group in _groups(sorted(have | fresh)):
        added = sum(1 for span in group if span in fresh)
        if len(group) == 1:
            created += added
        elif added:
            merged += added
            to_merge.add(transcript)
    return Plan(new, created, merged, unchanged, sorted(to_merge))


def _groups(spans: list[Span]):
    """Runs of overlapping or touching spans of one transcript, from spans sorted by
    (transcript, start, end)."""
    group: list[Span] = []
    reach = -1
    for span in spans:
        if group and span[0] == group[0][0] and span[1] <= reach:
            group.append(span)
            reach = max(reach, span[2])
            continue
        if group:
            yield group[0][0], group
        group, reach = [span], span[2]
    if group:
        yield group[0][0], group
