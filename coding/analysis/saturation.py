"""Saturation, pure: per participant, in the order their transcripts were first coded, how
many codings were applied, how many codes were used for the first time, and the running total
of codes: the curve a grounded-theory paper shows to argue that new interviews stopped
bringing new codes."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Step:
    participant: str
    codings: int
    new_codes: int
    codes: int  # distinct codes used so far
    new_code_names: list[str]

    def as_dict(self) -> dict:
        return asdict(self)


def saturation(applications: list[tuple[str, object, int]], names: dict[int, str]) -> list[Step]:
    """Applications (participant label, when applied, code id) -> one step per participant,
    participants ordered by their first application (ties by label)."""
    first: dict[str, object] = {}
    per_participant: dict[str, list[tuple[object, int]]] = {}
    for label, when, code in applications:
        per_participant.setdefault(label, []).append((when, code))
        if label not in first or when < first[label]:
            first[label] = when
    seen: set[int] = set()
    steps = []
    for label in sorted(per_participant, key=lambda p: (first[p], p)):
        used = per_participant[label]
        new = sorted({code for _, code in used} - seen, key=lambda c: (names[c].lower(), c))
        seen.update(new)
        steps.append(Step(label, len(used), len(new), len(seen), [names[c] for c in new]))
    return steps
