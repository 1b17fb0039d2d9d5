"""Reads of codebook proposals: every member reads every proposal (the codebook is shared),
with only the segments this member may see (the blind phase), the comments, and the tally of
each member's latest agree or object. A constant number of queries."""

from typing import Any

from django.db.models import Count, Prefetch

from coding.codings import retrieval
from coding.models import CodebookProposal, Coding, ProposalComment, Stance
from transcripts.models import Membership


def proposals_for(member: Membership, ids: list[int] | None = None) -> list[CodebookProposal]:
    visible = Coding.objects.visible_to(member).only("id").order_by("id")
    qs = CodebookProposal.objects.filter(study_id=member.study_id)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return list(
        qs.select_related("author", "decided_by").prefetch_related(
            Prefetch("segments", queryset=visible, to_attr="seen_segments"),
            Prefetch(
                "comments",
                queryset=ProposalComment.objects.select_related("author").order_by(
                    "created_at", "id"
                ),
                to_attr="thread",
            ),
        )
    )


def tally(proposal: CodebookProposal) -> dict[str, int]:
    """Each commenter's latest agree or object (a later plain comment changes nothing)."""
    latest: dict[int, str] = {}
    for item in proposal.thread:
        if item.stance != Stance.COMMENT:
            latest[item.author_id] = item.stance
    values = list(latest.values())
    return {"agree": values.count(Stance.AGREE), "object": values.count(Stance.OBJECT)}


def segment_rows(member: Membership, proposals: list[CodebookProposal]) -> dict[int, list[dict]]:
    """Proposal id -> its visible segments with quote and participant (two queries)."""
    wanted = {c.pk for p in proposals for c in p.seen_segments}
    codings = list(
        retrieval.segment_queryset(Coding.objects.visible_to(member).filter(pk__in=wanted))
    )
    texts = retrieval.texts_for(c.transcript_id for c in codings)
    rows = {row["id"]: row for row in retrieval.segments(codings, texts)}
    order = [c.pk for c in codings]
    return {
        p.pk: [rows[pk] for pk in order if pk in {c.pk for c in p.seen_segments}] for p in proposals
    }


def proposal_dict(proposal: CodebookProposal) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "kind": proposal.kind,
        "change": proposal.change,
        "summary": proposal.summary,
        "reason": proposal.reason,
        "segments": [c.pk for c in proposal.seen_segments],
        "status": proposal.status,
        "author": proposal.author.username,
        "created_at": proposal.created_at,
        "decided_by": proposal.decided_by.username if proposal.decided_by else None,
        "decided_at": proposal.decided_at,
        "comments": [
            {
                "id": c.pk,
                "author": c.author.username,
                "stance": c.stance,
                "text": c.text,
                "created_at": c.created_at,
            }
            for c in proposal.thread
        ],
        "tally": tally(proposal),
    }


def cluster_view(member: Membership) -> dict[str, Any]:
    """Per cluster, how each coder's codings and the consensus fall into it: codings and
    distinct participants per (cluster, coder), from what the member may see (in the blind
    phase a coder sees their own column only). One aggregate query."""
    study = member.study
    consensus = study.consensus_user.username if study.consensus_user else None
    rows = (
        Coding.objects.visible_to(member)
        .values("code__cluster_id", "coder__username")
        .annotate(codings=Count("id"), participants=Count("transcript__participant", distinct=True))
        .order_by()
    )
    cells = {(r["code__cluster_id"], r["coder__username"]): r for r in rows}
    coders = sorted({name for _, name in cells if name != consensus})
    columns = coders + ([consensus] if any(name == consensus for _, name in cells) else [])
    clusters = [(c.pk, c.name) for c in study.clusters.order_by("order", "name")]
    if any(cid is None for cid, _ in cells):
        clusters.append((None, "(no cluster)"))
    empty = {"codings": 0, "participants": 0}
    return {
        "columns": [{"name": n, "consensus": n == consensus} for n in columns],
        "rows": [
            {"cluster": name, "cells": [cells.get((cid, n), empty) for n in columns]}
            for cid, name in clusters
        ],
    }
