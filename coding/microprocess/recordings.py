"""Writes of recordings: attach (or replace) a transcript's audio or video, and remove it.
The kind comes from the file's first bytes; the size limit is QUALCODE_MAX_MEDIA_BYTES. The
old file is deleted from storage only once the transaction that replaced it has committed."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404

from coding.microprocess import media, timeline
from coding.microprocess.models import Recording
from transcripts.access import require_writer
from transcripts.errors import DomainError
from transcripts.models import Membership, Transcript, Turn

REFUSAL = "Viewers cannot attach or remove recordings."


def _transcript(member: Membership, transcript_id: int) -> Transcript:
    try:
        return Transcript.objects.defer("text", "sentences").get(
            study_id=member.study_id, pk=transcript_id
        )
    except Transcript.DoesNotExist:
        # The transcript is part of the address: an unknown one is a 404, as for the study.
        raise Http404("No such transcript in this study.") from None


def _delete_later(recording: Recording | None) -> None:
    if recording is not None and recording.file:
        storage, name = recording.file.storage, recording.file.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def attach_recording(*, member: Membership, transcript_id: int, upload: UploadedFile) -> Recording:
    require_writer(member, REFUSAL)
    transcript = _transcript(member, transcript_id)
    limit = settings.QUALCODE_MAX_MEDIA_BYTES
    if upload.size is None or upload.size == 0:
        raise DomainError("file", "the file is empty.")
    if upload.size > limit:
        raise DomainError("file", f"larger than the limit of {limit // (1024 * 1024)} MiB.")
    upload.seek(0)
    kind = media.sniff(upload.read(16))
    upload.seek(0)
    if kind is None:
        kinds = ", ".join(media.KINDS.values())
        raise DomainError("file", f"not an audio or video file this site plays ({kinds}).")
    old = Recording.objects.select_for_update().filter(transcript=transcript).first()
    _delete_later(old)
    if old is not None:
        old.delete()
    recording = Recording(
        transcript=transcript,
        name=(upload.name or "recording")[:255],
        content_type=kind,
        size=upload.size,
        uploaded_by=member.user,
    )
    recording.file.save("recording", upload, save=False)
    try:
        recording.save()
    except Exception:
        recording.file.delete(save=False)  # stored but not recorded: nothing half-kept
        raise
    return recording


@transaction.atomic
def remove_recording(*, member: Membership, transcript_id: int) -> bool:
    require_writer(member, REFUSAL)
    transcript = _transcript(member, transcript_id)
    recording = Recording.objects.filter(transcript=transcript).first()
    if recording is None:
        return False
    _delete_later(recording)
    recording.delete()
    return True


@transaction.atomic
def set_turn_times(*, member: Membership, transcript_id: int, times: list) -> int:
    """Store turn times tapped along the recording (untimed transcripts get their timeline).
    Returns how many turns were timed; nothing is stored when one row is wrong."""
    require_writer(member, "Viewers cannot change turn times.")
    transcript = _transcript(member, transcript_id)
    turns = {t.index: t for t in Turn.objects.filter(transcript=transcript)}
    try:
        rows = timeline.checked_times(times, set(turns))
    except ValueError as error:
        field, reason = error.args
        raise DomainError(field, reason) from None
    changed = []
    for index, start, end in rows:
        turns[index].start_seconds, turns[index].end_seconds = start, end
        changed.append(turns[index])
    Turn.objects.bulk_update(changed, ["start_seconds", "end_seconds"])
    if rows and (transcript.media_duration or 0) < rows[-1][2]:
        Transcript.objects.filter(pk=transcript.pk).update(media_duration=rows[-1][2])
    return len(changed)
