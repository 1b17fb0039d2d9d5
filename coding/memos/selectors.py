"""Reads of memos for the memo page and the API's memo list, through the visibility layer
(`Memo.objects.visible_to(member)`: in the blind phase a coder reads only their own)."""

from django.db.models import Q, QuerySet

from coding.models import Memo, MemoKind
from transcripts.models import Membership

TARGETS = ("study", "transcript", "code", "coding")


def target_filter(target: str) -> Q:
    """Memos attached to the study itself, or to any transcript, code or coding."""
    none = Q(transcript__isnull=True, code__isnull=True, coding__isnull=True)
    return none if target == "study" else Q(**{f"{target}__isnull": False})


def filter_memos(
    qs: QuerySet,
    *,
    kind: str | None = None,
    target: str | None = None,
    author: str | None = None,
    search: str | None = None,
    transcript: int | None = None,
    code: int | None = None,
    coding: int | None = None,
) -> QuerySet:
    """Apply the memo filters to an already visible, study-scoped query."""
    if kind:
        qs = qs.filter(kind=kind)
    if target:
        qs = qs.filter(target_filter(target))
    if author:
        qs = qs.filter(author__username=author)
    if search:
        qs = qs.filter(text__icontains=search)
    for field, value in (("transcript_id", transcript), ("code_id", code), ("coding_id", coding)):
        if value is not None:
            qs = qs.filter(**{field: value})
    return qs


def memos_for_page(member: Membership, **filters) -> QuerySet:
    """Visible memos with what the page shows of their targets, newest first."""
    qs = Memo.objects.visible_to(member).select_related(
        "author", "transcript", "code", "coding__code", "coding__transcript"
    )
    return filter_memos(qs, **filters).order_by("-created_at", "-id")


def memo_authors(member: Membership) -> list[str]:
    """Authors the member can filter by: those of the memos they may read."""
    return list(
        Memo.objects.visible_to(member)
        .order_by("author__username")
        .values_list("author__username", flat=True)
        .distinct()
    )


KINDS = MemoKind.choices
