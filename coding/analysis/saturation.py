"""Saturation, pure: per participant, in the order their transcripts were first coded, how
the codebook grew and how the codes were taken up: the curve a grounded-theory paper shows to
argue that new interviews stopped bringing new codes.

A new code comes from the codebook history: a code is new at participant k when it entered
the codebook (was created, or made by a split) while participant k was being coded, that is
at or after the first coding of k's transcripts and before the first coding of the next
participant's; a code created after the last participant's coding began counts at the last.
Codes that entered before any coding, or that have no creation in the history (the starter
codebook, an imported codebook), were in the codebook from the start (`before`). Codes
deleted or merged away are not counted: the codebook as it stands now is traced back.
Beside it, the applications: codings per participant, and the codes applied there for the
first time (a code may enter at k and first be applied later)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    participant: str
    codings: int  # code applications in this participant's transcripts
    new_codes: int  # codes that entered the codebook while this participant was coded
    codes: int  # codes in the codebook by the end of this participant (`before` included)
    new_code_names: list[str]
    first_used: int  # codes applied for the first time here
    used: int  # distinct codes applied so far

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}  # asdict deep-copies


@dataclass(frozen=True, slots=True)
class Saturation:
    before: int  # codes in the codebook before the first participant was coded
    steps: list[Step]


def participant_order(
    applications: list[tuple[str, object, int, int]], started: dict[str, object]
) -> list[tuple[str, object]]:
    """(participant, when coding began) in that order (ties by label): `started` says when,
    else the participant's first application."""
    when = dict(started)
    for label, first, _, _ in applications:
        if label not in when or first < when[label]:
            when[label] = first
    return sorted(when.items(), key=lambda item: (item[1], item[0]))


def saturation(
    applications: list[tuple[str, object, int, int]],
    started: dict[str, object],
    entered: dict[int, object],
    names: dict[int, str],
) -> Saturation:
    """Applications (participant label, first applied, code id, codings), when each
    participant's coding began, when each code entered the codebook (None or missing: from
    the start) and the codebook's codes (id -> name) -> the steps."""
    order = participant_order(applications, started)
    position = {label: i for i, (label, _) in enumerate(order)}
    arrivals: list[list[int]] = [[] for _ in order]
    before = 0
    for code in names:
        at = entered.get(code)
        k = -1 if at is None else sum(1 for _, began in order if began <= at) - 1
        if k < 0:
            before += 1
        else:
            arrivals[k].append(code)
    used_at: list[set[int]] = [set() for _ in order]
    codings = [0] * len(order)
    for label, _, code, n in applications:
        used_at[position[label]].add(code)
        codings[position[label]] += n
    steps, codes, used = [], before, set()
    for i, (label, _) in enumerate(order):
        new = sorted(arrivals[i], key=lambda c: (names[c].lower(), c))
        codes += len(new)
        first = used_at[i] - used
        used |= first
        names_new = [names[c] for c in new]
        steps.append(Step(label, codings[i], len(new), codes, names_new, len(first), len(used)))
    return Saturation(before, steps)
