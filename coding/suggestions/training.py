"""Train the study's classifiers: codes (textcat_multilabel over all sentences of coded
transcripts) and significant moments (helpful / hindering over client sentences).

Why sentence-level textcat rather than spancat: a code here marks a meaning unit, and our own
disagreement finder shows that coders agree far more on which sentences carry a code than on
exact boundaries; spancat must learn those boundaries from a few dozen examples per code and
only proposes n-gram spans of a fixed maximum length, while codings often run over several
sentences. Sentences match the projection rule, the agreement unit and the evaluation unit, and
a coder adjusts the span on accepting.

Each model is trained with a fixed seed and stored with its version, training size, what was
skipped and a held-out evaluation (about a fifth of the coded transcripts, trained apart)."""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Max

from coding.models import Cluster, Code, SuggestionModel, SuggestionSettings
from coding.suggestions import codes_model, context, sample, vectors
from coding.suggestions.config import settings_for
from coding.suggestions.context import ContextClassifier
from coding.suggestions.data import (
    Gold,
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
    with_clusters,
)
from coding.suggestions.evidence import rule_evidence
from coding.suggestions.recommenders import Classifier, Text, code_label
from transcripts import nlp
from transcripts.models import Study

SEED = 0
Progress = Callable[[str, int, int], None]


@dataclass
class Outcome:
    models: list[SuggestionModel] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    # Whom each message is about: a coder's id for their own model (blind phase), else None.
    about: list[int | None] = field(default_factory=list)

    def say(self, text: str, about: int | None = None) -> None:
        self.messages.append(text)
        self.about.append(about)


@dataclass
class Dataset:
    """How much a source has coded, per label: what decides which labels a classifier
    learns, and what its model records. Counted with numpy (a 100-interview study has about
    100,000 sentences)."""

    positives_of: dict[str, int]
    sentences: int
    transcripts: int

    @classmethod
    def build(cls, docs: list[Text], gold: Gold, *, client_only: bool = False) -> "Dataset":
        """The rated transcripts' sentences (clients' only with `client_only`)."""
        total = np.zeros(len(gold.names), dtype=np.int64)
        sentences = transcripts = 0
        for doc in docs:
            if doc.id not in gold.rated:
                continue
            labels = gold.labels[doc.id]
            if client_only:
                labels = labels[np.asarray(doc.client_sentences(), dtype=np.int64)]
            total += labels.sum(axis=0)
            sentences += len(labels)
            transcripts += 1 if len(labels) else 0
        return cls(dict(zip(gold.names, total.tolist(), strict=True)), sentences, transcripts)

    def positives(self, labels: list[str]) -> dict[str, int]:
        return {label: self.positives_of.get(label, 0) for label in labels}


def _enough_examples(candidates, positives, names, least: int) -> tuple[list[str], list[dict]]:
    """Labels with at least `least` example sentences, and the skipped ones with their counts."""
    labels = [lab for lab in candidates if positives[lab] >= least]
    skipped = [
        {"label": lab, "name": names[lab], "examples": positives[lab]}
        for lab in candidates
        if positives[lab] < least
    ]
    return labels, skipped


def _skipped_message(what: str, skipped: list[dict], least: int) -> str:
    listed = "; ".join(f"{s['name']} ({s['examples']})" for s in skipped)
    return (
        f"Skipped for the {what} classifier, fewer than {least} example "
        f"sentences each (rules and memory still suggest them): {listed}."
    )


def _train_one(
    study: Study,
    cfg: SuggestionSettings,
    kind: str,
    data: Dataset,
    candidates: list[str],
    names: dict[str, str],
    *,
    source: str,
    user,
    lang: str,
    on_progress: Progress | None,
    for_user: int | None = None,
    gold: tuple,
) -> tuple[SuggestionModel | None, list[str]]:
    """One classifier, the context model (context.py) either way: for codes and clusters
    (`gold` = (docs, gold, exemplars, parents)), and for moments on clients' sentences."""
    started = time.perf_counter()
    positives = data.positives(candidates)
    labels, skipped = _enough_examples(candidates, positives, names, cfg.min_examples)
    is_codes = kind == SuggestionModel.Kind.CODES
    what = "codes" if is_codes else "significant moments"
    messages = [_skipped_message(what, skipped, cfg.min_examples)] if skipped else []
    if not labels or not data.sentences:
        messages.append(f"No {what} classifier trained: nothing has enough examples yet.")
        return None, messages
    if on_progress:
        on_progress(f"Training the {what} classifier", 0, 1)
    docs, truth, examples, parents = gold
    spec = vectors.spec_for(study.spacy_pipeline, lang) if is_codes else {}
    trained = codes_model.fit(
        docs, truth, labels, examples, parents, spec, cfg.threshold, client_only=not is_codes
    )
    evaluation = codes_model.checked(trained)
    config, weights = trained.to_bytes()
    evidence: dict = {}
    if is_codes:
        # Imported here: services builds on this module (recommenders from stored models).
        from coding.suggestions.services import rules_for

        evidence = rule_evidence(rules_for(study, cfg, lang), docs, truth)
    if on_progress:
        on_progress(f"Training the {what} classifier", 1, 1)
    last = SuggestionModel.objects.filter(study=study, kind=kind).aggregate(v=Max("version"))["v"]
    model = SuggestionModel.objects.create(
        study=study,
        kind=kind,
        version=(last or 0) + 1,
        created_by=user if getattr(user, "pk", None) else None,
        source=source,
        for_user_id=for_user,
        seed=SEED,
        labels=labels,
        label_names={lab: names[lab] for lab in labels},
        sentences=data.sentences,
        transcripts=data.transcripts,
        positives={lab: positives[lab] for lab in labels},
        skipped=skipped,
        evaluation=evaluation,
        rule_evidence=evidence,
        seconds=round(time.perf_counter() - started, 2),
        config=config,
        weights=weights,
    )
    messages.append(
        f"Trained the {what} classifier v{model.version} on {model.sentences} sentences of "
        f"{model.transcripts} transcripts ({len(labels)} labels) in {model.seconds:.1f} s."
    )
    if model.sentences > sample.MAX_SENTENCES:
        messages[-1] = messages[-1].replace(
            f"on {model.sentences} sentences",
            f"on a weighted sample of about {sample.MAX_SENTENCES:,} of {model.sentences:,} "
            "sentences",
        )
    return model, messages


def train(study: Study, *, user=None, on_progress: Progress | None = None) -> Outcome:
    """Train both classifiers from the study's chosen source (per coder during the blind phase
    with the all-coders source); any of them may be skipped, with a message saying why. The
    codes classifier learns the clusters too (cluster-level suggestions, clusters.py)."""
    cfg = settings_for(study)
    docs = load_texts(study)
    codes = list(Code.objects.filter(study=study, active=True).order_by("order", "name"))
    names = {code_label(c.pk): c.name for c in codes}
    parents = cluster_of(codes)
    used = learned_clusters(codes)
    for pk, name in Cluster.objects.filter(study=study).values_list("id", "name"):
        if f"cluster:{pk}" in used:
            names[f"cluster:{pk}"] = f"{name} (cluster)"
    examples = exemplars(codes)
    valences = {"helpful": "helpful moments", "hindering": "hindering moments"}
    lang = study_language(study)
    outcome = Outcome()
    coders = per_coder(study, cfg)
    if coders == []:
        outcome.say("No classifier trained: nobody has coded anything yet.")
    for coder, username in coders if coders is not None else [(None, "")]:
        _, source = source_codings(study, cfg, coder=coder)
        if coder is not None:
            source = f"{username}'s own codings (blind phase)"
        common = {"user": user, "lang": lang, "on_progress": on_progress, "for_user": coder}
        gold = with_clusters(
            code_gold(study, cfg, docs, codes, coder=coder),
            cluster_gold(study, cfg, docs, codes, coder=coder),
        )
        moments = moment_gold(study, cfg, docs, coder=coder)
        for kind, truth, labels, source_name in (
            (SuggestionModel.Kind.CODES, (docs, gold, examples, parents), names, source),
            (
                SuggestionModel.Kind.MOMENTS,
                (docs, moments, [], {}),
                valences,
                source.replace("codings", "moments"),
            ),
        ):
            client_only = kind == SuggestionModel.Kind.MOMENTS
            model, messages = _train_one(
                study,
                cfg,
                kind,
                Dataset.build(docs, truth[1], client_only=client_only),
                list(labels),
                labels,
                source=source_name,
                gold=truth,
                **common,
            )
            for message in messages:
                outcome.say(f"{username}: {message}" if username else message, coder)
            if model:
                outcome.models.append(model)
    return outcome


def current(study: Study, kind: str) -> list[SuggestionModel]:
    """The models suggesting now: the latest per coder in per-coder mode, else the latest
    study-wide one."""
    cfg = settings_for(study)
    coders = per_coder(study, cfg)
    qs = SuggestionModel.objects.filter(study=study, kind=kind)
    if coders is None:
        found = qs.filter(for_user__isnull=True).order_by("-version").first()
        return [found] if found else []
    ids = [coder for coder, _ in coders]
    latest_ids = {}
    for pk, owner in qs.filter(for_user__in=ids).order_by("-version").values_list("pk", "for_user"):
        latest_ids.setdefault(owner, pk)
    return list(SuggestionModel.objects.filter(pk__in=latest_ids.values()).order_by("for_user"))


_LOADED: dict[tuple[int, str], ContextClassifier] = {}


def as_recommender(model: SuggestionModel, **options):
    """A stored model (codes or moments) as the recommender that suggests with it: the
    context model (deserialised once per process and model) or, for models trained before
    it, spaCy's bag of words."""
    if not context.is_context(model.config):
        return Classifier(as_classifier(model), **options)
    weights = bytes(model.weights)
    # Ids come back after a rollback (and in tests): the weights' digest names the model.
    key = (model.pk, hashlib.sha1(weights).hexdigest())
    if key not in _LOADED:
        if len(_LOADED) >= 8:
            _LOADED.pop(next(iter(_LOADED)))
        loaded = context.ContextModel.from_bytes(model.config, weights)
        loaded.embed = vectors.embedder(loaded.embedding)
        _LOADED[key] = ContextClassifier(loaded, version="")
    found = _LOADED[key]
    return ContextClassifier(
        found.model,
        version=options["version"],
        recommender=options.get("recommender", "model"),
        for_user=options.get("for_user"),
        client_only=options.get("client_only", False),
    )


def as_classifier(model: SuggestionModel) -> nlp.TrainedClassifier:
    return nlp.TrainedClassifier(tuple(model.labels), model.config, bytes(model.weights))
