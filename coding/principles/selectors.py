"""Reads of principles and the core category, through the visibility layer: a principle
shows only the evidence, moments and quotes the member may see, and in the blind phase a
coder reads only their own principles. One query per kind of link, whatever the number."""

from typing import Any

from django.db.models import Prefetch

from coding.codings import retrieval
from coding.models import Coding, CoreCategory, Principle, SignificantMoment
from transcripts.models import Membership, Study


def principles_for(member: Membership, ids: list[int] | None = None) -> list[Principle]:
    """The principles this member may read (those of `ids` when given), in order, each with
    `seen_evidence`, `seen_quotes` and `seen_moments` (visible links only, by id)."""
    visible = Coding.objects.visible_to(member).only("id").order_by("id")
    moments = SignificantMoment.objects.visible_to(member).only("id").order_by("id")
    qs = Principle.objects.visible_to(member)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return list(
        qs.select_related("cluster", "author")
        .prefetch_related(
            Prefetch("evidence", queryset=visible, to_attr="seen_evidence"),
            Prefetch("quotes", queryset=visible, to_attr="seen_quotes"),
            Prefetch("moments", queryset=moments, to_attr="seen_moments"),
        )
        .order_by("order", "id")
    )


def principle_for(member: Membership, principle_id: int) -> Principle | None:
    found = principles_for(member, [principle_id])
    return found[0] if found else None


def quote_segments(member: Membership, principles: list[Principle]) -> dict[int, list[dict]]:
    """Principle id -> its visible quotes as segment rows (quote, participant, coder), in
    participant and text order; one query for the codings and one for their texts."""
    wanted = {c.pk for p in principles for c in p.seen_quotes}
    codings = list(
        retrieval.segment_queryset(Coding.objects.visible_to(member).filter(pk__in=wanted))
    )
    rows = {
        row["id"]: row
        for row in retrieval.segments(
            codings, retrieval.texts_for(c.transcript_id for c in codings)
        )
    }
    order = [c.pk for c in codings]
    return {
        p.pk: [rows[pk] for pk in order if pk in {c.pk for c in p.seen_quotes}] for p in principles
    }


def core_category(study: Study) -> CoreCategory | None:
    return CoreCategory.objects.filter(study=study).select_related("author").first()


def principle_dict(principle: Principle) -> dict[str, Any]:
    """The API's shape of a principle read through principles_for()."""
    return {
        "id": principle.pk,
        "statement": principle.statement,
        "cluster": principle.cluster_id,
        "cluster_name": principle.cluster.name if principle.cluster else None,
        "implication": principle.implication,
        "evidence": [c.pk for c in principle.seen_evidence],
        "moments": [m.pk for m in principle.seen_moments],
        "quotes": [c.pk for c in principle.seen_quotes],
        "order": principle.order,
        "author": principle.author.username,
        "created_at": principle.created_at,
        "updated_at": principle.updated_at,
    }
