"""The review queue: a member's open suggestions across the study's transcripts, best first,
each leading to its place in the workbench. The same rules as in the workbench (services.
open_for: above the threshold, enabled recommenders, not decided by the member, not covered
by their own codings, the study's cap of the best N per transcript), in four queries for the
whole study rather than four per transcript."""

from collections import defaultdict

from django.db.models import Q

from coding.codings.retrieval import texts_for
from coding.models import (
    Cluster,
    Code,
    Coding,
    SignificantMoment,
    Suggestion,
    SuggestionDecision,
)
from coding.suggestions.config import settings_for
from coding.suggestions.services import DECISION_KEY, OPEN_FIELDS, merge_open
from transcripts.models import Membership, Transcript

QUEUE_LENGTH = 50


def rank(item: dict) -> tuple:
    """Best first: score, then place in the text, then id (workbench/filters.js ranks alike)."""
    return (-item["score"], item["start"], item["id"])


def best_per_transcript(items: list[dict], best: int) -> list[dict]:
    """The `best` items of one transcript by rank (0: all), in their given order."""
    if not best or len(items) <= best:
        return items
    kept = {item["id"] for item in sorted(items, key=rank)[:best]}
    return [item for item in items if item["id"] in kept]


def review_queue(member: Membership, *, limit: int = QUEUE_LENGTH) -> list[dict]:
    """The best `limit` open suggestions for the member, with transcript title and quote."""
    study, user = member.study, member.user
    cfg = settings_for(study)
    rows = (
        Suggestion.objects.visible_to(member)
        .filter(score__gte=cfg.threshold, recommender__in=cfg.enabled())
        .filter(Q(code__isnull=True) | Q(code__active=True))
        .values_list("transcript_id", *OPEN_FIELDS)
    )
    by_doc: dict[int, list] = defaultdict(list)
    for doc, *row in rows:
        by_doc[doc].append(row)
    decided: dict[int, set] = defaultdict(set)
    for doc, *key in SuggestionDecision.objects.filter(study=study, user=user).values_list(
        "transcript_id", *DECISION_KEY
    ):
        decided[doc].add(tuple(key))
    mine = _own_spans_by_doc(study, user)
    best = cfg.best_per_transcript
    items = [
        {**item, "transcript": doc}
        for doc, doc_rows in by_doc.items()
        for item in best_per_transcript(merge_open(doc_rows, decided[doc], mine[doc]), best)
    ]
    items.sort(key=lambda s: (-s["score"], s["transcript"], s["start"]))
    items = items[:limit]
    texts = texts_for({s["transcript"] for s in items})
    titles = dict(Transcript.objects.filter(pk__in=texts).values_list("id", "title"))
    names = dict(
        Code.objects.filter(pk__in={s["code"] for s in items if s["code"]}).values_list(
            "id", "name"
        )
    )
    clusters = dict(
        Cluster.objects.filter(pk__in={s["cluster"] for s in items if s["cluster"]}).values_list(
            "id", "name"
        )
    )
    for item in items:
        item["quote"] = texts[item["transcript"]][item["start"] : item["end"]]
        item["title"] = titles[item["transcript"]]
        if item["code"]:
            item["name"] = names[item["code"]]
        elif item["cluster"]:
            item["name"] = f"{clusters[item['cluster']]} (cluster: pick a code)"
        else:
            item["name"] = f"{item['valence']} moment"
    return items


def _own_spans_by_doc(study, user) -> dict[int, dict]:
    """Per transcript, the member's spans per code id, per ("cluster", id) and per valence,
    sorted."""
    mine: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    for doc, code, cluster, start, end in Coding.objects.filter(
        transcript__study=study, coder=user
    ).values_list("transcript_id", "code_id", "code__cluster_id", "start", "end"):
        mine[doc][code].append((start, end))
        if cluster is not None:
            mine[doc][("cluster", cluster)].append((start, end))
    for doc, valence, start, end in SignificantMoment.objects.filter(
        transcript__study=study, rater=user
    ).values_list("transcript_id", "valence", "start", "end"):
        for v in ("helpful", "hindering") if valence == "mixed" else (valence,):
            mine[doc][v].append((start, end))
    for spans in mine.values():
        for listed in spans.values():
            listed.sort()
    return mine
