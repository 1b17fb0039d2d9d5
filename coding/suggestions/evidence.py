"""How often each code's rules were right on the transcripts already coded: the codings count
as decisions on the rule hits, so a keyword that keeps firing where nobody codes sinks below
the threshold (and one that is right more often than not stays), as members' rejects would
sink it. Pure: plain transcript data and gold in, counts out; production (training stores
the counts with the codes model) and the evaluation (counted on the training fold) alike."""

from collections import defaultdict
from dataclasses import replace

import numpy as np

from coding.agreement.units import covered_units
from coding.suggestions.data import Gold
from coding.suggestions.recommenders import Proposal, Rules, Text, reweighed


def covered_sentences(doc: Text, start: int, end: int) -> np.ndarray:
    """Sentences of which [start, end) covers at least half: the one rule of agreement and
    suggestions (agreement.units.covered_units)."""
    return covered_units(doc.sentences, [(start, end)])


def rule_evidence(rules: Rules, docs: list[Text], gold: Gold) -> dict[str, list[int]]:
    """label -> [right, proposed] over the rule hits in the transcripts the source coded; a hit
    is right when a sentence it covers carries its code."""
    column = {name: i for i, name in enumerate(gold.names)}
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc in docs:
        if doc.id not in gold.rated:
            continue
        labels = gold.labels[doc.id]
        for p in rules.propose(doc):
            if p.label not in column:
                continue
            rows = covered_sentences(doc, p.start, p.end)
            out[p.label][1] += 1
            out[p.label][0] += int(labels[rows, column[p.label]].any())
    return dict(out)


# Recommenders whose scores are fixed numbers: members' decisions re-weigh them (the
# classifier learns from the codings that accepted suggestions become when it is retrained).
FIXED_SCORES = ("rules", "memory", "moments")


def rescored(p: Proposal, feedback: dict, evidence: dict, *, per_user: bool = False) -> float:
    """A proposal's score as stored: a fixed score re-weighed by the members' decisions
    (feedback: (label, recommender, user) -> (accepted, decided); per coder in the blind phase,
    pooled after it) and, for rules, by the coded transcripts' verdict (evidence). Refresh and
    the evaluation both score with this."""
    if p.recommender not in FIXED_SCORES:
        return p.score
    key = (p.label, p.recommender, p.for_user if per_user else None)
    accepted, decided = feedback.get(key, (0, 0))
    if p.recommender == "rules" and p.label in evidence:
        right, proposed = evidence[p.label]
        accepted, decided = accepted + right, decided + proposed
    return reweighed(p.score, accepted, decided) if decided else p.score


def weighed(proposals: list[Proposal], feedback: dict, evidence: dict) -> list[Proposal]:
    """Proposals re-scored as refresh stores them (pooled decisions, as after the blind phase)."""
    return [replace(p, score=rescored(p, feedback, evidence)) for p in proposals]
