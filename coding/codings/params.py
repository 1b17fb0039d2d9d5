"""Query parameters of the coding API views that are not list filters (those are FilterSets in
coding/codings/filters.py): single ids and texts refused with the parameter's name when
malformed, and the codings listing's pagination."""

from transcripts.errors import DomainError
from transcripts.params import Pages


def int_or_none(value: str | None) -> int | None:
    """A form or query value as an int, None when absent or not a whole number."""
    try:
        return int(value or "")
    except ValueError:
        return None


def int_param(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise DomainError(name, "must be a whole number (an id).") from None


def text_param(request, name: str) -> str | None:
    """A text query value, None when absent or blank. NUL characters are refused: no database
    column or comparison takes them (PostgreSQL fails on the query)."""
    value = request.query_params.get(name) or None
    if value is not None and "\x00" in value:
        raise DomainError(name, "Null characters are not allowed.")
    return value


class TranscriptOrPages(Pages):
    """The codings listing: every row of one transcript at once when `transcript` is given
    (the workbench's list), otherwise pages by limit and offset. The schema says both."""

    def paginate_queryset(self, queryset, request, view=None):
        if request.query_params.get("transcript"):
            return None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {"oneOf": [schema, super().get_paginated_response_schema(schema)]}
