"""Bulk writes of an import's codings and moments through transcripts.bulk.insert_rows (COPY
on PostgreSQL: bulk_create's per-object preparation cost seconds for the 120,000 codings of a
large study); the codings' ids are read back by their natural key, unique per transcript,
code, coder and span. Constraints hold either way: a bad row fails the import's
transaction."""

from coding.models import Coding, SignificantMoment
from transcripts.bulk import insert_rows

CODING_FIELDS = ("transcript_id", "code_id", "coder_id", "start", "end", "memo")
MOMENT_FIELDS = ("transcript_id", "rater_id", "start", "end", "valence", "intensity", "note")


def insert_spans(codings: list, moments: list[SignificantMoment]) -> None:
    """Store the rows (spans.NewCoding); each has its id afterwards (notes link to codings),
    read back by the natural key."""
    for model, fields, rows in (
        (Coding, CODING_FIELDS, codings),
        (SignificantMoment, MOMENT_FIELDS, moments),
    ):
        if rows:
            insert_rows(
                model, fields, ([getattr(r, f) for f in fields] for r in rows), stamped=True
            )
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
