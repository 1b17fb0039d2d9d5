"""Bulk writes of an import's codings and moments. On PostgreSQL the rows are streamed with
COPY (bulk_create's per-object preparation costs seconds for the 120,000 codings of a large
study) and the codings' ids read back by their natural key, unique per transcript, code, coder
and span; other databases use bulk_create. Constraints hold either way: a bad row fails the
import's transaction."""

from coding.models import Coding, SignificantMoment
from transcripts.bulk import can_copy, copy_rows

CODING_FIELDS = ("transcript_id", "code_id", "coder_id", "start", "end", "memo")
MOMENT_FIELDS = ("transcript_id", "rater_id", "start", "end", "valence", "intensity", "note")


def insert_spans(codings: list, moments: list[SignificantMoment]) -> None:
    """Store the rows (spans.NewCoding); each has its id afterwards (notes link to codings)."""
    if not can_copy():
        models = Coding.objects.bulk_create(
            [Coding(**{f: getattr(c, f) for f in CODING_FIELDS}) for c in codings],
            batch_size=2000,
        )
        for row, model in zip(codings, models, strict=True):
            row.pk = model.pk
        SignificantMoment.objects.bulk_create(moments, batch_size=2000)
        return
    for model, fields, rows in (
        (Coding, CODING_FIELDS, codings),
        (SignificantMoment, MOMENT_FIELDS, moments),
    ):
        if rows:
            copy_rows(model, fields, ([getattr(r, f) for f in fields] for r in rows), stamped=True)
    if not codings:
        return
    by_key = {(c.transcript_id, c.code_id, c.coder_id, c.start, c.end): c for c in codings}
    stored = Coding.objects.filter(transcript_id__in={c.transcript_id for c in codings})
    for pk, *key in stored.values_list(
        "id", "transcript_id", "code_id", "coder_id", "start", "end"
    ):
        row = by_key.get(tuple(key))
        if row is not None:
            row.pk = pk
