"""Leave-transcripts-out cross-validation of the recommenders, and a learning curve.

Folds are whole transcripts (sentences of one interview are not independent). For each fold
the recommenders are rebuilt from the other transcripts only (folds.Fold: as production builds
them). What runs is measured: during the blind phase each coder's own model and memory,
judged against that coder's own codings, pooled over coders; after it one study-wide model
judged against the source's codings. Gold is the codings projected onto sentences (a sentence
carries a label when they cover at least half of it) and predictions follow the same rule.
"combined" is any of rules, memory and classifier; at the cluster level the classifier's
cluster suggestions count too."""

from collections.abc import Callable

import numpy as np

from coding.models import Code
from coding.suggestions import levels, machine, vectors
from coding.suggestions import metrics as suggest_metrics
from coding.suggestions.config import settings_for
from coding.suggestions.data import (
    cluster_gold,
    cluster_of,
    code_gold,
    exemplars,
    learned_clusters,
    load_texts,
    moment_gold,
    per_coder,
    source_codings,
    study_language,
)
from coding.suggestions.folds import Fold, Source
from coding.suggestions.recommenders import Text, code_label
from coding.suggestions.services import rules_for
from coding.suggestions.training import SEED, Dataset
from transcripts.errors import DomainError
from transcripts.models import Study

CODE_RECOMMENDERS = ("rules", "memory", "model")
KEYS = ("rules", "memory", "model", "clusters", "moments")
FRACTIONS = (0.25, 0.5, 0.75)
Progress = Callable[[str, int, int], None]


def sources(study, cfg, docs: list[Text], codes: list[Code], coders, lang: str) -> list[Source]:
    """The study's source, or each coder's own codings (`coders`: [(id, name)])."""
    common = {
        "learned": learned_clusters(codes),
        "parents": cluster_of(codes),
        "examples": exemplars(codes),
        "embedding": vectors.spec_for(study.spacy_pipeline, lang),
    }
    return [
        Source(
            coder,
            code_gold(study, cfg, docs, codes, coder=coder),
            cluster_gold(study, cfg, docs, codes, coder=coder),
            moment_gold(study, cfg, docs, coder=coder),
            **common,
        )
        for coder in ([c for c, _ in coders] if coders is not None else [None])
    ]


def _run(context: tuple, source: Source, train: set[int], test: list[Text]) -> dict:
    """Gold and predictions for the `test` transcripts with `train` coded by the source."""
    study, cfg, docs, rules, lang = context
    fold = Fold(study, cfg, docs, source, train, lang, rules)
    columns = {
        "codes": {name: i for i, name in enumerate(source.codes.names)},
        "clusters": {name: i for i, name in enumerate(source.clusters.names)},
        "moments": {"helpful": 0, "hindering": 1},
    }
    per_doc = [fold.predict(rules, doc, columns, cfg.threshold) for doc in test]
    predicted = {key: _stack([p[key] for p in per_doc], len(columns["codes"])) for key in KEYS}
    # Moments are only ever proposed for client sentences; score them on those.
    client = [np.isin(np.arange(len(d.sentences)), d.client_sentences()) for d in test]
    mask = np.concatenate(client) if client else np.zeros(0, dtype=bool)
    predicted["moments"] = predicted["moments"][mask] if len(mask) else predicted["moments"]
    return {
        "codes": source.codes.stack(test),
        "clusters": source.clusters.stack(test),
        "moments": source.moments.stack(test)[mask],
        "predicted": predicted,
        "ids": [d.id for d in test],
        "coder": source.coder,
    }


def _stack(parts: list[np.ndarray], width: int) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros((0, width), dtype=bool)


def _pool(parts: list[dict]) -> dict:
    """The parts' gold and predictions laid end to end (folds, and coders in the blind phase)."""
    return {
        "codes": np.concatenate([p["codes"] for p in parts]),
        "clusters": np.concatenate([p["clusters"] for p in parts]),
        "moments": np.concatenate([p["moments"] for p in parts]),
        "predicted": {k: np.concatenate([p["predicted"][k] for p in parts]) for k in KEYS},
    }


def combined(predicted: dict) -> np.ndarray:
    return predicted["rules"] | predicted["memory"] | predicted["model"]


def cluster_predictions(predicted: dict, name: str, code_names, codes, cluster_names):
    """A recommender's sentences x clusters: its code suggestions mapped to their clusters,
    with the classifier's cluster suggestions for "model" and "combined"."""
    matrix = combined(predicted) if name == "combined" else predicted[name]
    out = levels.to_clusters(matrix, code_names, codes, cluster_names)
    if name in ("model", "combined"):
        out = out | predicted["clusters"]
    return out


def _tables(pooled: dict, code_names: list[str], codes, cluster_names: list[str]) -> tuple:
    predicted = pooled["predicted"]

    def table(gold, guess, labels):
        return suggest_metrics.scores(suggest_metrics.counts(gold, guess), labels)

    tables = {name: table(pooled["codes"], predicted[name], code_names) for name in KEYS[:3]}
    tables["combined"] = table(pooled["codes"], combined(predicted), code_names)
    tables["moments"] = table(pooled["moments"], predicted["moments"], ["helpful", "hindering"])
    clusters = {
        name: table(
            pooled["clusters"],
            cluster_predictions(predicted, name, code_names, codes, cluster_names),
            cluster_names,
        )
        for name in (*CODE_RECOMMENDERS, "combined")
    }
    # What the cluster suggestions add: the combined code suggestions alone, mapped up.
    clusters["combined_codes_only"] = table(
        pooled["clusters"],
        levels.to_clusters(combined(predicted), code_names, codes, cluster_names),
        cluster_names,
    )
    return tables, clusters


def evaluate(
    study: Study,
    *,
    k: int = 5,
    curve: bool = True,
    on_progress: Progress | None = None,
    blind: bool | None = None,
) -> dict:
    """Cross-validated sentence-level P/R/F1 per code and per cluster for each recommender and
    combined, the moment candidates, the coders' ceiling and (optionally) a learning curve.
    `blind`: per-coder models as in the blind phase (default: as the study runs now)."""
    cfg = settings_for(study)
    lang = study_language(study)
    docs = load_texts(study)
    codes = list(
        Code.objects.filter(study=study, active=True)
        .select_related("cluster")
        .order_by("order", "name")
    )
    coders = per_coder(study, cfg)
    if blind is not None:
        coders = _coders(study, cfg, blind)
    found = sources(study, cfg, docs, codes, coders, lang)
    rated = sorted(set().union(*(s.codes.rated for s in found)))
    if len(rated) < 2:
        raise DomainError(
            "study", "Cross-validation needs at least two transcripts coded by the source."
        )
    context = (study, cfg, docs, rules_for(study, cfg, lang), lang)
    folds = suggest_metrics.folds(rated, k, SEED)
    steps = len(folds) * len(found) + (len(FRACTIONS) if curve else 0)
    parts = _cross_validate(context, found, folds, on_progress, steps)
    pooled = _pool(parts)
    code_names, cluster_names = found[0].codes.names, found[0].clusters.names
    tables, cluster_tables = _tables(pooled, code_names, codes, cluster_names)
    names = {code_label(c.pk): c.name for c in codes}
    names.update({f"cluster:{c.cluster_id}": c.cluster.name for c in codes if c.cluster_id})
    result = {
        "threshold": cfg.threshold,
        "source": _described(study, cfg, coders),
        "folds": len(folds),
        "transcripts": len(rated),
        "sentences": int(len(pooled["codes"])),
        "names": names,
        "tables": tables,
        "too_few": _too_few(docs, found, cfg.min_examples, names),
        "cluster_tables": cluster_tables,
        "ceiling": levels.human_ceiling(study, cfg, docs, codes),
        "machine": machine.machine_agreement(
            study,
            cfg,
            docs,
            _held_out_clusters(parts, docs, code_names, codes, cluster_names),
            codes,
        ),
        "curve": [],
    }
    if curve:
        result["curve"] = _curve(context, found, rated, on_progress, steps - len(FRACTIONS), steps)
    return result


def _coders(study, cfg, blind: bool):
    if not blind:
        return None
    was, study.blind_coding = study.blind_coding, True
    try:
        return per_coder(study, cfg)
    finally:
        study.blind_coding = was


def _described(study, cfg, coders) -> str:
    if coders is not None:
        return "each coder's own codings, with their own models (blind phase)"
    return source_codings(study, cfg)[1]


def _held_out_clusters(parts, docs, code_names, codes, cluster_names) -> dict:
    """Each held-out transcript's combined cluster predictions, by coder (None: the study's
    model) and transcript."""
    length = {d.id: len(d.sentences) for d in docs}
    out: dict = {}
    for part in parts:
        matrix = cluster_predictions(
            part["predicted"], "combined", code_names, codes, cluster_names
        )
        bounds = np.cumsum([0] + [length[i] for i in part["ids"]])
        for i, doc in enumerate(part["ids"]):
            out.setdefault(part["coder"], {})[doc] = matrix[bounds[i] : bounds[i + 1]]
    return out


def _cross_validate(context, found, folds: list, on_progress, steps: int) -> list[dict]:
    """For each source and fold: train on the other folds' transcripts the source coded and
    predict the fold's."""
    by_id = {d.id: d for d in context[2]}
    parts, done = [], 0
    for source in found:
        rated = source.codes.rated
        for test in folds:
            held = [by_id[t] for t in test if t in rated]
            if held:
                parts.append(_run(context, source, rated - set(test), held))
            done += 1
            if on_progress:
                on_progress("Cross-validating", done, steps)
    return parts


def _too_few(docs, found: list[Source], minimum: int, names: dict) -> list[dict]:
    """Codes with fewer example sentences than the classifier needs (the fewest of any coder
    in the blind phase)."""
    counts: dict[str, int] = {}
    for source in found:
        for label, n in Dataset.build(docs, source.codes).positives(source.codes.names).items():
            counts[label] = min(n, counts.get(label, n))
    return [
        {"label": lab, "name": names[lab], "examples": n}
        for lab, n in counts.items()
        if n < minimum
    ]


def _curve(context, found, rated, on_progress, done, steps):
    """Train on the first 25/50/75% of the (shuffled) coded transcripts; always test on the
    same last quarter, so the points differ only in how much was coded."""
    order = suggest_metrics.folds(rated, 1, SEED)[0]
    n_test = max(1, round(len(order) * 0.25))
    test_ids, pool = order[-n_test:], order[:-n_test]
    by_id = {d.id: d for d in context[2]}
    points = []
    for number, fraction in enumerate(FRACTIONS, start=1):
        n_train = max(1, min(len(pool), round(len(order) * fraction)))
        train = set(pool[:n_train])
        parts = [
            _run(
                context,
                s,
                train & s.codes.rated,
                [by_id[t] for t in test_ids if t in s.codes.rated],
            )
            for s in found
        ]
        pooled = _pool(parts)
        tables = {
            name: suggest_metrics.scores(
                suggest_metrics.counts(
                    pooled["codes"],
                    combined(pooled["predicted"])
                    if name == "combined"
                    else pooled["predicted"][name],
                ),
                found[0].codes.names,
            )
            for name in (*CODE_RECOMMENDERS, "combined")
        }
        points.append(
            {
                "fraction": fraction,
                "train_transcripts": n_train,
                "test_transcripts": n_test,
                **{
                    name: {"micro_f1": t["micro"]["f1"], "macro_f1": t["macro"]["f1"]}
                    for name, t in tables.items()
                },
            }
        )
        if on_progress:
            on_progress("Learning curve", done + number, steps)
    return points
