"""Alliance against what the participants said (pure): the mean session-measure score (e.g.
WAI-SR total) of the participants who endorse each group (a cluster coded in their interview,
a valence of significant moment) beside the mean of those who do not. A participant's score is
the mean over their sessions first, so participants weigh equally."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GroupMean:
    name: str
    participants: int  # endorsing the group
    scored: int  # of those, with a score
    mean: float | None
    others_scored: int  # participants with a score who do not endorse it
    others_mean: float | None


def participant_scores(rows: list[tuple[int, float]]) -> dict[int, float]:
    """(participant, session score) rows -> each participant's mean score."""
    sums: dict[int, list[float]] = {}
    for participant, score in rows:
        sums.setdefault(participant, []).append(score)
    return {p: sum(v) / len(v) for p, v in sums.items()}


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def group_means(groups: dict[str, set[int]], scores: dict[int, float]) -> list[GroupMean]:
    found = []
    for name, members in groups.items():
        inside = [scores[p] for p in members if p in scores]
        outside = [s for p, s in scores.items() if p not in members]
        found.append(
            GroupMean(name, len(members), len(inside), _mean(inside), len(outside), _mean(outside))
        )
    return found
