"""The study's navigation, the same on every page of a study: its places grouped as a team
works through them (material, coding, comparing, results, keeping), each shown only to the
roles that may open it, the current one marked."""

from django import template
from django.urls import reverse

from coding.auditors.services import is_auditor
from transcripts.models import Membership

register = template.Library()

# (group, [(label, url name, who may open it)]). Who: "all", "see_others" (not a coder in the
# blind phase), "reconcile" (Membership.can_reconcile), "auditing" (owners and the named
# auditors) or "owner".
PLACES = [
    (
        "Material",
        [
            ("Transcripts", "study-detail", "all"),
            ("Codebook", "codebook", "all"),
            ("Moments", "moments", "all"),
            ("Search", "search", "all"),
            ("Memos", "memos", "all"),
        ],
    ),
    (
        "Comparing",
        [
            ("Comparison", "compare", "all"),
            ("Agreement", "agreement", "see_others"),
            ("Reconcile", "reconcile", "reconcile"),
            ("Suggestions", "suggestions", "all"),
        ],
    ),
    (
        "Results",
        [
            ("Analysis", "analysis", "all"),
            ("Principles", "principles", "all"),
            ("Summary", "summary", "all"),
            ("Sessions", "session-list", "all"),
        ],
    ),
    (
        "Keeping",
        [
            ("Exchange", "exchange", "all"),
            ("Auditors", "auditor", "auditing"),
            ("Audit trail", "audit", "owner"),
        ],
    ),
]


def _may(member: Membership, who: str) -> bool:
    if who == "see_others":
        return not member.sees_only_own
    if who == "reconcile":
        return member.can_reconcile
    if who == "owner":
        return member.is_owner
    if who == "auditing":  # a query, asked only for this one place
        return member.is_owner or is_auditor(member)
    return True


@register.inclusion_tag("_study_nav.html", takes_context=True)
def study_nav(context) -> dict:
    study, request = context.get("study"), context["request"]
    # The view's own membership when it passed one (under any name): no query.
    found = (v for v in context.flatten().values() if isinstance(v, Membership))
    member = next(
        (m for m in found if m.study_id == study.pk and m.user_id == request.user.pk), None
    )
    if member is None:
        member = (
            Membership.objects.select_related("study")
            .filter(study=study, user_id=request.user.pk)
            .first()
        )
    if member is None:
        return {"groups": []}
    home = reverse("study-detail", args=[study.pk])
    groups, best = [], ""
    for name, places in PLACES:
        links = [
            {"label": label, "href": reverse(url, args=[study.pk])}
            for label, url, who in places
            if _may(member, who)
        ]
        groups.append({"name": name, "links": links})
        # The current place: the longest address the page's address starts with (the study
        # page itself only on its own address: every study page starts with it).
        for href in (link["href"] for link in links):
            inside = request.path == href or (href != home and request.path.startswith(href))
            if inside and len(href) > len(best):
                best = href
    for group in groups:
        for link in group["links"]:
            link["current"] = link["href"] == best
    return {"groups": groups, "study": study}
