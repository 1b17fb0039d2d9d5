"""The study's significant moments in one table (valence, intensity, participant and rater
filters), each linked to its place in the workbench. What the member may see: in the blind
phase a coder sees only the moments they marked."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Value
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from coding.models import SignificantMoment, Valence
from transcripts.access import get_study_for_user
from transcripts.models import Role

MOMENTS_PAGE = 100
QUOTE = 300  # characters of a moment shown in the table; the workbench has the rest


def _filters(request: HttpRequest, study) -> dict:
    """The filters as given, each kept only when it names something real (a bad value in the
    address shows everything rather than an error page)."""
    got = request.GET
    intensity = got.get("intensity", "")
    return {
        "valence": got.get("valence") if got.get("valence") in Valence.values else "",
        "intensity": int(intensity) if intensity in {"1", "2", "3", "4", "5"} else None,
        "participant": got.get("participant", "")[:20],
        "rater": got.get("rater", "")[:150],
    }


@login_required
@require_safe
def moments(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    visible = SignificantMoment.objects.visible_to(member)
    filters = _filters(request, study)
    qs = visible
    if filters["valence"]:
        qs = qs.filter(valence=filters["valence"])
    if filters["intensity"]:
        qs = qs.filter(intensity__gte=filters["intensity"])
    if filters["participant"]:
        qs = qs.filter(transcript__participant__code=filters["participant"])
    if filters["rater"]:
        qs = qs.filter(rater__username=filters["rater"])
    rows = (
        qs.annotate(
            quote=Substr("transcript__text", F("start") + Value(1), Value(QUOTE)),
            length=F("end") - F("start"),
            participant=F("transcript__participant__code"),
            title=F("transcript__title"),
            rater_name=F("rater__username"),
        )
        .values(
            "id", "transcript_id", "start", "end", "valence", "intensity", "note", "quote",
            "length", "participant", "title", "rater_name",
        )
        .order_by("transcript__participant__code", "transcript_id", "start", "id")
    )  # fmt: skip
    page = Paginator(rows, MOMENTS_PAGE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row["quote"] = row["quote"][: row["length"]]
        row["cut"] = row["length"] > QUOTE
    by_valence = dict(qs.values_list("valence").annotate(n=Count("id")).order_by())
    raters = study.memberships.filter(role__in=[Role.OWNER, Role.CODER])
    if member.sees_only_own:
        raters = raters.filter(user=request.user)
    context = {
        "study": study,
        "own_only": member.sees_only_own,
        "page": page,
        "filters": filters,
        "by_valence": [(v, by_valence.get(v, 0)) for v in Valence.values],
        "valences": Valence.values,
        "participants": study.participants.order_by("code").values_list("code", flat=True),
        "raters": raters.order_by("user__username").values_list("user__username", flat=True),
    }
    return render(request, "coding/moments.html", context)
