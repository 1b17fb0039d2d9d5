"""Suggestions: run the enabled recommenders over transcripts and store what they propose;
show a member what is still open for them; accept (it becomes their coding or moment) and
reject (remembered, so the same span and code never return for them).

Blind phase: coded-phrase memory is built per coder from that coder's own codings and shown to
that coder only; otherwise it would reveal the other coders' codings. The classifier learns
from the source the owner chose (DESIGN.md: consensus, one coder or all coders)."""

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from coding.codings.retrieval import texts_for
from coding.models import (
    Code,
    Coding,
    SignificantMoment,
    Suggestion,
    SuggestionDecision,
    SuggestionModel,
)
from coding.suggestions.config import settings_for
from coding.suggestions.data import load_texts, study_language
from coding.suggestions.evidence import rescored
from coding.suggestions.recommenders import (
    Memory,
    MomentCandidates,
    Proposal,
    Rules,
    Text,
    cluster_id_of,
    code_label,
    code_of,
)
from transcripts.errors import DomainError
from transcripts.models import Membership, Role, Study

Progress = Callable[[str, int, int], None]


def rules_for(study: Study, cfg, lang: str) -> Rules:
    keywords, patterns = {}, {}
    for pk, words, pats in Code.objects.filter(study=study, active=True).values_list(
        "id", "keywords", "patterns"
    ):
        keywords[code_label(pk)] = words or []
        patterns[code_label(pk)] = pats or []
    return Rules(keywords, patterns, unit=cfg.rule_unit, pipeline=study.spacy_pipeline, lang=lang)


def memories_for(study: Study, lang: str):
    """One Memory for the study, or one per coder during the blind phase."""
    qs = Coding.objects.filter(
        transcript__study=study, transcript__deleted_at=None, code__active=True
    )
    by_coder: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows = qs.values_list("transcript_id", "coder_id", "code_id", "start", "end")
    texts = texts_for({r[0] for r in rows})
    for doc, coder, code, start, end in rows:
        # Blind: the consensus (if any) is nobody's own, so it feeds nobody's memory.
        key = coder if study.blind_coding else 0
        if study.blind_coding and coder == study.consensus_user_id:
            continue
        by_coder[key][code_label(code)].append(texts[doc][start:end])
    pipeline = study.spacy_pipeline
    if not study.blind_coding:
        return [_memory(study.pk, by_coder[0], pipeline, lang, None)] if by_coder else []
    return [
        _memory(study.pk, phrases, pipeline, lang, coder)
        for coder, phrases in sorted(by_coder.items())
    ]


_MEMORIES: dict[tuple, Memory] = {}


def _memory(
    study: int, phrases: dict[str, list[str]], pipeline: str, lang: str, user: int | None
) -> Memory:
    """Compiling thousands of phrases costs more than matching them: keep the last few
    memories per process, one per study and coder, and compile again only the codes whose
    coded text changed since (on the 100-interview bench study, 64,000 distinct phrases took
    15 s to compile, and every new coding compiled them all again)."""
    key = (study, pipeline, lang, user)
    found = _MEMORIES.pop(key, None)
    if found is None:
        if len(_MEMORIES) >= 8:
            _MEMORIES.pop(next(iter(_MEMORIES)))
        found = Memory(phrases, pipeline=pipeline, lang=lang, for_user=user)
    else:
        found.update(phrases)
    _MEMORIES[key] = found  # the most recently used last
    return found


def recommenders(study: Study, cfg=None, lang: str | None = None) -> list:
    """The enabled recommenders, built from the current codebook, codings and models."""
    # Training pulls in scikit-learn and SciPy (about 90 MiB and 2 s per process): imported
    # here, in the jobs that compute suggestions, not by every web worker that lists them.
    from coding.suggestions.training import as_recommender, current

    cfg = cfg or settings_for(study)
    lang = lang or study_language(study)
    out: list = []
    if cfg.use_rules:
        out.append(rules_for(study, cfg, lang))
    if cfg.use_memory:
        out += memories_for(study, lang)
    if cfg.use_model:
        out += [
            as_recommender(m, version=f"model-v{m.version}", for_user=m.for_user_id)
            for m in current(study, SuggestionModel.Kind.CODES)
        ]
    if cfg.use_moments:
        # The cues are shared; a moment classifier (per coder in the blind phase) adds its own
        # proposals, merged with the cues' per sentence when shown.
        out.append(MomentCandidates(pipeline=study.spacy_pipeline, lang=lang))
        out += [
            as_recommender(
                m,
                version=f"moments-v{m.version}",
                recommender="moments",
                client_only=True,
                for_user=m.for_user_id,
            )
            for m in current(study, SuggestionModel.Kind.MOMENTS)
        ]
    return out


def propose(docs: list[Text], active: list) -> list[Proposal]:
    return [p for doc in docs for recommender in active for p in recommender.propose(doc)]


def decision_counts(
    study: Study, *, transcript_ids: Iterable[int] | None = None, pooled: bool = False
) -> dict[tuple[str, str, int | None], tuple[int, int]]:
    """(label, recommender, user) -> (accepted, decided): one query. After the blind phase
    (or `pooled`) every member's decisions are pooled (user None); during it each coder's
    decisions weigh only the suggestions made for that coder, so one coder's rejects never
    reach another. `transcript_ids`: decisions in those transcripts only (an evaluation fold)."""
    per_user = study.blind_coding and not pooled
    fields = ["code_id", "cluster_id", "valence", "recommender"]
    fields += ["user_id"] if per_user else []
    rows = SuggestionDecision.objects.filter(study=study, transcript__deleted_at=None)
    if transcript_ids is not None:
        rows = rows.filter(transcript_id__in=list(transcript_ids))
    rows = rows.values(*fields).annotate(
        accepted=Count("id", filter=Q(accepted=True)), decided=Count("id")
    )
    return {
        (
            _label_of(r["code_id"], r["cluster_id"], r["valence"]),
            r["recommender"],
            r["user_id"] if per_user else None,
        ): (r["accepted"], r["decided"])
        for r in rows
    }


def _label_of(code: int | None, cluster: int | None, valence: str) -> str:
    if code:
        return code_label(code)
    return f"cluster:{cluster}" if cluster else valence


def rule_evidence_for(study: Study) -> dict[int | None, dict[str, list[int]]]:
    """The rules' hits judged by the codings, as counted when the codes models were trained:
    {None: the study-wide model's}, or in the blind phase each coder's own ({coder id: ...},
    from their own codings: one coder's codings never weigh the rules another sees)."""
    from coding.suggestions.training import current  # with scikit-learn: see recommenders()

    return {m.for_user_id: m.rule_evidence for m in current(study, SuggestionModel.Kind.CODES)}


def rule_audience(study: Study) -> list[int] | None:
    """Blind phase: the members who code (owners and coders, not the consensus), each of whom
    gets the rule hits as their own suggestions, weighed by their own record; None after it
    (one shared row per hit)."""
    if not study.blind_coding:
        return None
    writers = study.memberships.filter(role__in=[Role.OWNER, Role.CODER]).exclude(
        user_id=study.consensus_user_id
    )
    return sorted(writers.values_list("user_id", flat=True))


def _addressed(p: Proposal, audience: list[int] | None) -> list[Proposal]:
    """A rule hit once per member of the audience (blind phase); anything else as it is."""
    if audience is None or p.recommender != "rules":
        return [p]
    return [replace(p, for_user=user) for user in audience]


def refresh(
    study: Study,
    *,
    transcript_ids: Iterable[int] | None = None,
    on_progress: Progress | None = None,
) -> dict:
    """Recompute the suggestions of the given transcripts (default: all), replacing the old
    ones in one transaction per transcript; rule, memory and moment-cue scores re-weighed by
    the members' accepts and rejects so far (during the blind phase only a coder's own
    suggestions, by their own decisions). Returns counts per recommender."""
    cfg = settings_for(study)
    active = recommenders(study, cfg)
    # A deactivated code is not offered when coding, so it is not suggested either; nor is a
    # cluster none of whose codes is active (there would be no code to pick).
    active_codes = list(
        Code.objects.filter(study=study, active=True).values_list("id", "cluster_id")
    )
    valid_codes = {pk for pk, _ in active_codes}
    valid_clusters = {cluster for _, cluster in active_codes if cluster is not None}
    ids = list(transcript_ids) if transcript_ids is not None else None
    docs = load_texts(study, ids)
    feedback = decision_counts(study)
    evidence = rule_evidence_for(study) if cfg.use_rules else {}
    audience = rule_audience(study) if cfg.use_rules else None
    totals: dict[str, int] = defaultdict(int)
    for number, doc in enumerate(docs, start=1):
        rows = []
        for p in (q for found in propose([doc], active) for q in _addressed(found, audience)):
            code, cluster = code_of(p.label), cluster_id_of(p.label)
            if (code is not None and code not in valid_codes) or (
                cluster is not None and cluster not in valid_clusters
            ):
                continue
            valence = "" if code is not None or cluster is not None else p.label
            # Blind phase: shared suggestions (for_user None) find no pooled feedback.
            own = evidence.get(p.for_user if study.blind_coding else None, {})
            score = rescored(p, feedback, own, per_user=study.blind_coding)
            rows.append(
                (study.pk, doc.id, code, cluster, valence, p.start, p.end, score, p.recommender)
                + (p.version[:40], p.evidence[:200], p.for_user)
            )
            totals[p.recommender] += 1
        with transaction.atomic():
            Suggestion.objects.filter(transcript_id=doc.id).delete()
            _insert(rows)
        if on_progress:
            on_progress("Suggesting", number, len(docs))
    return {"transcripts": len(docs), "suggestions": dict(totals)}


_COLUMNS = (
    "study_id",
    "transcript_id",
    "code_id",
    "cluster_id",
    "valence",
    "start",
    "end",
    "score",
    "recommender",
    "version",
    "evidence",
    "for_user_id",
)


def _insert(rows: list[tuple]) -> None:
    """Store suggestion rows: PostgreSQL's COPY where we have it (a 15,000-word transcript can
    have thousands, and building model instances for them cost more than finding them)."""
    if not rows:
        return
    now = timezone.now()
    if connection.vendor == "postgresql":
        columns = ", ".join(f'"{c}"' for c in (*_COLUMNS, "created_at"))
        table = Suggestion._meta.db_table
        sql = f"COPY {table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row((*row, now))
        return
    Suggestion.objects.bulk_create(
        (Suggestion(created_at=now, **dict(zip(_COLUMNS, row, strict=True))) for row in rows),
        batch_size=1000,
    )


def counts(member: Membership) -> dict[str, int]:
    """Stored suggestions per recommender the member may see, for the suggestions page (in
    the blind phase a coder counts the shared ones and those made for them only)."""
    rows = Suggestion.objects.visible_to(member).values("recommender").annotate(n=Count("id"))
    return {row["recommender"]: row["n"] for row in rows.order_by("recommender")}


# ---------------------------------------------------------------- what a member sees


def _coverage(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """Characters of [start, end) covered by sorted, non-overlapping spans."""
    at = bisect.bisect_right(spans, (start, 1 << 62)) - 1
    covered = 0
    for s, e in spans[max(at, 0) :]:
        if s >= end:
            break
        covered += max(0, min(e, end) - max(s, start))
    return covered


def _threshold(value: object) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if not 0 <= number <= 1:
        raise DomainError("threshold", "must be a number from 0 to 1.")
    return number


def open_for(member: Membership, transcript_id: int, *, threshold: object = None, cfg=None) -> list:
    """Suggestions of a transcript still open for `user`, above the threshold from enabled
    recommenders, one per (span, code or valence) with the best score and every recommender
    that proposed it. Hidden: what the user decided before, and what their own codings (or
    moments) already cover at least half of. Four queries (five without `cfg`)."""
    study, user = member.study, member.user
    cfg = cfg or settings_for(study)
    threshold = cfg.threshold if threshold in (None, "") else _threshold(threshold)
    rows = (
        Suggestion.objects.visible_to(member)
        .filter(
            transcript_id=transcript_id,
            score__gte=threshold,
            recommender__in=cfg.enabled(),
        )
        .filter(Q(code__isnull=True) | Q(code__active=True))
        .values_list(*OPEN_FIELDS)
    )
    decided = set(
        SuggestionDecision.objects.filter(transcript_id=transcript_id, user=user).values_list(
            *DECISION_KEY
        )
    )
    mine = _own_spans(transcript_id, user)
    return merge_open(rows, decided, mine)


def own_key(code: int | None, cluster: int | None, valence: str) -> object:
    """Under what a suggestion's own-coverage is looked up in the member's spans."""
    if code is not None:
        return code
    return ("cluster", cluster) if cluster is not None else valence


def _own_spans(transcript_id: int, user) -> dict[object, list[tuple[int, int]]]:
    """The user's spans per code id and per ("cluster", id) (codings) and per valence
    (moments; mixed counts as both), sorted, to hide suggestions they already cover."""
    mine: dict[object, list[tuple[int, int]]] = defaultdict(list)
    for code, cluster, start, end in Coding.objects.filter(
        transcript_id=transcript_id, coder=user
    ).values_list("code_id", "code__cluster_id", "start", "end"):
        mine[code].append((start, end))
        if cluster is not None:
            mine[("cluster", cluster)].append((start, end))
    for valence, start, end in SignificantMoment.objects.filter(
        transcript_id=transcript_id, rater=user
    ).values_list("valence", "start", "end"):
        for v in ("helpful", "hindering") if valence == "mixed" else (valence,):
            mine[v].append((start, end))
    for spans in mine.values():
        spans.sort()
    return mine


OPEN_FIELDS = (
    "id",
    "code_id",
    "cluster_id",
    "valence",
    "start",
    "end",
    "score",
    "recommender",
    "version",
    "evidence",
)
DECISION_KEY = ("code_id", "cluster_id", "valence", "start", "end")


def merge_open(rows, decided: set, mine: dict) -> list[dict]:
    """One item per (code, cluster or valence, span): the best score and every recommender.
    A cluster suggestion is hidden where the member's codings of that cluster's codes cover
    at least half of it."""
    merged: dict[tuple, dict] = {}
    for pk, code, cluster, valence, start, end, score, recommender, version, evidence in rows:
        key = (code, cluster, valence, start, end)
        if key in decided:
            continue
        target = own_key(code, cluster, valence)
        if 2 * _coverage(mine.get(target, []), start, end) >= end - start:
            continue
        item = merged.get(key)
        if item is None:
            merged[key] = {
                "id": pk,
                "code": code,
                "cluster": cluster,
                "valence": valence,
                "start": start,
                "end": end,
                "score": score,
                "recommenders": [recommender],
                "versions": [version],
                "evidence": [evidence] if evidence else [],
            }
            continue
        if score > item["score"]:
            item["id"], item["score"] = pk, score
        item["recommenders"].append(recommender)
        item["versions"].append(version)
        if evidence:
            item["evidence"].append(evidence)
    return sorted(merged.values(), key=lambda s: (s["start"], s["end"], -s["score"]))
