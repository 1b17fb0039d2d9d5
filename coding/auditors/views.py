"""The audit page: the auditor's comments on codes, clusters, reconciliation decisions and
principles; owners see the open ones first and resolve them, and name the study's auditors;
an auditor writes a comment on any of them. Only owners and auditors open it (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from coding.auditors import services as audit
from coding.models import Auditor, AuditTarget, Principle, ReconciliationDecision
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role

DECISIONS_LISTED = 200


@login_required
@require_safe
def audit_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    comments = list(audit.comments_for(member))
    for comment in comments:
        comment.label = audit.target_label(comment)
    auditing = audit.is_auditor(member)
    context = {
        "study": study,
        "member": member,
        "auditing": auditing,
        "open": [c for c in comments if c.resolved_at is None],
        "resolved": [c for c in comments if c.resolved_at is not None],
        "auditors": Auditor.objects.filter(study=study).select_related("user"),
        "viewers": study.memberships.filter(role=Role.VIEWER).values_list(
            "user__username", flat=True
        ),
        "targets": AuditTarget.choices,
    }
    if auditing:
        context.update(
            codes=study.codes.order_by("order", "name"),
            clusters=study.clusters.order_by("order", "name"),
            principles=Principle.objects.filter(study=study).order_by("order", "id"),
            decisions=ReconciliationDecision.objects.filter(study=study)
            .select_related("transcript")
            .order_by("-decided_at", "-id")[:DECISIONS_LISTED],
        )
    return render(request, "coding/audit.html", context)


def _back(study_pk: int) -> HttpResponse:
    return redirect("auditor", study_pk)


@login_required
@require_POST
def audit_comment(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    target = request.POST.get("target", "")
    try:
        audit.write_comment(
            member=member,
            target=target,
            target_id=request.POST.get(f"{target}_id"),
            text=request.POST.get("text", ""),
        )
    except DomainError as problem:
        messages.error(request, problem.reason)
    else:
        messages.success(request, "Comment sent to the owners.")
    return _back(study.pk)


@login_required
@require_POST
def audit_resolve(request: HttpRequest, study_pk: int, comment_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    audit.resolve_comment(member=member, comment_id=comment_pk)
    messages.success(request, "Comment resolved.")
    return _back(study.pk)


@login_required
@require_POST
def auditor_name(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    try:
        audit.name_auditor(member=member, username=request.POST.get("username", ""))
    except DomainError as problem:
        messages.error(request, problem.reason)
    else:
        messages.success(request, "Auditor named.")
    return _back(study.pk)


@login_required
@require_POST
def auditor_unname(request: HttpRequest, study_pk: int, auditor_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    audit.unname_auditor(member=member, auditor_id=auditor_pk)
    messages.success(request, "Auditor removed.")
    return _back(study.pk)
