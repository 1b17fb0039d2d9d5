"""The audit trail as CSV rows (one per change; before and after as JSON text), with cells a
spreadsheet would read as formulas neutralised."""

import csv
import io
import json
from collections.abc import Iterable, Iterator

from transcripts.audit.models import AuditEvent
from transcripts.cells import neutralised

HEADER = ["at", "user", "kind", "action", "object", "object_id", "summary", "before", "after"]


def as_json(value: object) -> str:
    """Before/after as one line of JSON ("" when there is none)."""
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def row(event: AuditEvent) -> list:
    return [
        event.at.isoformat(),
        event.actor.username if event.actor else "",
        event.kind,
        event.action,
        event.object_type,
        "" if event.object_id is None else event.object_id,
        event.summary,
        as_json(event.before),
        as_json(event.after),
    ]


def csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The header, then one CSV line per event (streamed: a trail can be long)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in ([HEADER], ([neutralised(v) for v in row(e)] for e in events)):
        for line in values:
            writer.writerow(line)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
