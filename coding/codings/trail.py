"""What the audit trail keeps of codings, moments and memos: their fields as plain data
(a deleted coding with the memos attached to it, so an undo can bring them back), written
through the one helper, `transcripts.audit.services.record`."""

from typing import Any

from coding.models import Coding, Memo, SignificantMoment
from transcripts.audit import services as audit
from transcripts.audit.models import AuditEvent
from transcripts.models import Membership

CODING_FIELDS = ("transcript", "code", "coder", "start", "end", "memo")
MOMENT_FIELDS = ("transcript", "rater", "start", "end", "valence", "intensity", "note")
MEMO_FIELDS = ("author", "transcript", "code", "coding", "text")
KINDS = {Coding: audit.Kind.CODING, SignificantMoment: audit.Kind.MOMENT, Memo: audit.Kind.MEMO}
FIELDS = {Coding: CODING_FIELDS, SignificantMoment: MOMENT_FIELDS, Memo: MEMO_FIELDS}


def state(obj: Coding | SignificantMoment | Memo, *, with_memos: bool = False) -> dict[str, Any]:
    """The row's fields; a coding `with_memos` also lists the memos attached to it."""
    out = audit.snapshot(obj, FIELDS[type(obj)])
    if with_memos:
        memos = obj.memos.order_by("id").values("id", "author_id", "text", "created_at")
        out["memos"] = [
            {"id": m["id"], "author": m["author_id"], "text": m["text"], "at": m["created_at"]}
            for m in memos
        ]
    return out


def log_created(member: Membership, objs: list[Coding | SignificantMoment | Memo]) -> None:
    """Rows made in one bulk write, recorded in one statement (bulk writes send no signals,
    so every service that writes in bulk records here)."""
    audit.record_many(
        [
            audit.event(
                study=member.study_id,
                actor=member.user_id,
                kind=KINDS[type(obj)],
                action="created",
                object_type=type(obj)._meta.model_name,
                object_id=obj.pk,
                summary=f"{KINDS[type(obj)].label} {obj.pk} created",
                before=None,
                after=state(obj),
            )
            for obj in objs
        ]
    )


def log(
    member: Membership,
    action: str,
    obj: Coding | SignificantMoment | Memo,
    *,
    before: dict | None = None,
    after: dict | None = None,
    object_id: int | None = None,
) -> AuditEvent:
    """One change of a coding, moment or memo by `member` (after = its state now unless
    given; a deletion passes `object_id`, the row having lost its id)."""
    kind = KINDS[type(obj)]
    if after is None and action != "deleted":
        after = state(obj)
    if action == "changed" and before is not None:
        before, after = audit.changes(before, after)
    pk = obj.pk if object_id is None else object_id
    return audit.record(
        study=member.study_id,
        actor=member.user_id,
        kind=kind,
        action=action,
        object_type=type(obj)._meta.model_name,
        object_id=pk,
        summary=f"{kind.label} {pk} {action}",
        before=before,
        after=after,
    )


def deleted_coding(member: Membership, coding_id: int) -> dict | None:
    """What the member's own coding `coding_id` was when they deleted it (with its memos),
    unless it has been restored since; None otherwise."""
    found = (
        AuditEvent.objects.filter(
            study_id=member.study_id,
            actor_id=member.user_id,
            kind=audit.Kind.CODING,
            object_type="coding",
            object_id=coding_id,
        )
        .order_by("-at", "-id")
        .values_list("action", "before")
        .first()
    )
    return found[1] if found and found[0] == "deleted" else None
