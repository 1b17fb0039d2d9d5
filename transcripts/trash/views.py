"""Pages of the trash: deleting a study or a transcript (its name typed back), the study's
trash of transcripts and the user's trash of studies, with a restore button on each row."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role, Transcript
from transcripts.trash import services


@login_required
def trash(request: HttpRequest) -> HttpResponse:
    """The studies the user owns that are in the trash."""
    context = {"studies": services.trashed_studies(request.user), "days": services.TRASH_DAYS}
    return render(request, "transcripts/trash.html", context)


@login_required
@require_POST
def study_delete(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    try:
        services.trash_study(member=member, confirm=request.POST.get("confirm"))
    except DomainError as error:
        messages.error(request, error.reason)
        return redirect("study-detail", study_pk=study.pk)
    messages.success(
        request,
        f"“{study.title}” is in the trash: restore it there within {services.TRASH_DAYS} days.",
    )
    return redirect("trash")


@login_required
@require_POST
def study_restore(request: HttpRequest, study_pk: int) -> HttpResponse:
    study = services.restore_study(user=request.user, study_id=study_pk)
    messages.success(request, f"“{study.title}” is restored.")
    return redirect("study-detail", study_pk=study.pk)


@login_required
def study_trash(request: HttpRequest, study_pk: int) -> HttpResponse:
    """The study's trashed transcripts, and the form that deletes one (owners only)."""
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    context = {
        "study": study,
        "trashed": services.trashed_transcripts(member),
        "transcripts": Transcript.objects.filter(study=study)
        .select_related("participant")
        .only("id", "title", "participant__code")
        .order_by("participant__code", "title", "id"),
        "days": services.TRASH_DAYS,
        "chosen": _int(request.GET.get("transcript")),  # from a row's "delete…" link
    }
    return render(request, "transcripts/study_trash.html", context)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() else None


@login_required
@require_POST
def transcript_delete(request: HttpRequest, study_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    try:
        transcript = services.trash_transcript(
            member=member,
            transcript_id=request.POST.get("transcript"),
            confirm=request.POST.get("confirm"),
        )
        messages.success(request, f"“{transcript.title}” is in the trash.")
    except DomainError as error:
        messages.error(request, error.reason)
    return redirect("study-trash", study_pk=study.pk)


@login_required
@require_POST
def transcript_restore(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.OWNER)
    transcript = services.restore_transcript(member=member, transcript_id=transcript_pk)
    messages.success(request, f"“{transcript.title}” is restored.")
    return redirect("study-trash", study_pk=study.pk)
