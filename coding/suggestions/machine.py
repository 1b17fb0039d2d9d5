"""The suggestions as one more coder: Krippendorff's alpha per cluster between the
cross-validated suggestions and each coder, at sentence level, so a team sees how far to trust
them beside how far its coders agree with each other.

The machine's sentences are the evaluation's held-out predictions (combined recommenders, code
predictions mapped to their clusters), never predictions for transcripts it learned from; a
coder's are their own codings by the half-coverage rule (data.cluster_gold). Units are the
sentences of the transcripts that coder coded (an uncoded transcript says nothing)."""

import numpy as np

from coding.agreement import binary_alpha_by_code
from coding.models import Code, Coding
from coding.suggestions.data import cluster_gold
from coding.suggestions.recommenders import Text


def alpha_per_cluster(machine: np.ndarray, coder: np.ndarray) -> list[float | None]:
    """Alpha per cluster between two (sentences x clusters) boolean matrices."""
    presence = np.stack([machine, coder]).astype(bool)
    return binary_alpha_by_code(presence)


def machine_agreement(
    study, cfg, docs: list[Text], machine: dict, codes: list[Code]
) -> dict | None:
    """{"clusters": [label...], "coders": [{"coder", "sentences", "alpha": [...]}]}: each coder
    of the study against the machine's held-out cluster predictions (machine[coder][doc id]:
    the coder's own models in the blind phase, machine[None] the study's); None when nobody
    coded."""
    coders = list(
        Coding.objects.by_coders(study)
        .order_by("coder__username")
        .values_list("coder_id", "coder__username")
        .distinct()
    )
    if not coders:
        return None
    rows, names = [], []
    for coder, username in coders:
        gold = cluster_gold(study, cfg, docs, codes, coder=coder)
        names = gold.names
        theirs_machine = machine.get(coder, machine.get(None, {}))
        both = [d for d in docs if d.id in gold.rated and d.id in theirs_machine]
        if not both:
            continue
        theirs = gold.stack(both)
        ours = np.concatenate([theirs_machine[d.id] for d in both])
        rows.append(
            {"coder": username, "sentences": len(theirs), "alpha": alpha_per_cluster(ours, theirs)}
        )
    return {"clusters": names, "coders": rows} if rows else None
