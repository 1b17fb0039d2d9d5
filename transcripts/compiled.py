"""Queries compiled to SQL once per process, then run with each request's values.

Django builds and compiles a QuerySet's SQL afresh on every evaluation. For the joins that every
API request makes (the token, the door) and the transcript text API's two queries, compiling
took 0.4-1.5 ms each, ten times what SQLite or PostgreSQL took to answer. `Compiled` compiles a
values-list QuerySet once per database with marker values in place of the request's, finds the
markers among the SQL parameters, and later runs the same SQL with the request's values there,
converting the columns with the converters Django itself would apply. The ORM stays how queries
are written; this is only for the few that every request pays for."""

import functools
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

# Marker values no query of ours holds as a constant (strings with a NUL; integers near the top
# of the 32-bit range, inside every integer field's range: out of range, the ORM would compile
# the lookup to "matches nothing"). Their places among the parameters are the request's values.
_serial = itertools.count(1)
_MARKER_OF = {
    int: lambda n: 2_147_000_000 + n,
    str: lambda n: f"\x00compiled-marker-{n}\x00",
}


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    places: dict[str, tuple[int, ...]]
    converters: tuple[tuple[int, tuple, Any], ...]


class Compiled:
    """`build(**values)` returns a `values_list` QuerySet; `kinds` gives each value's type
    (int or str). `rows(**values)` runs it and returns the rows as lists, as the ORM would."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        self.build, self.kinds = build, kinds
        self._plans: dict[str, _Plan] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> _Plan:
        markers = {name: _MARKER_OF[kind](next(_serial)) for name, kind in self.kinds.items()}
        queryset = self.build(**markers)
        query = queryset.query
        # Values in the requested order only: annotations and extra columns are reordered by
        # the ORM's iterables, which this does not repeat.
        if query.annotation_select or query.extra_select or not query.values_select:
            raise ValueError("Compiled takes a plain values_list() query")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        places = {}
        for name, marker in markers.items():
            found = tuple(i for i, value in enumerate(params) if value == marker)
            if not found or str(marker) in sql:
                raise ValueError(f"{name} is not a parameter of the compiled query")
            places[name] = found
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        converters = tuple(
            (index, tuple(functions), expression)
            for index, (functions, expression) in compiler.get_converters(columns).items()
        )
        return _Plan(sql, tuple(params), places, converters)

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[list]:
        plan = self._plans.get(using)
        if plan is None:
            with self._lock:
                plan = self._plans.get(using) or self._compile(using)
                self._plans[using] = plan
        params = list(plan.params)
        for name, places in plan.places.items():
            value = self.kinds[name](values[name])
            for index in places:
                params[index] = value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for index, functions, expression in plan.converters:
                value = row[index]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[index] = value
        return rows


def concrete_columns(model: type[Model], prefix: str = "") -> list[str]:
    """The lookups of a model's stored columns (foreign keys by their `_id`), under `prefix`."""
    return [prefix + field.attname for field in model._meta.concrete_fields]


@functools.cache
def _layout(model: type[Model]) -> tuple[list[str], int]:
    """A model's concrete column names and where its key is among them (asked on every request:
    worked out once)."""
    names = [field.attname for field in model._meta.concrete_fields]
    return names, names.index(model._meta.pk.attname)


def instance(model: type[Model], row: list, start: int, using: str = DEFAULT_DB_ALIAS):
    """The `model` instance whose concrete columns begin at `row[start]` (as `concrete_columns`
    listed them); None when its key is null (an empty outer join)."""
    names, key = _layout(model)
    values = row[start : start + len(names)]
    if values[key] is None:
        return None
    return model.from_db(using, names, values)
