"""The recommenders as they would be with only some transcripts coded, for the evaluation.

What runs is what is measured: the codes classifier (codes and clusters) fit as training fits
it, memory from the codings production remembers, rule scores re-weighed by the rules' record
on the coded transcripts and by members' decisions there. A `coder` narrows all of it to one
coder's own codings and decisions, as the blind phase does (one model and one memory per coder,
the rules weighed by that coder's own record). A recommender predicts a label for a sentence when its suggestions
scoring at least the threshold cover at least half of it (the gold rule)."""

from dataclasses import dataclass

import numpy as np

from coding.agreement.units import covered_units_grouped
from coding.models import Coding
from coding.suggestions import codes_model, evidence
from coding.suggestions.context import ContextClassifier
from coding.suggestions.data import Gold, with_clusters
from coding.suggestions.recommenders import (
    Memory,
    MomentCandidates,
    Proposal,
    Text,
    code_label,
)
from coding.suggestions.services import decision_counts
from coding.suggestions.training import Dataset


@dataclass
class Source:
    """Whose codings a fold learns from and is judged against (coder None: the study's)."""

    coder: int | None
    codes: Gold  # code columns
    clusters: Gold  # cluster columns (every cluster of the codebook)
    moments: Gold
    learned: set[str]  # cluster labels the classifier learns (data.learned_clusters)
    parents: dict[str, str]  # code label -> cluster label
    examples: list[tuple[str, set[str]]]  # the codebook's texts (data.exemplars)
    embedding: dict  # vectors.spec_for: word vectors when the pipeline has them


def mark(doc: Text, proposals: list[Proposal], column: dict[str, int], threshold: float):
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


class Fold:
    """The recommenders as they would be with only `train` transcripts coded by `source`."""

    def __init__(self, study, cfg, docs, source: Source, train: set[int], lang: str, rules):
        coded = [d for d in docs if d.id in train]
        self.memory = Memory(
            memory_phrases(study, docs, train, source.coder),
            pipeline=study.spacy_pipeline,
            lang=lang,
        )
        self.model = _context(coded, source, cfg.min_examples)
        # Training stores the rules' record on the coded transcripts with each codes model (the
        # coder's own in the blind phase: services.rule_evidence_for).
        self.rule_evidence = evidence.rule_evidence(rules, coded, source.codes)
        # Members' accepts and rejects re-weigh fixed scores in production: those made in the
        # fold's training transcripts do here (pooled after the blind phase, one's own in it).
        feedback = decision_counts(study, transcript_ids=train, pooled=source.coder is None)
        if source.coder is not None:
            feedback = {
                (label, rec, None): n
                for (label, rec, user), n in feedback.items()
                if user == source.coder
            }
        self.feedback = feedback
        moment_model = _classifier(coded, source.moments, cfg.min_examples, lang, client_only=True)
        self.moments = MomentCandidates(moment_model, pipeline=study.spacy_pipeline, lang=lang)

    def predict(self, rules, doc: Text, columns: dict, threshold: float) -> dict:
        """Per recommender, sentences x labels predicted; "clusters" are the classifier's
        cluster-level suggestions."""

        def weighed(proposals: list[Proposal]) -> list[Proposal]:
            return evidence.weighed(proposals, self.feedback, self.rule_evidence)

        out = {"rules": mark(doc, weighed(rules.propose(doc)), columns["codes"], threshold)}
        out["memory"] = mark(doc, weighed(self.memory.propose(doc)), columns["codes"], threshold)
        model = self.model.propose(doc) if self.model else []
        out["model"] = mark(doc, model, columns["codes"], threshold)
        out["clusters"] = mark(doc, model, columns["clusters"], threshold)
        moments = weighed(self.moments.propose(doc))
        out["moments"] = mark(doc, moments, columns["moments"], threshold)
        return out


def memory_phrases(study, docs: list[Text], train: set[int], coder: int | None) -> dict:
    """Coded text per code label, from the codings production remembers (services.
    memories_for): every member's (the consensus too) after the blind phase, one coder's own
    in it; active codes only; the fold's training transcripts only."""
    texts = {d.id: d.text for d in docs}
    qs = Coding.objects.filter(
        transcript__study=study, transcript__deleted_at=None, code__active=True
    )
    qs = qs.filter(transcript_id__in=train)
    if coder is not None:
        qs = qs.filter(coder_id=coder)
    phrases: dict[str, list[str]] = {}
    for doc, code, start, end in qs.values_list("transcript_id", "code_id", "start", "end"):
        phrases.setdefault(code_label(code), []).append(texts[doc][start:end])
    return phrases


def _context(docs, source: Source, minimum: int) -> ContextClassifier | None:
    """The codes classifier as production trains it (codes and the clusters it learns), on
    the fold's coded transcripts only."""
    gold = with_clusters(source.codes, source.clusters)
    counts = Dataset.build(docs, gold).positives(gold.names)
    wanted = source.codes.names + [n for n in source.clusters.names if n in source.learned]
    labels = [lab for lab in wanted if counts[lab] >= minimum]
    if not labels:
        return None
    model = codes_model.fit(docs, gold, labels, source.examples, source.parents, source.embedding)
    return ContextClassifier(model, version="cross-validation")


def _classifier(docs, gold: Gold, minimum: int, lang: str, *, client_only: bool = False):
    """The moments classifier as production trains it: the context model on clients'
    sentences."""
    counts = Dataset.build(docs, gold, client_only=client_only).positives(gold.names)
    labels = [lab for lab in gold.names if counts[lab] >= minimum]
    if not labels:
        return None
    model = codes_model.fit(docs, gold, labels, [], client_only=client_only)
    return ContextClassifier(model, version="cross-validation", client_only=client_only)
