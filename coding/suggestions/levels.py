"""Scores at the cluster level and the human ceiling beside the suggestions' own.

A sentence is predicted to carry a cluster when a suggestion of any of its codes is predicted
for it; its gold is the cluster projection (data.cluster_gold: codings of the cluster's codes
cover at least half of it). The ceiling is how far the coders agree with each other, scored
the same way: one coder's sentences as gold, another's as predictions, pooled over every pair
of coders and the transcripts both coded (micro-F1 is symmetric in the pair)."""

from itertools import combinations

import numpy as np

from coding.models import Code, Coding
from coding.suggestions import metrics
from coding.suggestions.data import Gold, cluster_gold, cluster_of, code_gold
from coding.suggestions.recommenders import Text


def to_clusters(
    predicted: np.ndarray, code_names: list[str], codes: list[Code], names
) -> np.ndarray:
    """(sentences x codes) booleans -> (sentences x clusters) booleans."""
    mapping = cluster_of(codes)
    matrix = np.zeros((len(code_names), len(names)), dtype=np.int64)
    for i, label in enumerate(code_names):
        if label in mapping:
            matrix[i, names.index(mapping[label])] = 1
    return (predicted.astype(np.int64) @ matrix) > 0


def _pair_counts(a: Gold, b: Gold, docs: list[Text]) -> np.ndarray:
    both = [d for d in docs if d.id in a.rated and d.id in b.rated]
    return metrics.counts(a.stack(both), b.stack(both)).sum(axis=0)


def human_ceiling(study, cfg, docs: list[Text], codes: list[Code]) -> dict | None:
    """Micro P/R/F1 of coder against coder at the code and cluster levels; None with fewer
    than two coders."""
    coders = sorted(
        set(Coding.objects.by_coders(study).values_list("coder_id", flat=True).distinct())
    )
    if len(coders) < 2:
        return None
    out = {"coders": len(coders)}
    for level, build in (("code", code_gold), ("cluster", cluster_gold)):
        golds = {c: build(study, cfg, docs, codes, coder=c) for c in coders}
        tally = sum(_pair_counts(golds[a], golds[b], docs) for a, b in combinations(coders, 2))
        out[level] = metrics.scores(np.asarray(tally).reshape(1, 3), ["all"])["micro"]
    return out
