"""The segment picker of the principles page: the segments of one code or cluster that the
member may see, each with the visible significant moments around it, to tick as evidence,
quote or moment. Reads only, through the visibility layer."""

from typing import Any

from django.core.paginator import Page, Paginator

from coding.codings import retrieval
from coding.models import Coding, SignificantMoment
from transcripts.models import Membership

PICKER_PAGE = 100


def pick_segments(
    member: Membership, *, code: int | None, cluster: int | None, page: object, keep: list[int]
) -> tuple[Page | None, list[dict[str, Any]]]:
    """(page, rows): with a code or cluster, that page of its segments; the codings in `keep`
    (a principle being edited) come first, whatever the filter."""
    visible = Coding.objects.visible_to(member)
    kept = list(retrieval.segment_queryset(visible.filter(pk__in=keep))) if keep else []
    found: Page | None = None
    codings = list(kept)
    if code is not None or cluster is not None:
        qs = retrieval.filter_codings(visible, member, code=code, cluster=cluster)
        found = Paginator(
            retrieval.segment_queryset(qs.exclude(pk__in=keep)), PICKER_PAGE
        ).get_page(page)
        codings += list(found.object_list)
    rows = retrieval.segments(codings, retrieval.texts_for(c.transcript_id for c in codings))
    _attach_moments(member, rows)
    return found, rows


def _attach_moments(member: Membership, rows: list[dict[str, Any]]) -> None:
    """Each row's `moments`: the visible moments containing it (one query)."""
    transcripts = {row["transcript"] for row in rows}
    moments = list(
        SignificantMoment.objects.visible_to(member)
        .filter(transcript_id__in=transcripts)
        .values("id", "transcript_id", "start", "end", "valence", "intensity")
    )
    for row in rows:
        row["moments"] = [
            m
            for m in moments
            if m["transcript_id"] == row["transcript"]
            and m["start"] <= row["start"]
            and row["end"] <= m["end"]
        ]
