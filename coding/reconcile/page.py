"""What the reconciliation page shows of a region beyond the queue's data (pure): where it is
(speaker and turn), each version split into the part every version shares and the words only
that version has, the accept buttons in the order of the rows, and the decision in words."""

from bisect import bisect_right

OUTCOME_WORDS = {
    "accept_one": "accepted {coder}'s version",
    "accept_all": "accepted every version",
    "accept_none": "accepted none",
    "edit": "edited the consensus",
    "agreed": "the coders agreed (adopted without a click)",
}


def where(start: int, end: int, turns: list[tuple]) -> str:
    """ "Client (Rosa), turn 12" or "turns 12–13 (Client, Interviewer)" for a stretch of text;
    `turns` are (index, speaker, role, start, end) in text order."""
    first = max(0, bisect_right([t[3] for t in turns], start) - 1)
    inside = [t for t in turns[first:] if t[3] < end and t[4] > start]
    if not inside:
        return ""
    speakers = list(dict.fromkeys(_speaker(t) for t in inside))
    if len(inside) == 1:
        return f"{speakers[0]}, turn {inside[0][0] + 1}"
    return f"turns {inside[0][0] + 1}–{inside[-1][0] + 1} ({', '.join(speakers)})"


def _speaker(turn: tuple) -> str:
    _, speaker, role, *_ = turn
    label = role.title()
    return label if not speaker or speaker.lower() == role else f"{label} ({speaker})"


def split_versions(versions: list[dict]) -> None:
    """Each version's quote as (before, shared, after): `shared` is the stretch every version
    covers, so a boundary disagreement shows the words one coder took in and another left out.
    Offsets are code points, like Python's string indices."""
    core_start = max((v["start"] for v in versions), default=0)
    core_end = min((v["end"] for v in versions), default=0)
    for v in versions:
        if core_start >= core_end:
            v["parts"] = ("", v["quote"], "")
            continue
        head, tail = core_start - v["start"], core_end - v["start"]
        v["parts"] = (v["quote"][:head], v["quote"][head:tail], v["quote"][tail:])


def describe(region: dict, code_names: dict, turns: list[tuple]) -> None:
    region["where"] = where(region["start"], region["end"], turns)
    region["coders"] = list(dict.fromkeys(v["coder"] for v in region["versions"]))
    for v in region["versions"]:
        v["code_name"] = code_names.get(v["code"], "?")
        v["key"] = region["coders"].index(v["coder"]) + 1
    split_versions(region["versions"])
    decision = region["decision"]
    if decision:
        said = OUTCOME_WORDS[decision["outcome"]].format(coder=decision["accepted_coder"])
        who = decision["decided_by"]
        region["decision_words"] = f"{who} {said}" if who else f"{said[0].upper()}{said[1:]}"
