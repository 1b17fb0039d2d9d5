"""The transcript as the API gives it (TranscriptOut's shape), built from two value queries,
the second (its turns) kept per process with the metadata's presentation until turns change.

A transcript's text and turns are read far more often than anything else in the API (every
script that codes starts there): building 400 Turn objects and passing each through a DRF
serializer cost more than the queries. The fields and their order are TranscriptOut's; the
serializer stays the schema and answers PATCH."""

import hashlib
from dataclasses import dataclass

from django.http import Http404
from rest_framework.fields import DateTimeField

from transcripts.compiled import Compiled
from transcripts.kept import Kept
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
        "participant__attributes", "metadata", "text", "turns_revision",
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


def transcript_payload(study: Study, transcript_pk: int) -> tuple[dict, str]:
    """The answer and its version (for the ETag): hashing what the row says but the text,
    which never changes after the import (the id and import time name it), and the turns'
    revision stand for the 150 kB answer; hashing the answer was a tenth of the request."""
    try:
        [row] = _TRANSCRIPT.rows(study_id=study.pk, transcript_id=transcript_pk)
    except (ValueError, TypeError, OverflowError):  # no such transcript here, or not an id
        raise Http404("No Transcript matches the given query.") from None
    (pk, title, participant, language, source_name, source_format, sha256, word_count,
     duration, imported_at, importer, attributes, metadata, text, revision) = row  # fmt: skip
    kept = _kept_parts(pk, (imported_at, revision), metadata)
    version = hashlib.md5(repr([*row[:13], revision]).encode(), usedforsecurity=False).hexdigest()
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
        "metadata": kept.metadata,
        "text": text,
        "turns": kept.turns,
    }, version


# A transcript's turns and metadata, per process, under its turns_revision (models.Transcript):
# its text and metadata never change after the import and its turns rarely, while every script
# that codes reads them first. Reading 392 turns was a third of the text API's time and
# presenting the metadata a tenth. The newest few transcripts only: an editor keeps reading
# one, and a process must stay small. The import time is part of the key: an id rolled back
# with its import may be given again (SQLite), never with the same time.
@dataclass(frozen=True, slots=True)
class _Parts:
    metadata: dict
    turns: list[dict]


_KEPT: Kept[_Parts] = Kept(8)


def _kept_parts(transcript_id: int, version: tuple, metadata: dict) -> _Parts:
    key = (transcript_id, *version)
    kept = _KEPT.get(key)
    if kept is not None:
        return kept
    rows = _TURNS.rows(transcript_id=transcript_id)
    turns = [dict(zip(TURN_FIELDS, row, strict=True)) for row in rows]
    return _KEPT.put(key, _Parts(TranscriptMetadataOut(metadata).data, turns))
