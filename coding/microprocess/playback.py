"""Pages of a transcript's recording: attach (or replace) and remove it from the session page,
and stream it to members only, with byte ranges so that the player can seek (play from a
turn) without downloading the whole file first."""

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from coding.microprocess import media, recordings
from coding.microprocess.forms import RecordingForm
from coding.microprocess.models import Recording
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role

CHUNK = 256 * 1024


@login_required
@require_POST
def recording_upload(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    form = RecordingForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose an audio or video file.")
    else:
        try:
            recording = recordings.attach_recording(
                member=member, transcript_id=transcript_pk, upload=form.cleaned_data["file"]
            )
            messages.success(request, f"Recording {recording.name} attached.")
        except DomainError as error:
            messages.error(request, f"Recording not attached: {error.reason}")
    return redirect("session", study_pk=study.pk, transcript_pk=transcript_pk)


@login_required
@require_POST
def recording_remove(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk, min_role=Role.CODER)
    if recordings.remove_recording(member=member, transcript_id=transcript_pk):
        messages.success(request, "Recording removed.")
    return redirect("session", study_pk=study.pk, transcript_pk=transcript_pk)


def _chunks(handle, first: int, last: int) -> Iterator[bytes]:
    handle.seek(first)
    left = last - first + 1
    try:
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


@login_required
def recording_file(request: HttpRequest, study_pk: int, transcript_pk: int) -> HttpResponse:
    study, member = get_study_for_user(request.user, study_pk)
    recording = get_object_or_404(
        Recording.objects.filter(transcript__study=study), transcript_id=transcript_pk
    )
    try:
        span = media.byte_range(request.headers.get("Range"), recording.size)
    except ValueError:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{recording.size}"
        return refused
    handle = recording.file.open("rb")
    if span is None:
        response: HttpResponse = FileResponse(handle, content_type=recording.content_type)
    else:
        first, last = span
        response = StreamingHttpResponse(
            _chunks(handle, first, last), status=206, content_type=recording.content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{recording.size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"  # therapy recordings stay out of caches
    return response
