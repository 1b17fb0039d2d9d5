"""How often each code's rules were right on the transcripts already coded: the codings count
as decisions on the rule hits, so a keyword that keeps firing where nobody codes sinks below
the threshold (and one that is right more often than not stays), as members' rejects would
sink it. Pure: plain transcript data and gold in, counts out; production (training stores
the counts with the codes model) and the evaluation (counted on the training fold) alike."""

from collections import defaultdict

import numpy as np

from coding.suggestions.data import Gold
from coding.suggestions.recommenders import Proposal, Rules, Text, reweighed


def covered_sentences(doc: Text, start: int, end: int) -> np.ndarray:
    """Sentences of which [start, end) covers at least half (the gold rule)."""
    s = doc.sentences
    if not len(s):
        return np.zeros(0, dtype=np.int64)
    overlap = np.minimum(s[:, 1], end) - np.maximum(s[:, 0], start)
    return np.flatnonzero(2 * overlap >= s[:, 1] - s[:, 0])


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


def weighed(proposals: list[Proposal], evidence: dict) -> list[Proposal]:
    """Rule proposals re-scored by the evidence (reweighed, as members' decisions do)."""
    out = []
    for p in proposals:
        right, proposed = evidence.get(p.label, (0, 0))
        if proposed:
            p = Proposal(
                p.transcript,
                p.start,
                p.end,
                p.label,
                reweighed(p.score, right, proposed),
                p.recommender,
                p.version,
                p.evidence,
                p.for_user,
            )
        out.append(p)
    return out
