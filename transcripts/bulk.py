"""Large inserts of plain rows: PostgreSQL's COPY there, bulk_create elsewhere (insert_rows).

bulk_create prepares every value of every object through the field (Model.__init__, then
get_db_prep_save per value, then SQL text): for the 40,000 turns and 120,000 codings of a
large project import that was seconds of the import. COPY streams the values as they are, in
PostgreSQL's binary format (half a second less than text for those rows: no numbers or
timestamps to print and parse). Constraints and deferred foreign keys hold exactly as for an
INSERT, so a bad row still fails the caller's transaction."""

import contextlib
import gc
from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone


def insert_rows(model, fields: Sequence[str], rows: Iterable[Sequence], *, stamped: bool) -> None:
    """Insert `rows` (tuples of `fields`' values, attribute names such as "transcript_id")
    into `model`'s table. `stamped`: the model has created_at and updated_at, filled with now.
    Nothing is returned: a caller that needs the ids reads them back by a natural key."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            (model(**dict(zip(fields, row, strict=True))) for row in rows), batch_size=2000
        )
        return
    _copy_rows(model, fields, rows, stamped=stamped)


def _copy_rows(model, fields: Sequence[str], rows: Iterable[Sequence], *, stamped: bool) -> None:
    opts, quote = model._meta, connection.ops.quote_name
    found = [opts.get_field(f) for f in fields]
    columns = [f.column for f in found]
    types = [_type(f) for f in found]
    extra: list = []
    if stamped:
        columns += ["created_at", "updated_at"]
        types += ["timestamptz", "timestamptz"]
        extra = [timezone.now()] * 2
    sql = (
        f"COPY {quote(opts.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN (FORMAT BINARY)"
    )
    # Through Django's error wrapper: a constraint broken by a row is an IntegrityError, as
    # for any query (the raw cursor would raise psycopg's own).
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        copy.set_types(types)
        for row in rows:
            copy.write_row([*row, *extra] if extra else row)


def _type(field) -> str:
    """The column's type as psycopg names it (binary COPY sends typed values): varchar(100)
    is varchar; a foreign key has its target's type."""
    return field.db_type(connection).split("(")[0]


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector for a bulk job that creates millions of
    objects and frees few: each full collection walks everything alive, and parsing a large
    project set off enough of them to cost a third of the parse. Reference counting still
    frees what the job drops; cycles wait for the collector, which resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
