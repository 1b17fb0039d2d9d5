"""Cluster-level suggestions: the classifier learns each cluster as a label of its own (a
sentence carries it when codings of any of its codes cover at least half of it) and suggests
a cluster only where none of that cluster's codes is confident, so the coder is told "this is
about the therapeutic relationship" and picks the code. Pure numpy; no Django."""

from collections.abc import Mapping, Sequence

import numpy as np

# Calibrated scores put every label's own threshold at 0.5 (context.calibrated).
CONFIDENT = 0.5


def parents_of(labels: Sequence[str], cluster_of: Mapping[str, str]) -> dict[str, str]:
    """Code label -> cluster label, for the codes among `labels` whose cluster is too."""
    present = set(labels)
    return {lab: cluster_of[lab] for lab in labels if cluster_of.get(lab) in present}


def suppress_known(
    scores: np.ndarray, labels: Sequence[str], parents: Mapping[str, str]
) -> np.ndarray:
    """Scores (sentences x labels) with each cluster's column set to 0 on the sentences where
    a code of that cluster is confident: there the code itself is suggested."""
    if not parents or not len(scores):
        return scores
    column = {lab: j for j, lab in enumerate(labels)}
    out = scores.copy()
    for code, cluster in parents.items():
        known = scores[:, column[code]] >= CONFIDENT
        out[known, column[cluster]] = 0.0
    return out
