"""The constant-comparison page: every segment of one code side by side, with the code's
definition beside them to refine while reading (coders and owners; htmx swaps the card).
Segments are what this member may see: in the blind phase a coder sees only their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from coding.codebook import services as codebook
from coding.codebook.forms import DefinitionForm, form_problem
from coding.codings import retrieval
from coding.models import Code, Coding
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role

COMPARE_PAGE = 100
DEFINITION_FIELDS = ("definition", "inclusion", "exclusion", "example")


@login_required
@require_safe
def compare(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    codes = list(
        study.codes.select_related("cluster").order_by(
            F("cluster__order").asc(nulls_last=True), "cluster__name", "order", "name"
        )
    )
    code = None
    if request.GET.get("code"):
        code = next((c for c in codes if str(c.pk) == request.GET["code"]), None)
        if code is None:
            raise Http404("No such code in this study.")
    own_only = member.sees_only_own
    coders = study.memberships.filter(role__in=[Role.OWNER, Role.CODER])
    if own_only:
        coders = coders.filter(user=request.user)
    filters = {
        "coder": request.GET.get("coder") or None,
        "participant": request.GET.get("participant") or None,
    }
    context = {
        "study": study,
        "can_write": member.can_write,
        "own_only": own_only,
        "codes": codes,
        "code": code,
        "filters": filters,
        "coders": coders.order_by("user__username").values_list("user__username", flat=True),
        "participants": study.participants.values_list("code", flat=True),
    }
    if code is not None:
        visible = Coding.objects.visible_to(member)
        qs = retrieval.filter_codings(visible, member, code=code.pk, **filters)
        page = Paginator(retrieval.segment_queryset(qs), COMPARE_PAGE).get_page(
            request.GET.get("page")
        )
        codings = list(page.object_list)
        texts = retrieval.texts_for(c.transcript_id for c in codings)
        context.update(page=page, segments=retrieval.segments(codings, texts))
        context.update(_definition_context(code))
    return render(request, "coding/comparison.html", context)


def _definition_context(code: Code, values: dict | None = None, error: str | None = None):
    return {
        "code": code,
        "values": values or {f: getattr(code, f) for f in DEFINITION_FIELDS},
        "definition_error": error,
    }


@login_required
@require_POST
def code_definition(request: HttpRequest, study_pk: int, code_pk: int) -> HttpResponse:
    """Refine a code's definition and notes while comparing; htmx gets the fragment back."""
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    code = get_object_or_404(study.codes.select_related("cluster"), pk=code_pk)
    form = DefinitionForm(request.POST)
    error = None
    if form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            codebook.update_code(member=member, code_id=code.pk, reason=reason, **data)
        except DomainError as problem:
            error = problem.reason
        else:
            for field, value in data.items():
                setattr(code, field, value)
    else:
        error = form_problem(form)
    if request.htmx:
        context = {"study": study, "can_write": True, "saved": error is None}
        context.update(_definition_context(code, request.POST if error else None, error))
        status = 400 if error else 200
        return render(request, "coding/_codebook_definition.html", context, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Definition of “{code.name}” saved.")
    return redirect(reverse("compare", args=[study.pk]) + f"?code={code.pk}")
