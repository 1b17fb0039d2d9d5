"""Leave-transcripts-out cross-validation of the recommenders, and a learning curve.

Folds are whole transcripts (sentences of one interview are not independent). For each fold,
memory is built from and the classifiers are trained on the other transcripts only; rules need
no training. Gold labels are the source's codings projected onto sentences (suggest_data).
A recommender predicts a code for a sentence when one of its suggestions scoring at least the
study's threshold covers at least half of it (the gold rule). "combined" is any of rules, memory and classifier."""

from collections.abc import Callable

import numpy as np

from coding.agreement.units import covered_units_grouped
from coding.models import Code
from coding.suggestions import codes_model, evidence, levels, machine
from coding.suggestions import metrics as suggest_metrics
from coding.suggestions.config import settings_for
from coding.suggestions.context import ContextClassifier
from coding.suggestions.data import (
    Gold,
    cluster_gold,
    code_gold,
    exemplars,
    load_texts,
    moment_gold,
    source_codings,
    study_language,
)
from coding.suggestions.recommenders import (
    Classifier,
    Memory,
    MomentCandidates,
    Proposal,
    Text,
    code_label,
)
from coding.suggestions.services import decision_counts, rules_for
from coding.suggestions.training import SEED, Dataset, fit
from transcripts.errors import DomainError
from transcripts.models import Study

CODE_RECOMMENDERS = ("rules", "memory", "model")
FRACTIONS = (0.25, 0.5, 0.75)
Progress = Callable[[str, int, int], None]


def _mark(doc: Text, proposals: list[Proposal], column: dict[str, int], threshold: float):
    """Sentences x labels a recommender predicts: the same rule as for gold, a sentence
    carries a label when that label's suggestions (at or above the threshold) cover at least
    half of it together."""
    out = np.zeros((len(doc.sentences), len(column)), dtype=bool)
    kept = [p for p in proposals if p.score >= threshold and p.label in column]
    if not len(doc.sentences) or not kept:
        return out
    spans = np.array([(p.start, p.end) for p in kept], dtype=np.int64)
    groups = np.array([column[p.label] for p in kept], dtype=np.int64)
    labels, sentences = covered_units_grouped(doc.sentences, spans, groups)
    out[sentences, labels] = True
    return out


class _Fold:
    """The recommenders as they would be with only `train` transcripts coded."""

    def __init__(
        self, study, cfg, docs, gold: Gold, moments: Gold, train: set[int], lang: str, rules
    ):
        examples = exemplars(list(Code.objects.filter(study=study, active=True)))
        self.memory = Memory(
            _phrases(study, cfg, docs, train), pipeline=study.spacy_pipeline, lang=lang
        )
        self.model = _context([d for d in docs if d.id in train], gold, cfg.min_examples, examples)
        # As training stores it: the rules judged on the fold's coded transcripts only.
        self.rule_evidence = evidence.rule_evidence(rules, [d for d in docs if d.id in train], gold)
        # Members' accepts and rejects re-weigh fixed scores in production: those made in the
        # fold's training transcripts do here (pooled, as after the blind phase).
        self.feedback = decision_counts(study, transcript_ids=train, pooled=True)
        moment_model = _classifier(
            [d for d in docs if d.id in train], moments, cfg.min_examples, lang, client_only=True
        )
        self.moments = MomentCandidates(moment_model, pipeline=study.spacy_pipeline, lang=lang)


def _phrases(study, cfg, docs: list[Text], train: set[int]) -> dict[str, list[str]]:
    texts = {d.id: d.text for d in docs}
    qs, _ = source_codings(study, cfg)
    phrases: dict[str, list[str]] = {}
    for doc, code, start, end in qs.filter(transcript_id__in=train, code__active=True).values_list(
        "transcript_id", "code_id", "start", "end"
    ):
        phrases.setdefault(code_label(code), []).append(texts[doc][start:end])
    return phrases


def _context(docs, gold: Gold, minimum: int, examples) -> ContextClassifier | None:
    """The codes classifier as production trains it, on the fold's coded transcripts only."""
    counts = Dataset.build(docs, gold).positives(gold.names)
    labels = [lab for lab in gold.names if counts[lab] >= minimum]
    if not labels:
        return None
    model = codes_model.fit(docs, gold, labels, examples)
    return ContextClassifier(model, version="cross-validation")


def _classifier(docs, gold: Gold, minimum: int, lang: str, *, client_only: bool = False):
    data = Dataset.build(docs, gold, client_only=client_only)
    counts = data.positives(gold.names)
    labels = [lab for lab in gold.names if counts[lab] >= minimum]
    if not labels or not data.texts:
        return None
    trained = fit(data, labels, lang=lang)
    return Classifier(trained, version="cross-validation", client_only=client_only, cache=False)


def _predict(fold: _Fold, rules, doc: Text, codes: dict, moments: dict, threshold: float) -> dict:
    def weighed(proposals: list[Proposal]) -> list[Proposal]:
        return evidence.weighed(proposals, fold.feedback, fold.rule_evidence)

    out = {"rules": _mark(doc, weighed(rules.propose(doc)), codes, threshold)}
    out["memory"] = _mark(doc, weighed(fold.memory.propose(doc)), codes, threshold)
    model = fold.model.propose(doc) if fold.model else []
    out["model"] = _mark(doc, model, codes, threshold)
    out["moments"] = _mark(doc, weighed(fold.moments.propose(doc)), moments, threshold)
    return out


def _tables(gold_codes, gold_moments, predicted: dict, names: list[str]) -> dict:
    tables = {
        name: suggest_metrics.scores(suggest_metrics.counts(gold_codes, predicted[name]), names)
        for name in CODE_RECOMMENDERS
    }
    combined = _combined(predicted)
    tables["combined"] = suggest_metrics.scores(suggest_metrics.counts(gold_codes, combined), names)
    tables["moments"] = suggest_metrics.scores(
        suggest_metrics.counts(gold_moments, predicted["moments"]), ["helpful", "hindering"]
    )
    return tables


def _combined(predicted: dict) -> np.ndarray:
    return predicted["rules"] | predicted["memory"] | predicted["model"]


def _run(study, cfg, docs, gold, moments, rules, lang, train: set[int], test: list[Text]):
    fold = _Fold(study, cfg, docs, gold, moments, train, lang, rules)
    codes = {name: i for i, name in enumerate(gold.names)}
    valences = {"helpful": 0, "hindering": 1}
    per_doc = [_predict(fold, rules, doc, codes, valences, cfg.threshold) for doc in test]
    stacked = {
        key: np.concatenate([p[key] for p in per_doc])
        for key in ("rules", "memory", "model", "moments")
    }
    client = [np.isin(np.arange(len(d.sentences)), d.client_sentences()) for d in test]
    # Moments are only ever proposed for client sentences; score them on those.
    mask = np.concatenate(client) if client else np.zeros(0, dtype=bool)
    return (
        gold.stack(test),
        moments.stack(test)[mask],
        {
            **{k: v for k, v in stacked.items() if k != "moments"},
            "moments": stacked["moments"][mask],
        },
        [d.id for d in test],
    )


def evaluate(
    study: Study, *, k: int = 5, curve: bool = True, on_progress: Progress | None = None
) -> dict:
    """Cross-validated sentence-level P/R/F1 per code for each recommender and combined, the
    moment candidates, and (optionally) a learning curve over 25/50/75% of the transcripts."""
    cfg = settings_for(study)
    lang = study_language(study)
    docs = load_texts(study)
    codes = list(
        Code.objects.filter(study=study, active=True)
        .select_related("cluster")
        .order_by("order", "name")
    )
    gold = code_gold(study, cfg, docs, codes)
    moments = moment_gold(study, cfg, docs)
    rated = sorted(gold.rated)
    if len(rated) < 2:
        raise DomainError(
            "study", "Cross-validation needs at least two transcripts coded by the source."
        )
    rules = rules_for(study, cfg, lang)
    folds = suggest_metrics.folds(rated, k, SEED)
    steps = len(folds) + (len(FRACTIONS) if curve else 0)
    parts = _cross_validate(
        (study, cfg, docs, gold, moments, rules, lang), rated, folds, on_progress, steps
    )
    gold_codes = np.concatenate([p[0] for p in parts])
    gold_moments = np.concatenate([p[1] for p in parts])
    predicted = {key: np.concatenate([p[2][key] for p in parts]) for key in parts[0][2]}
    names = {code_label(c.pk): c.name for c in codes}
    clusters = cluster_gold(study, cfg, docs, codes)
    gold_clusters = np.concatenate([clusters.labels[d] for p in parts for d in p[3]])
    names.update({f"cluster:{c.cluster_id}": c.cluster.name for c in codes if c.cluster_id})
    result = {
        "threshold": cfg.threshold,
        "source": source_codings(study, cfg)[1],
        "folds": len(folds),
        "transcripts": len(rated),
        "sentences": int(len(gold_codes)),
        "names": names,
        "tables": _tables(gold_codes, gold_moments, predicted, gold.names),
        "too_few": _too_few(docs, gold, cfg.min_examples, names),
        "cluster_tables": {
            name: suggest_metrics.scores(
                suggest_metrics.counts(
                    gold_clusters,
                    levels.to_clusters(
                        _combined(predicted) if name == "combined" else predicted[name],
                        gold.names,
                        codes,
                        clusters.names,
                    ),
                ),
                clusters.names,
            )
            for name in (*CODE_RECOMMENDERS, "combined")
        },
        "ceiling": levels.human_ceiling(study, cfg, docs, codes),
        "machine": machine.machine_agreement(
            study, cfg, docs, _held_out_clusters(parts, docs, gold.names, codes, clusters), codes
        ),
        "curve": [],
    }
    if curve:
        result["curve"] = _curve(
            study, cfg, docs, gold, moments, rules, lang, rated, on_progress, len(folds), steps
        )
    return result


def _held_out_clusters(parts, docs, code_names, codes, clusters) -> dict:
    """Each held-out transcript's combined predictions at the cluster level, by transcript."""
    length = {d.id: len(d.sentences) for d in docs}
    out = {}
    for _, _, predicted, ids in parts:
        matrix = levels.to_clusters(_combined(predicted), code_names, codes, clusters.names)
        bounds = np.cumsum([0] + [length[i] for i in ids])
        for i, doc in enumerate(ids):
            out[doc] = matrix[bounds[i] : bounds[i + 1]]
    return out


def _cross_validate(context: tuple, rated: list, folds: list, on_progress, steps: int) -> list:
    """Train on all but one fold of transcripts and predict that fold, for every fold."""
    docs = context[2]
    by_id = {d.id: d for d in docs}
    parts = []
    for number, test in enumerate(folds, start=1):
        parts.append(_run(*context, set(rated) - set(test), [by_id[t] for t in test]))
        if on_progress:
            on_progress("Cross-validating", number, steps)
    return parts


def _too_few(docs, gold: Gold, minimum: int, names: dict) -> list[dict]:
    counts = Dataset.build(docs, gold).positives(gold.names)
    return [
        {"label": lab, "name": names[lab], "examples": counts[lab]}
        for lab in gold.names
        if counts[lab] < minimum
    ]


def _curve(study, cfg, docs, gold, moments, rules, lang, rated, on_progress, done, steps):
    """Train on the first 25/50/75% of the (shuffled) coded transcripts; always test on the
    same last quarter, so the points differ only in how much was coded."""
    order = suggest_metrics.folds(rated, 1, SEED)[0]
    n_test = max(1, round(len(order) * 0.25))
    test_ids, pool = order[-n_test:], order[:-n_test]
    by_id = {d.id: d for d in docs}
    points = []
    for number, fraction in enumerate(FRACTIONS, start=1):
        n_train = max(1, min(len(pool), round(len(order) * fraction)))
        train = set(pool[:n_train])
        g, _, predicted, _ = _run(
            study, cfg, docs, gold, moments, rules, lang, train, [by_id[t] for t in test_ids]
        )
        tables = _tables(
            g, np.zeros((0, 2), bool), {**predicted, "moments": np.zeros((0, 2), bool)}, gold.names
        )
        points.append(
            {
                "fraction": fraction,
                "train_transcripts": n_train,
                "test_transcripts": n_test,
                **{
                    name: {
                        "micro_f1": tables[name]["micro"]["f1"],
                        "macro_f1": tables[name]["macro"]["f1"],
                    }
                    for name in (*CODE_RECOMMENDERS, "combined")
                },
            }
        )
        if on_progress:
            on_progress("Learning curve", done + number, steps)
    return points
