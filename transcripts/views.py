"""Pages: studies, a study's overview (transcripts, members, import), the transcript reader.

Every study page passes the one door (get_study_for_user) once, then calls one service or
QuerySet method and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from transcripts import imports, studies
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.forms import ImportForm, MemberForm, ParticipantAttributesForm, SpeakerRoleForm
from transcripts.invitations import services as invitations
from transcripts.invitations.models import Invitation
from transcripts.invitations.serializers import invitation_link
from transcripts.models import Role, Transcript


@login_required
def study_detail(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    context = {
        "study": study,
        "member": member,
        "can_write": member.can_write,
        "is_owner": member.is_owner,
        "transcripts": Transcript.objects.filter(study=study).for_listing(),
        "members": study.memberships.select_related("user").order_by("user__username"),
        "invitations": invitations.pending_for_study(member) if member.is_owner else [],
        "participants": study.participants.annotate(
            n=Count("transcripts", filter=Q(transcripts__deleted_at=None))
        ),
        "clusters": study.clusters.annotate(n=Count("codes")).order_by("order", "name"),
        "import_form": ImportForm(),
        "member_form": MemberForm(),
        "speaker_form": SpeakerRoleForm(),
        "roles": Role.choices,
    }
    return render(request, "transcripts/study_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_transcripts(request: HttpRequest, study_pk: int) -> HttpResponse:
    if request.method == "GET":  # a reload after a form post: the import form is on the study
        study, member = get_study_for_user(request.user, study_pk)
        return redirect(reverse("study-detail", args=[study.pk]) + "#import")
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    form = ImportForm(request.POST, request.FILES)
    job = None
    if form.is_valid():
        try:
            job = imports.queue_import(
                study=study,
                user=request.user,
                files=[(f.name, imports.read_upload(f)) for f in form.cleaned_data["files"]],
                participant_code=form.cleaned_data["participant"],
                language=form.cleaned_data["language"],
            )
        except DomainError as error:
            form.add_error(error.field or None, error.reason)
    status = 200 if job else 400
    context = {"study": study, "form": form, "job": job}
    return render(request, _import_template(request), context, status=status)


@login_required
def import_job(request: HttpRequest, study_pk: int, job_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    job = get_object_or_404(study.import_jobs, pk=job_pk)
    return render(request, _import_template(request), {"study": study, "job": job})


def _import_template(request: HttpRequest) -> str:
    """htmx swaps in the fragment; a plain form post (no JavaScript) gets a whole page."""
    return "transcripts/_import_job.html" if request.htmx else "transcripts/import_job.html"


@login_required
@require_POST
def add_member(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            made = invitations.invite(
                member=member, link=invitation_link(request), **form.cleaned_data
            )
            if isinstance(made, Invitation):
                messages.success(
                    request,
                    f"{made.user.username} is invited as {made.role}: they join once they "
                    f"accept (until {made.expires_at:%Y-%m-%d}).",
                )
            else:
                messages.success(request, f"{made.user.username} is now {made.role}.")
        except DomainError as error:
            messages.error(request, error.reason)
    else:
        messages.error(request, "Give a username and a role.")
    return redirect("study-detail", study_pk=study.pk)


@login_required
@require_POST
def remove_member(request: HttpRequest, study_pk: int, member_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    membership = get_object_or_404(study.memberships.select_related("user"), pk=member_pk)
    try:
        studies.remove_member(study=study, membership=membership, actor=request.user)
        messages.success(request, f"{membership.user.username} removed from the study.")
    except DomainError as error:
        messages.error(request, error.reason)
    return redirect("study-detail", study_pk=study.pk)


@login_required
@require_POST
def set_speaker_role(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    form = SpeakerRoleForm(request.POST)
    if form.is_valid():
        changed = studies.set_speaker_role(study=study, actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"“{form.cleaned_data['label']}” is now {form.cleaned_data['role']} "
            f"({changed} turns updated).",
        )
    else:
        messages.error(request, "Give a speaker label and a role.")
    return redirect("study-detail", study_pk=study.pk)


@login_required
@require_POST
def set_blind_phase(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    blind = request.POST.get("blind") == "on"
    studies.set_blind_phase(member=member, blind=blind)
    messages.success(
        request,
        "The blind phase is on: coders see only their own work."
        if blind
        else "The blind phase has ended: coders see each other's work and the agreement.",
    )
    return redirect("study-detail", study_pk=study.pk)


@login_required
@require_POST
def set_reconciler(request: HttpRequest, study_pk: int, member_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    membership = get_object_or_404(study.memberships.select_related("user"), pk=member_pk)
    named = request.POST.get("named") == "on"
    studies.set_reconciler(study=study, membership=membership, value=named)
    name = membership.user.username
    messages.success(request, f"{name} reconciles." if named else f"{name} no longer reconciles.")
    return redirect("study-detail", study_pk=study.pk)


@login_required
def participant_detail(request: HttpRequest, study_pk: int, participant_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    participant = get_object_or_404(study.participants, pk=participant_pk)
    initial = "\n".join(f"{k}: {v}" for k, v in participant.attributes.items())
    form = ParticipantAttributesForm(request.POST or None, initial={"attributes": initial})
    if request.method == "POST":
        study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
        if form.is_valid():
            studies.update_participant(
                participant=participant,
                attributes=form.cleaned_data["attributes"],
                actor=request.user,
            )
            messages.success(request, f"Attributes of {participant.code} saved.")
            return redirect("participant-detail", study_pk=study.pk, participant_pk=participant.pk)
    context = {
        "study": study,
        "participant": participant,
        "form": form,
        "can_write": member.can_write,
        "transcripts": participant.transcripts.for_listing(),
    }
    return render(request, "transcripts/participant_detail.html", context)
