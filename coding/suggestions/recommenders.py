"""The four recommenders, free of Django: plain transcript data in, proposals out.

Each proposal is (transcript, span, label, score, recommender, version); a label is
"code:<id>" for a code, "cluster:<id>" for a cluster (the classifier's suggestion when it is
sure of a cluster but of none of its codes) or a valence ("helpful", "hindering") for a significant moment.
coding/suggest.py feeds them from the database and stores what they propose;
coding/suggest_evaluation.py feeds them held-out transcripts."""

import hashlib
import json
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from transcripts import nlp


def code_label(code_id: int) -> str:
    """The label of a code in proposals and classifiers."""
    return f"code:{code_id}"


def code_of(label: str) -> int | None:
    """The code id of a label, or None for a cluster or a moment valence."""
    return int(label[5:]) if label.startswith("code:") else None


def cluster_label(cluster_id: int) -> str:
    """The label of a cluster in proposals and classifiers (a cluster-level suggestion)."""
    return f"cluster:{cluster_id}"


def cluster_id_of(label: str) -> int | None:
    """The cluster id of a cluster label, else None."""
    return int(label[8:]) if label.startswith("cluster:") else None


# Scores of the fixed recommenders. A rule hit is weak evidence on its own, more so when
# several keywords of a code meet in one unit; a phrase already coded elsewhere is strong.
RULE_SCORE = 0.5
MEMORY_EXACT = 0.9
MEMORY_NORMALISED = 0.8
CUE_SCORE = 0.6
# Classifier scores below this are not stored: no threshold a team would choose reaches them.
MODEL_FLOOR = 0.2
# Coded text worth remembering: at least two words, at most a long sentence or two.
MEMORY_MIN_CHARS = 8
MEMORY_MAX_WORDS = 60
_TRIM = " \t\r\n.,;:!?\"'“”‘’()[]-–—…"

# Client talk that evaluates therapy: fixtures/moment_cues.json, editable without code.
_CUES_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "moment_cues.json"
MOMENT_CUES = {
    valence: phrases
    for valence, phrases in json.loads(_CUES_FILE.read_text(encoding="utf-8")).items()
    if not valence.startswith("_")
}


# How many decisions a fixed score counts as when members' accepts and rejects re-weigh it.
PRIOR_WEIGHT = 4


def reweighed(score: float, accepted: int, decided: int) -> float:
    """A fixed-score recommender's score for one code after members decided `decided` of its
    suggestions and accepted `accepted`: the score is a prior worth PRIOR_WEIGHT decisions,
    so a keyword that coders keep rejecting sinks below the threshold and one they keep
    accepting rises. No decisions: the score unchanged."""
    return round((score * PRIOR_WEIGHT + accepted) / (PRIOR_WEIGHT + decided), 4)


@dataclass(frozen=True, slots=True)
class Text:
    """A transcript as the recommenders see it."""

    id: int
    text: str
    sentences: np.ndarray  # (n, 2) sorted [start, end)
    turns: np.ndarray  # (m, 2) sorted [start, end)
    client_turns: np.ndarray  # (k, 2) the turns spoken by the client

    def sentence_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.sentences]

    def client_sentences(self) -> np.ndarray:
        """Indexes of sentences inside a client turn."""
        if not len(self.client_turns) or not len(self.sentences):
            return np.zeros(0, dtype=np.int64)
        at = np.searchsorted(self.client_turns[:, 1], self.sentences[:, 0], side="right")
        inside = at < len(self.client_turns)
        ok = np.zeros(len(self.sentences), dtype=bool)
        ok[inside] = self.client_turns[at[inside], 0] <= self.sentences[inside, 0]
        return np.flatnonzero(ok)


@dataclass(frozen=True, slots=True)
class Proposal:
    transcript: int
    start: int
    end: int
    label: str
    score: float
    recommender: str
    version: str
    evidence: str = ""
    for_user: int | None = None


def _unit_of(units: np.ndarray, offsets: Sequence[int]) -> np.ndarray:
    """Index of the unit containing each offset, or -1 (between units)."""
    if not len(units):
        return np.full(len(offsets), -1)
    at = np.searchsorted(units[:, 1], np.asarray(offsets), side="right")
    at = np.minimum(at, len(units) - 1)
    inside = (units[at, 0] <= np.asarray(offsets)) & (np.asarray(offsets) < units[at, 1])
    return np.where(inside, at, -1)


def fingerprint(data: object) -> str:
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha1(raw).hexdigest()[:8]


# ---------------------------------------------------------------- codebook rules


@dataclass
class Rules:
    """Every code's keywords and token patterns, compiled into one spaCy matcher."""

    keywords: Mapping[str, Sequence[str]]
    patterns: Mapping[str, Sequence[list[dict]]]
    unit: str = "sentence"
    pipeline: str = ""
    lang: str = "en"
    version: str = field(init=False)

    def __post_init__(self) -> None:
        self.finder = nlp.SpanFinder(
            phrases=self.keywords, patterns=self.patterns, pipeline=self.pipeline, lang=self.lang
        )
        self.version = "rules-" + fingerprint([self.keywords, self.patterns, self.unit])

    def propose(self, doc: Text) -> list[Proposal]:
        hits = self.finder.find(doc.text)
        if not hits:
            return []
        units = doc.sentences if self.unit == "sentence" else doc.turns
        at = _unit_of(units, [h.start for h in hits])
        found: dict[tuple[int, str], set[str]] = defaultdict(set)
        for hit, unit in zip(hits, at, strict=True):
            if unit >= 0:
                # One keyword seen with other spacing or line breaks still counts once.
                keyword = " ".join(doc.text[hit.start : hit.end].split()).lower()
                found[(int(unit), hit.label)].add(keyword)
        return [
            Proposal(
                doc.id,
                int(units[unit, 0]),
                int(units[unit, 1]),
                label,
                # One keyword: 0.5; two different ones: 0.75; three: 0.875 ...
                round(1 - (1 - RULE_SCORE) ** len(words), 4),
                "rules",
                self.version,
                ", ".join(sorted(words))[:200],
            )
            for (unit, label), words in sorted(found.items())
        ]


# ---------------------------------------------------------------- coded-phrase memory


def memory_phrase(quote: str) -> str:
    """A coded quote as remembered: surrounding punctuation and space trimmed; "" if it is too
    short or too long to recur."""
    phrase = quote.strip(_TRIM)
    if len(phrase) < MEMORY_MIN_CHARS or len(phrase.split()) > MEMORY_MAX_WORDS:
        return ""
    return phrase


def _outermost(hits: list[nlp.Hit]) -> list[nlp.Hit]:
    """Hits not inside a longer hit of the same label: a remembered sentence found again
    need not also be suggested piece by piece. Hits come sorted by start."""
    kept: list[nlp.Hit] = []
    reach: dict[str, int] = {}
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.end <= reach.get(hit.label, -1):
            continue
        reach[hit.label] = hit.end
        kept.append(hit)
    return kept


class Memory:
    """Text already coded with a code, found again: exact (same characters) scores higher than
    normalised (case, spacing and line breaks ignored). As INCEpTION's string matcher."""

    def __init__(
        self,
        phrases: Mapping[str, Iterable[str]],
        *,
        pipeline: str = "",
        lang: str = "en",
        for_user: int | None = None,
    ) -> None:
        self.exact: dict[str, set[str]] = {}
        self._prints: dict[str, str] = {}  # label -> fingerprint of its phrases
        self.finder = nlp.SpanFinder(pipeline=pipeline, lang=lang)
        self.for_user = for_user
        # A process keeps one memory per study and coder and updates it in place (services.
        # _memory): finding and updating take turns.
        self.lock = threading.Lock()
        self.version = ""
        self.update(phrases)

    def update(self, phrases: Mapping[str, Iterable[str]]) -> bool:
        """Remember `phrases` (label -> coded quotes) instead of what was remembered; only
        the labels whose phrases changed are compiled again. True when anything changed."""
        remembered = {
            label: {p for p in map(memory_phrase, quotes) if p} for label, quotes in phrases.items()
        }
        remembered = {label: items for label, items in remembered.items() if items}
        changed = {
            label: items for label, items in remembered.items() if self.exact.get(label) != items
        }
        gone = {label: () for label in self.exact.keys() - remembered.keys()}
        if not changed and not gone:
            return False
        with self.lock:
            self.finder.set_phrases({**changed, **gone})
            self.exact = remembered
            for label in gone:
                del self._prints[label]
            for label, items in changed.items():
                self._prints[label] = fingerprint(sorted(items))
            count = sum(map(len, self.exact.values()))
            self.version = f"memory-{count}-" + fingerprint(sorted(self._prints.items()))
        return True

    def propose(self, doc: Text) -> list[Proposal]:
        with self.lock:
            hits, exact_texts, version = self.finder.find(doc.text), self.exact, self.version
        out = []
        for hit in _outermost(hits):
            seen = doc.text[hit.start : hit.end]
            exact = seen in exact_texts[hit.label]
            out.append(
                Proposal(
                    doc.id,
                    hit.start,
                    hit.end,
                    hit.label,
                    MEMORY_EXACT if exact else MEMORY_NORMALISED,
                    "memory",
                    version,
                    ("exact: " if exact else "normalised: ") + seen[:180],
                    self.for_user,
                )
            )
        return out


# ---------------------------------------------------------------- learned classifier


class Classifier:
    """A trained textcat_multilabel scoring each sentence (of client turns only, for moments)."""

    def __init__(
        self,
        model: nlp.TrainedClassifier,
        *,
        version: str,
        recommender: str = "model",
        client_only: bool = False,
        for_user: int | None = None,
        cache: bool = True,
    ) -> None:
        self.cache = cache  # off for throwaway models (cross-validation folds)
        self.for_user = for_user
        self.model = model
        self.version = version
        self.recommender = recommender
        self.client_only = client_only

    def scores(self, doc: Text) -> tuple[np.ndarray, np.ndarray]:
        """(sentence indexes, scores matrix) for the sentences this classifier reads."""
        rows = doc.client_sentences() if self.client_only else np.arange(len(doc.sentences))
        texts = [doc.text[s:e] for s, e in doc.sentences[rows]]
        return rows, nlp.classify(self.model, texts, key=self.version if self.cache else "")

    def propose(self, doc: Text) -> list[Proposal]:
        rows, scores = self.scores(doc)
        out = []
        for i, j in zip(*np.nonzero(scores >= MODEL_FLOOR), strict=True):
            start, end = doc.sentences[rows[i]]
            label = self.model.labels[j]
            out.append(
                Proposal(
                    doc.id,
                    int(start),
                    int(end),
                    label,
                    round(float(scores[i, j]), 4),
                    self.recommender,
                    self.version,
                    for_user=self.for_user,
                )
            )
        return out


# ---------------------------------------------------------------- significant moments


class MomentCandidates:
    """Client sentences that evaluate therapy: a cue lexicon, and a classifier trained on the
    moments already marked when there is one; a sentence keeps the higher of the two scores."""

    def __init__(
        self,
        classifier: Classifier | None = None,
        *,
        cues: Mapping[str, Sequence[str]] = MOMENT_CUES,
        pipeline: str = "",
        lang: str = "en",
    ) -> None:
        self.finder = nlp.SpanFinder(phrases=cues, pipeline=pipeline, lang=lang)
        self.classifier = classifier
        self.version = (
            "cues-" + fingerprint(cues) + (f"+{classifier.version}" if classifier else "")
        )

    def propose(self, doc: Text) -> list[Proposal]:
        client = doc.client_sentences()
        if not len(client):
            return []
        best: dict[tuple[int, str], tuple[float, str]] = {}
        hits = self.finder.find(doc.text)
        at = _unit_of(doc.sentences, [h.start for h in hits])
        allowed = set(client.tolist())
        for hit, sentence in zip(hits, at, strict=True):
            if sentence in allowed:
                cue = doc.text[hit.start : hit.end].lower()
                key = (int(sentence), hit.label)
                old = best.get(key, (0.0, ""))
                best[key] = (CUE_SCORE, ", ".join(filter(None, [old[1], cue]))[:200])
        if self.classifier is not None:
            rows, scores = self.classifier.scores(doc)
            for i, j in zip(*np.nonzero(scores >= MODEL_FLOOR), strict=True):
                key = (int(rows[i]), self.classifier.model.labels[j])
                old = best.get(key, (0.0, ""))
                if scores[i, j] > old[0]:
                    best[key] = (round(float(scores[i, j]), 4), old[1])
        return [
            Proposal(
                doc.id,
                int(doc.sentences[s, 0]),
                int(doc.sentences[s, 1]),
                label,
                score,
                "moments",
                self.version,
                evidence,
            )
            for (s, label), (score, evidence) in sorted(best.items())
        ]
