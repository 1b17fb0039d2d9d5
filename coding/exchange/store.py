"""Bulk writes of an import's codings and moments. On PostgreSQL the rows are streamed with
COPY (bulk_create's per-object preparation costs seconds for the 120,000 codings of a large
study) and the codings' ids read back by their natural key, unique per transcript, code, coder
and span; other databases use bulk_create. Constraints hold either way: a bad row fails the
import's transaction."""

from django.db import connection
from django.utils import timezone

from coding.models import Coding, SignificantMoment

CODING_FIELDS = ("transcript_id", "code_id", "coder_id", "start", "end", "memo")
MOMENT_FIELDS = ("transcript_id", "rater_id", "start", "end", "valence", "intensity", "note")


def insert_spans(codings: list[Coding], moments: list[SignificantMoment]) -> None:
    """Store the rows; each coding has its id afterwards (notes link to codings)."""
    if connection.vendor != "postgresql":
        Coding.objects.bulk_create(codings, batch_size=2000)
        SignificantMoment.objects.bulk_create(moments, batch_size=2000)
        return
    now = timezone.now()
    _copy(Coding, CODING_FIELDS, codings, now)
    _copy(SignificantMoment, MOMENT_FIELDS, moments, now)
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


def _copy(model, fields: tuple[str, ...], rows: list, now) -> None:
    if not rows:
        return
    opts, quote = model._meta, connection.ops.quote_name
    columns = [opts.get_field(f).column for f in fields] + ["created_at", "updated_at"]
    sql = f"COPY {quote(opts.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([getattr(row, f) for f in fields] + [now, now])
