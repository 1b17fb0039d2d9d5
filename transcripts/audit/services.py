"""Writing and reading the audit trail. Services call `record` (or `record_many` for a batch)
inside their own transaction, once per change; `snapshot` turns a row into the plain
before/after dict. Only owners read the trail (`events_for`): it holds every coder's work,
which a coder must not see during the blind phase."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from transcripts.audit.models import AuditEvent, AuditKind
from transcripts.errors import DomainError
from transcripts.models import Membership, Study

Kind = AuditKind


def plain(value: Any) -> Any:
    """A value as JSON holds it: model instances by id, dates as ISO text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a row (a foreign key by its id: `code` reads `code_id`)."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = field.attname if field.is_relation else name
        out[name] = plain(getattr(instance, attname))
    return out


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed, before and after."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def event(
    *,
    study: Study | int,
    actor,
    kind: str,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: int | None = None,
    summary: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """An unsaved event (for `record_many`)."""
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = obj.pk if object_id is None else object_id
    return AuditEvent(
        study_id=study if isinstance(study, int) else study.pk,
        actor_id=getattr(actor, "pk", actor),
        kind=kind,
        action=action,
        object_type=object_type or kind,
        object_id=object_id,
        summary=summary[:300],
        before=plain(before),
        after=plain(after),
    )


def record(**fields: Any) -> AuditEvent:
    """Store one change (see `event` for the fields); call inside the change's transaction."""
    row = event(**fields)
    row.save()
    return row


def record_many(rows: list[AuditEvent]) -> None:
    """Store a batch of changes in one statement."""
    AuditEvent.objects.bulk_create(rows)


def events_for(
    member: Membership,
    *,
    kind: str | None = None,
    user: str | None = None,
    since: str | None = None,
    until: str | None = None,
):
    """The study's trail, newest first, for its owners only: it holds every coder's work,
    which no coder may see during the blind phase. Narrowed to a kind of change, a user
    (username) and days (YYYY-MM-DD, both ends included); a bad filter is a 400 naming it."""
    if not member.is_owner:
        raise PermissionDenied("Only an owner of the study reads its audit trail.")
    rows = AuditEvent.objects.filter(study_id=member.study_id)
    if kind:
        if kind not in Kind.values:
            raise DomainError("kind", f"must be one of {', '.join(Kind.values)}.")
        rows = rows.filter(kind=kind)
    if user:
        rows = rows.filter(actor__username=user.strip())
    if since:
        rows = rows.filter(at__date__gte=_day("since", since))
    if until:
        rows = rows.filter(at__date__lte=_day("until", until))
    return rows.select_related("actor").order_by("-at", "-id")


def _day(field: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise DomainError(field, "Give a day as YYYY-MM-DD.") from None


def record_export(member: Membership, what: str, **params: Any) -> AuditEvent:
    """An export of study data (who took what, with which options) in the trail."""
    return record(
        study=member.study_id,
        actor=member.user_id,
        kind=Kind.EXPORT,
        action="exported",
        object_type=what,
        summary=f"{what} exported",
        after=params,
    )
