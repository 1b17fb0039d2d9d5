"""Saturation, pure: per participant, in the order their transcripts were first coded, how
many codings were applied, how many codes were used for the first time, and the running total
of codes: the curve a grounded-theory paper shows to argue that new interviews stopped
bringing new codes."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    participant: str
    codings: int
    new_codes: int
    codes: int  # distinct codes used so far
    new_code_names: list[str]

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}  # asdict deep-copies


def saturation(
    applications: list[tuple[str, object, int, int]], names: dict[int, str]
) -> list[Step]:
    """Applications (participant label, first applied, code id, codings) -> one step per
    participant, participants ordered by their first application (ties by label)."""
    first: dict[str, object] = {}
    codes: dict[str, set[int]] = {}
    codings: dict[str, int] = {}
    for label, when, code, n in applications:
        codes.setdefault(label, set()).add(code)
        codings[label] = codings.get(label, 0) + n
        if label not in first or when < first[label]:
            first[label] = when
    seen: set[int] = set()
    steps = []
    for label in sorted(codes, key=lambda p: (first[p], p)):
        new = sorted(codes[label] - seen, key=lambda c: (names[c].lower(), c))
        seen.update(new)
        steps.append(Step(label, codings[label], len(new), len(seen), [names[c] for c in new]))
    return steps
