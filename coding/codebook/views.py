"""Codebook pages: the codebook (clusters as a tree, their codes and the forms that change
them), splitting a code and the codebook's history. The constant-comparison page is in
comparison_views.py, the forms in codebook_forms.py.

Each write passes the one door with the role it needs, calls one service of coding/codebook.py
(which checks the role again and records the change) and redirects back (POST-redirect-GET).
Counts are what this member may see: in the blind phase a coder sees only their own codings."""

import json
from collections import defaultdict
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coding.codebook import clusters, restructure
from coding.codebook import services as codebook
from coding.codebook.forms import (
    ClusterCreateForm,
    ClusterEditForm,
    ClusterMoveForm,
    CodeCreateForm,
    CodeDeleteForm,
    CodeEditForm,
    CodeMoveForm,
    MergeForm,
    ReasonForm,
    RenameForm,
    form_problem,
)
from coding.codings import retrieval
from coding.codings.params import int_or_none
from coding.models import Cluster, Code, Coding
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role, Study

HISTORY_PAGE = 50
SPLIT_PARTS, MAX_SPLIT_PARTS = 3, 8


# ---------------------------------------------------------------- helpers


def _back(study: Study, anchor: str = "", query: str = "") -> HttpResponse:
    return redirect(reverse("codebook", args=[study.pk]) + query + (f"#{anchor}" if anchor else ""))


def _act(
    request: HttpRequest,
    study: Study,
    form: forms.Form,
    action: Callable[[dict], tuple[str, str]],
    retry: str = "",
) -> HttpResponse:
    """Validate the form, run `action` (one service call returning message and anchor) and go
    back to the codebook: at the changed item, or on a refusal at the top of the page, where
    the message shows (`retry` is a query that restores the form's choice)."""
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(study, query=retry)
    try:
        message, anchor = action(form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.reason)
        return _back(study, query=retry)
    messages.success(request, message)
    return _back(study, anchor)


def _cluster_tree(clusters: list[Cluster], codes: list[Code]) -> tuple[list[dict], list[Code]]:
    """Clusters in order, each followed by its sub-clusters (depth-first), with their codes;
    and the unclustered codes."""
    known = {c.pk for c in clusters}
    children: dict[int | None, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        children[cluster.parent_id if cluster.parent_id in known else None].append(cluster)
    by_cluster: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        by_cluster[code.cluster_id].append(code)
    rows: list[dict] = []
    seen: set[int] = set()

    def walk(siblings: list[Cluster], depth: int) -> None:
        for position, cluster in enumerate(siblings):
            seen.add(cluster.pk)
            members = by_cluster.get(cluster.pk, [])
            rows.append(
                {
                    "cluster": cluster,
                    "depth": depth,
                    "codes": members,
                    "children": len(children.get(cluster.pk, [])),
                    "codings": sum(code.visible_codings for code in members),
                    "first": position == 0,
                    "last": position == len(siblings) - 1,
                }
            )
            walk(children.get(cluster.pk, []), depth + 1)

    walk(children.get(None, []), 0)
    # A parent cycle made outside the services would hide clusters; show them at the top.
    walk([c for c in clusters if c.pk not in seen], 0)
    return rows, by_cluster.get(None, [])


# ---------------------------------------------------------------- the codebook page


@login_required
@require_safe
def codebook_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    clusters = list(study.clusters.all())
    codes = list(study.codes.all())
    visible = Coding.objects.visible_to(member).order_by()
    counts = dict(visible.values_list("code_id").annotate(n=Count("id")))
    for code in codes:
        code.visible_codings = counts.get(code.pk, 0)
        code.keyword_text = ", ".join(code.keywords)
        code.pattern_text = "\n".join(json.dumps(p, ensure_ascii=False) for p in code.patterns)
    tree, unclustered = _cluster_tree(clusters, codes)
    context = {
        "study": study,
        "can_write": member.can_write,
        "is_owner": member.is_owner,
        "own_only": member.sees_only_own,
        "tree": tree,
        "unclustered": unclustered,
        "clusters": clusters,
        "codes_by_name": sorted(codes, key=lambda c: c.name.casefold()),
        "delete_pk": int_or_none(request.GET.get("delete")),
        # Set when the owner comes from a reconciliation decision: changes link back to it.
        "motivated_by": ",".join(
            part
            for part in request.GET.get("motivated_by", "").split(",")
            if part.strip().isdigit()
        ),
    }
    return render(request, "coding/codebook.html", context)


# ---------------------------------------------------------------- clusters (owner)


@login_required
@require_POST
def cluster_create(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)

    def create(data: dict) -> tuple[str, str]:
        cluster = clusters.create_cluster(
            member=member,
            name=data["name"],
            description=data["description"],
            parent_id=data["parent"],
        )
        return f"Cluster “{cluster.name}” created.", f"cluster-{cluster.pk}"

    return _act(request, study, ClusterCreateForm(request.POST), create)


@login_required
@require_POST
def cluster_update(request: HttpRequest, study_pk: int, cluster_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    cluster = get_object_or_404(study.clusters, pk=cluster_pk)

    def update(data: dict) -> tuple[str, str]:
        clusters.update_cluster(
            member=member,
            cluster_id=cluster.pk,
            reason=data["reason"],
            name=data["name"],
            description=data["description"],
            parent_id=data["parent"],
        )
        return f"Cluster “{data['name']}” saved.", f"cluster-{cluster.pk}"

    return _act(request, study, ClusterEditForm(request.POST), update)


@login_required
@require_POST
def cluster_delete(request: HttpRequest, study_pk: int, cluster_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    cluster = get_object_or_404(study.clusters, pk=cluster_pk)

    def delete(data: dict) -> tuple[str, str]:
        clusters.delete_cluster(member=member, cluster_id=cluster.pk, reason=data["reason"])
        return f"Cluster “{cluster.name}” deleted; its codes are now unclustered.", ""

    return _act(request, study, ReasonForm(request.POST), delete)


@login_required
@require_POST
def cluster_move(request: HttpRequest, study_pk: int, cluster_pk: int) -> HttpResponse:
    """Swap a cluster with its neighbour among its siblings (same parent)."""
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    cluster = get_object_or_404(study.clusters, pk=cluster_pk)

    def move(data: dict) -> tuple[str, str]:
        step = -1 if data["direction"] == "up" else 1
        if clusters.siblings_of(cluster)[0 if step < 0 else -1].pk == cluster.pk:
            return f"“{cluster.name}” is already {'first' if step < 0 else 'last'}.", ""
        clusters.move_cluster(member=member, cluster_id=cluster.pk, direction=step)
        return f"“{cluster.name}” moved {data['direction']}.", f"cluster-{cluster.pk}"

    return _act(request, study, ClusterMoveForm(request.POST), move)


# ---------------------------------------------------------------- codes


@login_required
@require_POST
def code_create(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)

    def create(data: dict) -> tuple[str, str]:
        code = codebook.create_code(
            member=member,
            name=data["name"],
            cluster_id=data["cluster"],
            reason=data["reason"],
            definition=data["definition"],
            colour=data["colour"] or None,
        )
        return f"Code “{code.name}” created.", f"code-{code.pk}"

    return _act(request, study, CodeCreateForm(request.POST), create)


@login_required
@require_POST
def code_update(request: HttpRequest, study_pk: int, code_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    code = get_object_or_404(study.codes, pk=code_pk)

    def update(data: dict) -> tuple[str, str]:
        reason, motivated_by = data.pop("reason"), data.pop("motivated_by")
        if data["colour"].lower() == code.colour.lower():  # colour inputs send lower case
            data["colour"] = code.colour
        codebook.update_code(
            member=member,
            code_id=code.pk,
            reason=reason,
            motivated_by=motivated_by,
            **data,
        )
        return f"Code “{code.name}” saved.", f"code-{code.pk}"

    return _act(request, study, CodeEditForm(request.POST), update)


@login_required
@require_POST
def code_rename(request: HttpRequest, study_pk: int, code_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    code = get_object_or_404(study.codes, pk=code_pk)

    def rename(data: dict) -> tuple[str, str]:
        renamed = codebook.rename_code(
            member=member,
            code_id=code.pk,
            name=data["name"],
            reason=data["reason"],
            motivated_by=data["motivated_by"],
        )
        return f"“{code.name}” is now “{renamed.name}”.", f"code-{code.pk}"

    return _act(request, study, RenameForm(request.POST), rename)


@login_required
@require_POST
def code_move(request: HttpRequest, study_pk: int, code_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    code = get_object_or_404(study.codes, pk=code_pk)

    def move(data: dict) -> tuple[str, str]:
        moved = codebook.move_code(
            member=member,
            code_id=code.pk,
            cluster_id=data["cluster"],
            reason=data["reason"],
            motivated_by=data["motivated_by"],
        )
        where = f"“{moved.cluster.name}”" if moved.cluster else "no cluster"
        return f"“{code.name}” is in {where}.", f"code-{code.pk}"

    return _act(request, study, CodeMoveForm(request.POST), move)


@login_required
@require_POST
def codes_merge(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)

    def merge(data: dict) -> tuple[str, str]:
        target = restructure.merge_codes(
            member=member,
            source_ids=data["sources"],
            target_id=data["target"],
            reason=data["reason"],
            motivated_by=data["motivated_by"],
        )
        return (
            f"{len(data['sources'])} code(s) merged into “{target.name}”.",
            f"code-{target.pk}",
        )

    return _act(request, study, MergeForm(request.POST), merge)


@login_required
@require_POST
def code_delete(request: HttpRequest, study_pk: int) -> HttpResponse:
    """Delete a code: its codings are merged into another code or, when confirmed, deleted;
    without either the service refuses (when it has codings) and says why."""
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)

    def delete(data: dict) -> tuple[str, str]:
        code = codebook.get_code(study, data["code"])
        restructure.delete_code(
            member=member,
            code_id=code.pk,
            merge_into=data["merge_into"],
            delete_codings=data["delete_codings"],
            reason=data["reason"],
        )
        if data["merge_into"] is not None:
            return f"“{code.name}” merged into the chosen code.", f"code-{data['merge_into']}"
        return f"Code “{code.name}” deleted.", ""

    chosen = int_or_none(request.POST.get("code"))
    retry = f"?delete={chosen}" if chosen is not None else ""
    return _act(request, study, CodeDeleteForm(request.POST), delete, retry)


def _part_at_fault(field: str) -> int | None:
    """Which new part a split refusal is about: 1 for "parts[1].name"."""
    if field.startswith("parts["):
        return int_or_none(field[6:].split("]")[0])
    return None


@login_required
@require_http_methods(["GET", "POST"])
def code_split(request: HttpRequest, study_pk: int, code_pk: int) -> HttpResponse:
    """Every coding of the code with a choice of new part; names for two or more parts."""
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    code = get_object_or_404(study.codes.select_related("cluster"), pk=code_pk)
    # Owners see every coding, blind phase or not: the split must place all of them.
    # (Codings in transcripts in the trash go with the first part.)
    live = Coding.objects.filter(code=code, transcript__deleted_at=None)
    codings = list(retrieval.segment_queryset(live))
    rows = retrieval.segments(codings, retrieval.texts_for(c.transcript_id for c in codings))
    posted = request.POST
    count = min(max(int_or_none(posted.get("parts")) or SPLIT_PARTS, 2), MAX_SPLIT_PARTS)
    if posted.get("action") == "more":
        count = min(count + 1, MAX_SPLIT_PARTS)
    names = [posted.get(f"part-{i}", "").strip() for i in range(count)]
    rest = posted.get("rest", "")  # "every coding I left unassigned goes to this part"
    for row in rows:
        row["choice"] = posted.get(f"coding-{row['id']}", "") or rest
    error = None
    if request.method == "POST" and posted.get("action") == "split":
        while len(names) > 2 and not names[-1]:
            names.pop()
        try:
            new_codes = restructure.split_code(
                member=member,
                code_id=code.pk,
                parts=[{"name": name} for name in names],
                assignments={row["id"]: row["choice"] for row in rows if row["choice"] != ""},
                reason=posted.get("reason", "").strip(),
            )
        except DomainError as problem:
            error = problem.reason
            part = _part_at_fault(problem.field)
            if part is not None:
                error = f"Part {part + 1}: {error}"
        else:
            made = ", ".join(f"“{c.name}”" for c in new_codes)
            messages.success(request, f"“{code.name}” split into {made}.")
            return _back(study, f"code-{new_codes[0].pk}")
    parts = [
        {"index": i, "key": str(i), "name": names[i] if i < len(names) else ""}
        for i in range(count)
    ]
    context = {
        "study": study,
        "code": code,
        "rows": rows,
        "parts": parts,
        "count": count,
        "can_add_part": count < MAX_SPLIT_PARTS,
        "reason": posted.get("reason", ""),
        "rest": rest,
        "error": error,
    }
    return render(request, "coding/codebook_split.html", context, status=400 if error else 200)


# ---------------------------------------------------------------- history


@login_required
@require_safe
def codebook_history(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    events = codebook.history(member)
    page = Paginator(events, HISTORY_PAGE).get_page(request.GET.get("page"))
    return render(request, "coding/codebook_history.html", {"study": study, "page": page})
