"""The transcript as the API gives it (TranscriptOut's shape), built from two value queries.

A transcript's text and turns are read far more often than anything else in the API (every
script that codes starts there): building 400 Turn objects and passing each through a DRF
serializer cost more than the queries. The fields and their order are TranscriptOut's; the
serializer stays the schema and answers PATCH."""

import threading
from collections import OrderedDict

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


def transcript_payload(study: Study, transcript_pk: int) -> dict:
    try:
        [row] = _TRANSCRIPT.rows(study_id=study.pk, transcript_id=transcript_pk)
    except (ValueError, TypeError, OverflowError):  # no such transcript here, or not an id
        raise Http404("No Transcript matches the given query.") from None
    (pk, title, participant, language, source_name, source_format, sha256, word_count,
     duration, imported_at, importer, attributes, metadata, text, revision) = row  # fmt: skip
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
        "turns": _turns(pk, (imported_at, revision)),
    }


# A transcript's turns, per process, under its turns_revision (models.Transcript): its text
# never changes and its turns rarely, while every script that codes reads them first. Fetching
# 392 turns was a third of the text API's time. The newest few transcripts only: an editor
# keeps reading one, and a process must stay small. The import time is part of the key: an id
# rolled back with its import may be given again (SQLite), never with the same time.
_KEPT = 8
_kept: OrderedDict[int, tuple[tuple, list[dict]]] = OrderedDict()
_lock = threading.Lock()


def _turns(transcript_id: int, version: tuple) -> list[dict]:
    with _lock:
        kept = _kept.get(transcript_id)
        if kept and kept[0] == version:
            _kept.move_to_end(transcript_id)
            return kept[1]
    rows = _TURNS.rows(transcript_id=transcript_id)
    turns = [dict(zip(TURN_FIELDS, row, strict=True)) for row in rows]
    with _lock:
        _kept[transcript_id] = (version, turns)
        _kept.move_to_end(transcript_id)
        while len(_kept) > _KEPT:
            _kept.popitem(last=False)
    return turns
