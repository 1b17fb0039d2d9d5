"""The transcript as the API gives it (TranscriptOut's shape), built from two value queries.

A transcript's text and turns are read far more often than anything else in the API (every
script that codes starts there): building 400 Turn objects and passing each through a DRF
serializer cost more than the queries. The fields and their order are TranscriptOut's; the
serializer stays the schema and answers PATCH."""

from django.http import Http404
from rest_framework.fields import DateTimeField

from transcripts.compiled import Compiled
from transcripts.models import Study, Transcript, Turn
from transcripts.serializers import TranscriptMetadataOut

FIELDS = (
    "id", "title", "participant", "language", "source_name", "source_format", "sha256",
    "word_count", "media_duration", "imported_at", "imported_by", "participant_attributes",
    "metadata", "text",
)  # fmt: skip
TURN_FIELDS = (
    "index", "speaker", "role", "start", "end", "start_seconds", "end_seconds", "participant",
)  # fmt: skip
TURN_COLUMNS = (*TURN_FIELDS[:-1], "participant__code")
_DATETIME = DateTimeField()


_TRANSCRIPT = Compiled(
    lambda study_id, transcript_id: Transcript.objects.filter(
        study_id=study_id, pk=transcript_id
    ).values_list(
        "id", "title", "participant__code", "language", "source_name", "source_format",
        "sha256", "word_count", "media_duration", "imported_at", "imported_by__username",
        "participant__attributes", "metadata", "text",
    ),
    study_id=int,
    transcript_id=int,
)  # fmt: skip
_TURNS = Compiled(
    lambda transcript_id: (
        Turn.objects.filter(transcript_id=transcript_id)
        .order_by("index")
        .values_list(*TURN_COLUMNS)
    ),
    transcript_id=int,
)


def transcript_payload(study: Study, transcript_pk: int) -> dict:
    try:
        [row] = _TRANSCRIPT.rows(study_id=study.pk, transcript_id=transcript_pk)
    except (ValueError, TypeError, OverflowError):  # no such transcript here, or not an id
        raise Http404("No Transcript matches the given query.") from None
    (pk, title, participant, language, source_name, source_format, sha256, word_count,
     duration, imported_at, importer, attributes, metadata, text) = row  # fmt: skip
    return {
        "id": pk,
        "title": title,
        "participant": participant,
        "language": language,
        "source_name": source_name,
        "source_format": source_format,
        "sha256": sha256,
        "word_count": word_count,
        "media_duration": duration,
        "imported_at": _DATETIME.to_representation(imported_at),
        "imported_by": importer,
        "participant_attributes": attributes,
        "metadata": TranscriptMetadataOut(metadata).data,
        "text": text,
        "turns": [
            dict(zip(TURN_FIELDS, turn, strict=True)) for turn in _TURNS.rows(transcript_id=pk)
        ],
    }
