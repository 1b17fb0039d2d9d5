"""What the recommenders learn from: transcripts as plain data, and the source's codings and
moments projected onto sentences.

Projection rule (coding/units.py, the same as for agreement): a sentence carries a code when
the source's codings of that code cover at least half of its characters. With the "all coders"
source a sentence carries the code when any one coder's codings do. Only transcripts the source
has coded at all are training data: an uncoded transcript says nothing about absence."""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q

from coding.agreement.units import covered_units_grouped
from coding.models import Code, Coding, SignificantMoment, SuggestionSettings, Valence
from coding.suggestions.recommenders import Text, code_label
from transcripts.errors import DomainError
from transcripts.models import SpeakerRole, Study, Transcript, Turn

MOMENT_LABELS = (Valence.HELPFUL.value, Valence.HINDERING.value)


def study_language(study: Study) -> str:
    """The language most of the study's transcripts are in (one tokenizer per study)."""
    top = (
        Transcript.objects.filter(study=study)
        .values("language")
        .annotate(n=Count("id"))
        .order_by("-n", "language")
        .first()
    )
    return top["language"] if top else "en"


def load_texts(study: Study, transcript_ids: Iterable[int] | None = None) -> list[Text]:
    """Transcripts (text, sentences, turns) in id order: two queries."""
    rows = Transcript.objects.filter(study=study)
    turns = Turn.objects.filter(transcript__study=study, transcript__deleted_at=None)
    if transcript_ids is not None:
        ids = list(transcript_ids)
        rows, turns = rows.filter(pk__in=ids), turns.filter(transcript_id__in=ids)
    by_doc: dict[int, list[tuple[int, int, str]]] = {}
    for doc, start, end, role in turns.order_by("transcript_id", "start").values_list(
        "transcript_id", "start", "end", "role"
    ):
        by_doc.setdefault(doc, []).append((start, end, role))
    out = []
    for pk, text, sentences in rows.order_by("id").values_list("id", "text", "sentences"):
        doc_turns = by_doc.get(pk, [])
        spans = np.array([(s, e) for s, e, _ in doc_turns], dtype=np.int64).reshape(-1, 2)
        client = np.array(
            [(s, e) for s, e, role in doc_turns if role == SpeakerRole.CLIENT], dtype=np.int64
        ).reshape(-1, 2)
        sents = np.array(sentences or [], dtype=np.int64).reshape(-1, 2)
        out.append(Text(pk, text, sents, spans, client))
    return out


def per_coder(study: Study, cfg: SuggestionSettings) -> list[tuple[int, str]] | None:
    """During the blind phase the classifiers are trained per coder (id, username), each from
    that coder's own codings whatever the source setting: a model learned from the other
    coders' codings, one coder's or the consensus would show each coder what others coded.
    None after it (one model for the study, from the chosen source)."""
    if not study.blind_coding:
        return None
    coded = Coding.objects.by_coders(study).values("coder_id")
    rated = SignificantMoment.objects.by_coders(study).values("rater_id")
    users = (
        study.memberships.filter(Q(user__in=coded) | Q(user__in=rated))
        .exclude(user_id=study.consensus_user_id)
        .order_by("user__username")
        .values_list("user_id", "user__username")
    )
    return list(users)


def source_codings(study: Study, cfg: SuggestionSettings, *, coder: int | None = None):
    """The codings the classifier and the evaluation learn from, and a description; `coder`
    narrows the all-coders source to one coder (blind-phase models)."""
    qs = Coding.objects.filter(transcript__study=study, transcript__deleted_at=None)
    if coder is not None:
        return qs.filter(coder_id=coder), "their own codings"
    if cfg.source == SuggestionSettings.Source.CONSENSUS:
        return Coding.objects.by_consensus(study), "consensus codings"
    if cfg.source == SuggestionSettings.Source.CODER:
        if cfg.source_coder_id is None:
            raise DomainError(
                "source_coder", "The training source is one coder, but no coder is chosen."
            )
        return qs.filter(coder_id=cfg.source_coder_id), f"codings by {cfg.source_coder.username}"
    # The consensus is made from the coders' codings: counting it too would count them twice.
    return Coding.objects.by_coders(study), "all coders' codings"


def source_moments(study: Study, cfg: SuggestionSettings, *, coder: int | None = None):
    qs = SignificantMoment.objects.filter(transcript__study=study, transcript__deleted_at=None)
    if coder is not None:
        return qs.filter(rater_id=coder)
    if cfg.source == SuggestionSettings.Source.CONSENSUS:
        return SignificantMoment.objects.by_consensus(study)
    if cfg.source == SuggestionSettings.Source.CODER:
        return qs.filter(rater_id=cfg.source_coder_id)
    return SignificantMoment.objects.by_coders(study)


@dataclass
class Gold:
    """Sentence labels per transcript: labels[doc] is (sentences x len(names)) booleans."""

    names: list[str]
    labels: dict[int, np.ndarray]
    rated: set[int]  # transcripts the source coded at all

    def stack(self, docs: Iterable[Text]) -> np.ndarray:
        parts = [self.labels[d.id] for d in docs]
        return np.concatenate(parts) if parts else np.zeros((0, len(self.names)), dtype=bool)


def _project(
    docs: list[Text], spans: list[tuple[int, int, int, int]], width: int
) -> dict[int, np.ndarray]:
    """spans: (doc, start, end, group); group = rater * width + label. One numpy pass over all
    transcripts laid end to end."""
    offsets, units, at = {}, [], 0
    for doc in docs:
        offsets[doc.id] = at
        units.append(doc.sentences + at)
        at += len(doc.text) + 1
    labels = {d.id: np.zeros((len(d.sentences), width), dtype=bool) for d in docs}
    kept = [s for s in spans if s[0] in offsets]
    if not kept or not width:
        return labels
    all_units = np.concatenate(units)
    arr = np.array([(offsets[d] + s, offsets[d] + e) for d, s, e, _ in kept], dtype=np.int64)
    groups, unit_ids = covered_units_grouped(all_units, arr, np.array([g for *_, g in kept]))
    first = np.cumsum([0] + [len(d.sentences) for d in docs])
    doc_of = np.searchsorted(first, unit_ids, side="right") - 1
    for g, u, d in zip(groups % width, unit_ids, doc_of, strict=True):
        labels[docs[d].id][u - first[d], g] = True
    return labels


def code_gold(
    study: Study,
    cfg: SuggestionSettings,
    docs: list[Text],
    codes: list[Code],
    *,
    coder: int | None = None,
) -> Gold:
    names = [code_label(c.pk) for c in codes]
    column = {c.pk: i for i, c in enumerate(codes)}
    qs, _ = source_codings(study, cfg, coder=coder)
    ids = [d.id for d in docs]
    rows = qs.filter(transcript_id__in=ids).values_list(
        "transcript_id", "coder_id", "code_id", "start", "end"
    )
    spans, rated = [], set()
    for doc, coder, code, start, end in rows:
        rated.add(doc)
        if code in column:
            spans.append((doc, start, end, coder * len(codes) + column[code]))
    return Gold(names, _project(docs, spans, len(codes)), rated)


def moment_gold(
    study: Study, cfg: SuggestionSettings, docs: list[Text], *, coder: int | None = None
) -> Gold:
    """Client sentences' valences; a mixed moment counts as helpful and as hindering."""
    rows = source_moments(study, cfg, coder=coder).filter(transcript_id__in=[d.id for d in docs])
    spans, rated = [], set()
    for doc, rater, valence, start, end in rows.values_list(
        "transcript_id", "rater_id", "valence", "start", "end"
    ):
        rated.add(doc)
        for i, label in enumerate(MOMENT_LABELS):
            if valence in (label, Valence.MIXED):
                spans.append((doc, start, end, rater * 2 + i))
    return Gold(list(MOMENT_LABELS), _project(docs, spans, 2), rated)


def exemplars(codes: list[Code]) -> list[tuple[str, set[str]]]:
    """The codebook as training text: each code's name with its definition, its inclusion
    notes, its example and its keywords, each an exemplar of that code and of its cluster."""
    out = []
    for code in codes:
        label = {code_label(code.pk)} | (
            {f"cluster:{code.cluster_id}"} if code.cluster_id else set()
        )
        parts = [
            f"{code.name}. {code.definition}".strip(),
            code.inclusion,
            code.example,
            " ".join(code.keywords or []),
        ]
        out += [(text, label) for text in parts if text and text.strip()]
    return out


def cluster_of(codes: list[Code]) -> dict[str, str]:
    """Code label -> cluster label ("cluster:<id>"); codes outside any cluster are left out."""
    return {code_label(c.pk): f"cluster:{c.cluster_id}" for c in codes if c.cluster_id}


def learned_clusters(codes: list[Code]) -> set[str]:
    """Cluster labels worth learning besides the codes: clusters of two or more (active) codes
    (a cluster of one code is that code)."""
    labels = list(cluster_of(codes).values())
    return {label for label in labels if labels.count(label) >= 2}


def cluster_gold(
    study: Study,
    cfg: SuggestionSettings,
    docs: list[Text],
    codes: list[Code],
    *,
    coder: int | None = None,
) -> Gold:
    """Sentences carrying a cluster: one coder's codings of any of its codes cover at least
    half of the sentence together (the same rule as for codes, with the cluster as the code)."""
    names = sorted(set(cluster_of(codes).values()), key=lambda n: int(n[8:]))
    column = {c.pk: names.index(f"cluster:{c.cluster_id}") for c in codes if c.cluster_id}
    qs, _ = source_codings(study, cfg, coder=coder)
    rows = qs.filter(transcript_id__in=[d.id for d in docs]).values_list(
        "transcript_id", "coder_id", "code_id", "start", "end"
    )
    spans, rated = [], set()
    for doc, who, code, start, end in rows:
        rated.add(doc)
        if code in column:
            spans.append((doc, start, end, who * max(len(names), 1) + column[code]))
    return Gold(names, _project(docs, spans, len(names)), rated)


def with_clusters(codes: Gold, clusters: Gold) -> Gold:
    """One Gold with the codes' columns and then the clusters' (what the codes classifier
    learns: codes, and clusters for cluster-level suggestions)."""
    labels = {
        doc: np.concatenate([codes.labels[doc], clusters.labels[doc]], axis=1)
        for doc in codes.labels
    }
    return Gold(codes.names + clusters.names, labels, codes.rated | clusters.rated)
