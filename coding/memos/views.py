"""The memo page: list (newest first, 50 a page), filter by kind, target and author, search
the text, write a memo on the study, a transcript or a code, and change or delete one's own.
What is listed goes through `Memo.objects.visible_to(member)` (the blind phase)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from coding.codings import services as codings
from coding.memos import selectors
from coding.memos.forms import MemoEditForm, MemoFilterForm, MemoWriteForm
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role

MEMO_PAGE = 50


@login_required
@require_safe
def memos_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    filters = MemoFilterForm(request.GET)
    memos = selectors.memos_for_page(member, **filters.filters())
    page = Paginator(memos, MEMO_PAGE).get_page(request.GET.get("page"))
    context = {
        "study": study,
        "member": member,
        "can_write": member.can_write,
        "filters": filters,
        "filtered": any(filters.filters().values()),
        "page": page,
        "authors": selectors.memo_authors(member),
        "kinds": selectors.KINDS,
        "transcripts": study.transcripts.defer("text", "sentences").order_by("title", "id"),
        "codes": study.codes.order_by("order", "name"),
    }
    return render(request, "coding/memos.html", context)


def _back(study_pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("memos", args=[study_pk]) + (f"#{anchor}" if anchor else ""))


def _problem(form: forms.Form) -> str:
    field, errors = next(iter(form.errors.items()))
    return f"{'' if field == '__all__' else field + ': '}{errors[0]}"


@login_required
@require_POST
def memo_write(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    form = MemoWriteForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("", _problem(form))
        target = form.target()
        memo = codings.write_memo(
            member=member, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"], **target
        )
    except (DomainError, forms.ValidationError) as problem:
        messages.error(request, getattr(problem, "reason", None) or problem.messages[0])
        return _back(study.pk, "write")
    messages.success(request, "Memo saved.")
    return _back(study.pk, f"memo-{memo.pk}")


@login_required
@require_POST
def memo_edit(request: HttpRequest, study_pk: int, memo_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    form = MemoEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, _problem(form))
        return _back(study.pk, f"memo-{memo_pk}")
    try:
        codings.update_memo(member=member, memo_id=memo_pk, **form.cleaned_data)
    except DomainError as problem:
        messages.error(request, problem.reason)
    else:
        messages.success(request, "Memo changed.")
    return _back(study.pk, f"memo-{memo_pk}")


@login_required
@require_POST
def memo_delete(request: HttpRequest, study_pk: int, memo_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    codings.delete_memo(member=member, memo_id=memo_pk)
    messages.success(request, "Memo deleted.")
    return _back(study.pk)
