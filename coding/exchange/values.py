"""Values as REFI-QDA writes them: timestamps, selection names, typed variables. Pure."""

import json
from datetime import UTC

QUOTE_NAME_CHARS = 80


def stamp(value) -> str | None:
    """ISO 8601 in UTC with a Z, as the standard's examples write it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def quote_name(text: str) -> str:
    """A selection's name: its quote, shortened with an ellipsis (importers check it)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_NAME_CHARS else flat[: QUOTE_NAME_CHARS - 1] + "…"


def variable_type(values: list) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "Boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Integer"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "Float"
    return "Text"


def written(value, kind: str) -> str:
    if kind == "Boolean":
        return "true" if value else "false"
    if kind in ("Integer", "Float"):
        return repr(value)
    return (
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    )
