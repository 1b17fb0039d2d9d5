"""The principles page: the study's core category and its principles (statement, cluster,
quotes, evidence, implication), and the form that writes one from segments picked by code
or cluster. Writes go through one service each and come back here (POST-redirect-GET);
a refusal re-renders the form with what was typed and the reason (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from coding.codings.params import int_or_none
from coding.models import Auditor
from coding.principles import selectors
from coding.principles import services as principles
from coding.principles.forms import CoreCategoryForm, PrincipleForm, form_problem
from coding.principles.picker import pick_segments
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role


def _page(request, study, member, *, values=None, error=None, status=200) -> HttpResponse:
    listed = selectors.principles_for(member)
    editing = None
    if request.GET.get("edit"):
        editing = next((p for p in listed if str(p.pk) == request.GET["edit"]), None)
        if editing is None:
            raise Http404("No such principle in this study.")
    if values is None:
        values = _values_of(editing)
    keep = sorted(set(values["evidence"]) | set(values["quotes"]))
    code, cluster = int_or_none(request.GET.get("code")), int_or_none(request.GET.get("cluster"))
    page, segments = pick_segments(
        member, code=code, cluster=cluster, page=request.GET.get("page"), keep=keep
    )
    quotes = selectors.quote_segments(member, listed)
    for principle in listed:
        principle.quote_rows = quotes[principle.pk]
    context = {
        "study": study,
        "member": member,
        "can_write": member.can_write,
        "core": selectors.core_category(study),
        "principles": listed,
        "editing": editing,
        "values": values,
        "error": error,
        "clusters": study.clusters.order_by("order", "name"),
        "codes": study.codes.select_related("cluster").order_by("cluster__order", "order", "name"),
        "picked": {"code": code, "cluster": cluster},
        "auditing": Auditor.objects.filter(study=study, user_id=member.user_id).exists(),
        "page": page,
        "segments": segments,
    }
    return render(request, "coding/principles.html", context, status=status)


def _values_of(principle) -> dict:
    if principle is None:
        return {
            "statement": "",
            "cluster": None,
            "implication": "",
            "order": None,
            "evidence": [],
            "quotes": [],
            "moments": [],
        }
    return {
        "statement": principle.statement,
        "cluster": principle.cluster_id,
        "implication": principle.implication,
        "order": principle.order,
        "evidence": [c.pk for c in principle.seen_evidence],
        "quotes": [c.pk for c in principle.seen_quotes],
        "moments": [m.pk for m in principle.seen_moments],
    }


def _posted(request) -> dict:
    post = request.POST
    return {
        "statement": post.get("statement", ""),
        "cluster": int_or_none(post.get("cluster")),
        "implication": post.get("implication", ""),
        "order": int_or_none(post.get("order")),
        "evidence": [int_or_none(v) for v in post.getlist("evidence")],
        "quotes": [int_or_none(v) for v in post.getlist("quotes")],
        "moments": [int_or_none(v) for v in post.getlist("moments")],
    }


@login_required
@require_safe
def principles_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    return _page(request, study, member)


def _save(request: HttpRequest, study_pk: int, principle_pk: int | None) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    form = PrincipleForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("", form_problem(form))
        data = dict(form.cleaned_data)
        data["cluster_id"] = data.pop("cluster")
        if principle_pk is None:
            principle = principles.write_principle(member=member, **data)
        else:
            if data["order"] is None:
                data.pop("order")
            principle = principles.update_principle(
                member=member, principle_id=principle_pk, **data
            )
    except DomainError as problem:
        reason = f"{problem.field}: {problem.reason}" if problem.field else problem.reason
        return _page(request, study, member, values=_posted(request), error=reason, status=400)
    messages.success(request, "Principle saved.")
    return redirect(reverse("principles", args=[study.pk]) + f"#principle-{principle.pk}")


@login_required
@require_POST
def principle_create(request: HttpRequest, study_pk: int) -> HttpResponse:
    return _save(request, study_pk, None)


@login_required
@require_POST
def principle_update(request: HttpRequest, study_pk: int, principle_pk: int) -> HttpResponse:
    return _save(request, study_pk, principle_pk)


@login_required
@require_POST
def principle_delete(request: HttpRequest, study_pk: int, principle_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    principles.delete_principle(member=member, principle_id=principle_pk)
    messages.success(request, "Principle deleted.")
    return redirect("principles", study.pk)


@login_required
@require_POST
def core_category_set(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    form = CoreCategoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("principles", study.pk)
    try:
        principles.set_core_category(member=member, statement=form.cleaned_data["statement"])
    except DomainError as problem:
        messages.error(request, problem.reason)
    else:
        messages.success(request, "Core category saved.")
    return redirect("principles", study.pk)
