"""Pages of invitations: the user's waiting invitations (and one from its email link) with
accept and decline buttons; revoking one from the study page (owners)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from transcripts.access import get_study_for_user
from transcripts.invitations import services
from transcripts.models import Role


@login_required
def my_invitations(request: HttpRequest) -> HttpResponse:
    rows = services.pending_for_user(request.user)
    return render(request, "transcripts/invitations.html", {"invitations": rows})


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation email links to (for the invited user only)."""
    found = services.invitation_for(request.user, token)
    return render(request, "transcripts/invitations.html", {"invitations": [found]})


@login_required
@require_POST
def accept(request: HttpRequest, token: str) -> HttpResponse:
    accepted = services.accept(user=request.user, token=token)
    messages.success(request, f"Welcome to “{accepted.study.title}” as {accepted.role}.")
    return redirect("study-detail", study_pk=accepted.study_id)


@login_required
@require_POST
def decline(request: HttpRequest, token: str) -> HttpResponse:
    declined = services.decline(user=request.user, token=token)
    messages.success(request, f"You declined the invitation to “{declined.study.title}”.")
    return redirect("my-invitations")


@login_required
@require_POST
def revoke(request: HttpRequest, study_pk: int, invitation_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    revoked = services.revoke(member=member, invitation_id=invitation_pk)
    messages.success(request, f"The invitation of {revoked.user.username} is revoked.")
    return redirect("study-detail", study_pk=study.pk)
