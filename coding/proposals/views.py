"""The proposals page: open proposals to change the codebook with their reason, motivating
segments and discussion (agree, object, comment), the owner's accept and reject, and the form
to propose a change with segments picked from a code. Decided proposals are listed below."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from coding.codings.params import int_or_none
from coding.models import ProposalKind, ProposalStatus, Stance
from coding.principles.picker import pick_segments
from coding.proposals import selectors
from coding.proposals import services as proposals
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role


class IdList(forms.Field):
    """Ids from checkboxes or a multiple select (every value of the field, not one string)."""

    widget = forms.SelectMultiple

    def to_python(self, value) -> list[int]:
        try:
            return sorted({int(v) for v in value or []})
        except (TypeError, ValueError, OverflowError):
            raise forms.ValidationError("Choose from the list.") from None


class ProposeForm(forms.Form):
    kind = forms.ChoiceField(choices=ProposalKind.choices)
    reason = forms.CharField(max_length=5000)
    code = forms.IntegerField(required=False, min_value=1)
    cluster = forms.IntegerField(required=False, min_value=1)
    target = forms.IntegerField(required=False, min_value=1)
    sources = IdList(required=False)
    name = forms.CharField(required=False, max_length=120)
    statement = forms.CharField(required=False, max_length=2000)
    segments = IdList(required=False)

    def change(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "cluster": data["cluster"],
            "target": data["target"],
            "sources": data["sources"],
            "name": data["name"],
            "statement": data["statement"],
        }


def _problem(form: forms.Form) -> str:
    field, errors = next(iter(form.errors.items()))
    return f"{'' if field == '__all__' else field + ': '}{errors[0]}"


@login_required
@require_safe
def proposals_page(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    listed = selectors.proposals_for(member)
    segments = selectors.segment_rows(member, listed)
    for proposal in listed:
        proposal.segment_rows = segments[proposal.pk]
        proposal.counts = selectors.tally(proposal)
    code = int_or_none(request.GET.get("code"))
    page, picked = pick_segments(
        member, code=code, cluster=None, page=request.GET.get("page"), keep=[]
    )
    context = {
        "study": study,
        "member": member,
        "can_write": member.can_write,
        "open": [p for p in listed if p.status == ProposalStatus.OPEN],
        "decided": [p for p in listed if p.status != ProposalStatus.OPEN],
        "clusters_by_coder": selectors.cluster_view(member),
        "kinds": ProposalKind.choices,
        "stances": Stance.choices,
        "codes": study.codes.order_by("order", "name"),
        "clusters": study.clusters.order_by("order", "name"),
        "picked_code": code,
        "page": page,
        "segments": picked,
    }
    return render(request, "coding/proposals.html", context)


def _back(study_pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("proposals", args=[study_pk]) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def proposal_create(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    form = ProposeForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("", _problem(form))
        proposal = proposals.propose(
            member=member,
            kind=form.cleaned_data["kind"],
            change=form.change(),
            reason=form.cleaned_data["reason"],
            segments=form.cleaned_data["segments"],
        )
    except DomainError as problem:
        messages.error(
            request, f"{problem.field}: {problem.reason}" if problem.field else problem.reason
        )
        return _back(study.pk, "propose")
    messages.success(request, "Proposal posted for the team.")
    return _back(study.pk, f"proposal-{proposal.pk}")


@login_required
@require_POST
def proposal_comment(request: HttpRequest, study_pk: int, proposal_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    try:
        proposals.comment(
            member=member,
            proposal_id=proposal_pk,
            stance=request.POST.get("stance", Stance.COMMENT),
            text=request.POST.get("text", ""),
        )
    except DomainError as problem:
        messages.error(request, problem.reason)
    return _back(study.pk, f"proposal-{proposal_pk}")


def _decide(action, done: str):
    @login_required
    @require_POST
    def view(request: HttpRequest, study_pk: int, proposal_pk: int) -> HttpResponse:
        study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
        try:
            action(member=member, proposal_id=proposal_pk)
        except DomainError as problem:
            messages.error(request, problem.reason)
        else:
            messages.success(request, done)
        return _back(study.pk, f"proposal-{proposal_pk}")

    return view


proposal_accept = _decide(proposals.accept, "Proposal accepted: the codebook is changed.")
proposal_reject = _decide(proposals.reject, "Proposal rejected.")
proposal_withdraw = _decide(proposals.withdraw, "Proposal withdrawn.")
