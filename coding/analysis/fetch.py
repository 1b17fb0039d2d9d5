"""Whole-number query results as numpy arrays, for the ~120,000 codings of a study's tables.
The SQL is the queryset's own (visibility filters included). On PostgreSQL the database
joins the rows into one text value that numpy parses in C: no Python tuple or int per value,
which cost more than the query itself (binary COPY hands rows over one call each, a bytea
aggregate costs the database more). Elsewhere (SQLite) the cursor's rows."""

import numpy as np
from django.db import connections
from django.db.models import QuerySet


def int_array(rows: QuerySet, width: int) -> np.ndarray:
    """A values_list query of `width` whole-number, never-null columns as an int64 array."""
    sql, params = rows.query.sql_with_params()
    connection = connections[rows.db]
    if connection.vendor == "postgresql":
        return _aggregated(connection, sql, params, width)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        data = cursor.fetchall()
    return np.array(data, dtype=np.int64).reshape(-1, width)


def _aggregated(connection, sql: str, params, width: int) -> np.ndarray:
    # the subquery's columns renamed by position: joined fields have no alias of their own
    names = [f"c{i}" for i in range(width)]
    statement = (
        f"SELECT count(*), string_agg(concat_ws(' ', {', '.join(names)}), ' ') "
        f"FROM ({sql}) AS q({', '.join(names)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows, text = cursor.fetchone()
    data = np.fromstring(text or "", dtype=np.int64, sep=" ")
    if len(data) != rows * width:  # concat_ws skips nulls: the columns would shift
        raise ValueError("int_array reads never-null columns only.")
    return data.reshape(-1, width)
