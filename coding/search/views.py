"""The study-wide search page: keyword in context across the study's transcripts (speaker role
and participant filters), each hit linked to its place in the workbench; coders tick hits
(all ticked by default) and code them with one code in one go."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from coding.search import matching, selectors, services
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role, SpeakerRole

HITS_PAGE = 200  # rows per page: a review list a person reads before coding it


def _filters(data) -> dict[str, str]:
    """The search as given; a filter value that names nothing is dropped (as on the moments
    page), a query with a problem is shown with it."""
    role = data.get("speaker_role", "")
    return {
        "q": data.get("q", "")[: matching.MAX_QUERY + 1],
        "speaker_role": role if role in SpeakerRole.values else "",
        "participant": data.get("participant", "").replace("\x00", "")[:20],
        "whole_words": "1" if data.get("whole_words") else "",
    }


@login_required
@require_safe
def search(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    filters = _filters(request.GET)
    problem = matching.query_problem(filters["q"]) if filters["q"] else None
    page = rows = found = None
    if filters["q"] and not problem:
        found = selectors.search_study(member, **_search_args(filters))
        page = Paginator(found.hits, HITS_PAGE).get_page(request.GET.get("page"))
        rows = selectors.hit_rows(member, found, list(page.object_list))
    context = {
        "study": study,
        "member": member,
        "filters": filters,
        "problem": problem,
        "found": found,
        "page": page,
        "rows": rows,
        "roles": SpeakerRole.choices,
        "participants": study.participants.order_by("code").values_list("code", flat=True),
        "can_write": member.can_write,
        "codes": study.codes.filter(active=True).order_by("order", "name")
        if member.can_write
        else [],
        "workbench_query": urlencode(
            {"q": filters["q"], **({"whole": "1"} if filters["whole_words"] else {})}
        ),
        "here": urlencode({k: v for k, v in filters.items() if v}),
    }
    return render(request, "coding/search.html", context)


def _search_args(filters: dict[str, str]) -> dict[str, str]:
    return {
        "query": filters["q"],
        "speaker_role": filters["speaker_role"],
        "participant": filters["participant"],
        "whole_words": bool(filters["whole_words"]),
    }


def _hit(value: str) -> tuple[int, int, int] | None:
    """A ticked box's value "transcript:start:end" as numbers, None when malformed."""
    parts = value.split(":")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() and len(p) < 10 for p in parts):
        return None
    transcript, start, end = (int(p) for p in parts)
    return transcript, start, end


@login_required
@require_POST
def code_hits(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    filters = _filters(request.POST)
    back = (
        reverse("search", args=[study.pk])
        + "?"
        + urlencode(
            {**{k: v for k, v in filters.items() if v}, "page": request.POST.get("page", "1")[:9]}
        )
    )
    hits = [_hit(value) for value in request.POST.getlist("hit")]
    try:
        if None in hits:
            raise DomainError("hits", "A ticked hit is malformed; search again.")
        result = services.code_hits(
            member=member,
            query=filters["q"],
            code_id=request.POST.get("code"),
            hits=hits,
            whole_words=bool(filters["whole_words"]),
        )
    except DomainError as error:
        messages.error(request, error.reason)
        return HttpResponseRedirect(back)
    messages.success(request, _said(result))
    return HttpResponseRedirect(back)


def _said(result: services.CodedHits) -> str:
    """What coding the hits did, in words."""
    parts = [f"{result.created} new coding{'s' if result.created != 1 else ''}"]
    if result.merged:
        parts.append(f"{result.merged} merged with overlapping codings")
    if result.unchanged:
        parts.append(f"{result.unchanged} already coded")
    hits = f"{result.hits} hit{'s' if result.hits != 1 else ''}"
    return f"Coded {hits} with “{result.code.name}”: {', '.join(parts)}."
