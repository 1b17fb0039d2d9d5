"""The transcript as the API gives it (TranscriptOut's shape), built from two value queries.

A transcript's text and turns are read far more often than anything else in the API (every
script that codes starts there): building 400 Turn objects and passing each through a DRF
serializer cost more than the queries. The fields and their order are TranscriptOut's; the
serializer stays the schema and answers PATCH."""

from django.db.models import F
from django.shortcuts import get_object_or_404
from rest_framework.fields import DateTimeField

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


def transcript_payload(study: Study, transcript_pk: int) -> dict:
    row = get_object_or_404(
        Transcript.objects.filter(study=study)
        .annotate(
            participant_code=F("participant__code"),
            attributes=F("participant__attributes"),
            importer=F("imported_by__username"),
        )
        .values(
            "id", "title", "participant_code", "language", "source_name", "source_format",
            "sha256", "word_count", "media_duration", "imported_at", "importer", "attributes",
            "metadata", "text",
        ),
        pk=transcript_pk,
    )  # fmt: skip
    turns = (
        Turn.objects.filter(transcript_id=row["id"]).order_by("index").values_list(*TURN_COLUMNS)
    )
    body = {
        "id": row["id"],
        "title": row["title"],
        "participant": row["participant_code"],
        "language": row["language"],
        "source_name": row["source_name"],
        "source_format": row["source_format"],
        "sha256": row["sha256"],
        "word_count": row["word_count"],
        "media_duration": row["media_duration"],
        "imported_at": _DATETIME.to_representation(row["imported_at"]),
        "imported_by": row["importer"],
        "participant_attributes": row["attributes"],
        "metadata": TranscriptMetadataOut(row["metadata"]).data,
        "text": row["text"],
        "turns": [dict(zip(TURN_FIELDS, turn, strict=True)) for turn in turns],
    }
    return body
