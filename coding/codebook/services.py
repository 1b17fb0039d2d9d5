"""Codebook services: looking up codes and clusters within a study, creating and changing
codes (one atomic `change_code` for a rename, a move and other fields at once). Coders
create codes and refine definitions; owners rename and move. Every change lands in the
codebook history with who, when, what and why."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Q, Value, When

from coding.models import Cluster, Code, CodebookEvent, ReconciliationDecision
from transcripts import nlp
from transcripts.access import require_writer
from transcripts.audit import services as audit
from transcripts.errors import DomainError
from transcripts.models import Membership, Study

CODE_FIELDS = (
    "definition",
    "inclusion",
    "exclusion",
    "example",
    "colour",
    "keywords",
    "patterns",
    "active",
    "order",
)
CLUSTER_FIELDS = ("name", "description", "order", "parent")
Action = CodebookEvent.Action


def require_member(member: Membership, *, owner: bool = False) -> tuple[Study, Any]:
    """(study, actor) of a member allowed the change: coders refine, owners restructure."""
    if owner and not member.is_owner:
        raise PermissionDenied("Only an owner of the study can change the codebook's structure.")
    return require_writer(member, "Viewers cannot change the codebook.")


def record(
    study, actor, action, summary, reason="", *, blind_summary: str = "", **details
) -> CodebookEvent:
    """One entry of the codebook history, and of the study's audit trail. `blind_summary`
    leaves out what counts everyone's codings (what coders read during the blind phase);
    empty when the summary counts none."""
    before, after = _before_after(action, details)
    target = "cluster" if "cluster" in action else "code"
    audit.record(
        study=study,
        actor=actor,
        kind=audit.Kind.CODEBOOK,
        action=action,
        object_type=target,
        object_id=details.get(target) if action != Action.MERGE_CODES else details["target"],
        summary=summary,
        before=before,
        after=after,
    )
    return CodebookEvent.objects.create(
        study=study,
        actor=actor,
        action=action,
        summary=summary[:500],
        blind_summary=blind_summary[:500],
        reason=reason,
        details=details,
    )


def _before_after(action: str, details: dict) -> tuple[dict | None, dict | None]:
    """The audit trail's before/after of a codebook change, from its history details."""
    if "changes" in details:
        changes = details["changes"]
        return {k: v[0] for k, v in changes.items()}, {k: v[1] for k, v in changes.items()}
    if action == Action.RENAME_CODE:
        return {"name": details["old"]}, {"name": details["new"]}
    if action == Action.MOVE_CODE:
        return {"cluster": details["old_cluster"]}, {"cluster": details["new_cluster"]}
    if "orders" in details:
        orders = details["orders"]
        return {k: v[0] for k, v in orders.items()}, {k: v[1] for k, v in orders.items()}
    if action.startswith("delete"):
        return details, None
    if action.startswith("create") or action == Action.LOAD_STARTER:
        return None, details
    if action == Action.MERGE_CODES:
        return {"sources": details["sources"]}, {"target": details["target"], **details}
    if action == Action.SPLIT_CODE:
        return {"code": details["code"], "name": details["name"]}, {
            "parts": details["parts"],
            "assignments": details["assignments"],
        }
    return None, details


def history(member: Membership):
    """The codebook history as this member may read it: in the blind phase a coder reads
    summaries without counts of everyone's codings, and no details (coding ids, counts)."""
    events = member.study.codebook_events.select_related("actor")
    if not member.sees_only_own:
        return events.annotate(shown=F("summary"), details_hidden=Value(False))
    return events.annotate(
        shown=Case(When(blind_summary="", then=F("summary")), default=F("blind_summary")),
        details_hidden=Value(True),
    )


def motivations(study: Study, decision_ids) -> list[dict]:
    """The reconciliation decisions that motivated a codebook change, checked to belong to the
    study, as stored in the change's history entry (its link back to the disagreements)."""
    if not decision_ids:
        return []
    try:
        ids = sorted({int(pk) for pk in decision_ids})
    except (TypeError, ValueError):
        raise DomainError("motivated_by", "List reconciliation decision ids.") from None
    found = list(
        ReconciliationDecision.objects.filter(study=study, pk__in=ids).values(
            "id", "transcript_id", "start", "end", "kind"
        )
    )
    if len(found) != len(ids):
        raise DomainError("motivated_by", "Some decisions are not of this study.")
    return [
        {
            "decision": d["id"],
            "transcript": d["transcript_id"],
            "start": d["start"],
            "end": d["end"],
            "kind": d["kind"],
        }
        for d in found
    ]


def save_unique(obj, field: str = "name"):
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        kind = type(obj).__name__.lower()
        raise DomainError(
            field, f"A {kind} named “{obj.name}” already exists in this study."
        ) from None
    return obj


def clean_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise DomainError("name", "A name is needed.")
    if len(name.strip()) > 120:
        raise DomainError("name", "Keep names to 120 characters.")
    return name.strip()


def get_code(study: Study, code_id: object, field: str = "code") -> Code:
    try:
        return Code.objects.get(study=study, pk=int(code_id))
    except (Code.DoesNotExist, TypeError, ValueError):
        raise DomainError(field, "No such code in this study.") from None


def get_cluster(study: Study, cluster_id: object, field: str = "cluster") -> Cluster | None:
    if cluster_id is None:
        return None
    try:
        return Cluster.objects.get(study=study, pk=int(cluster_id))
    except (Cluster.DoesNotExist, TypeError, ValueError):
        raise DomainError(field, "No such cluster in this study.") from None


# ---------------------------------------------------------------- clusters


@transaction.atomic
def create_code(
    *, member: Membership, name: str, cluster_id: object = None, reason: str = "", **fields
) -> Code:
    study, actor = require_member(member)
    code = Code(study=study, name=clean_name(name), cluster=get_cluster(study, cluster_id))
    for field, value in fields.items():
        if field in CODE_FIELDS and value is not None:
            setattr(code, field, value)
    save_unique(code)
    record(
        study,
        actor,
        Action.CREATE_CODE,
        f"Code “{code.name}” created" + (f" in “{code.cluster.name}”" if code.cluster else ""),
        reason,
        code=code.pk,
        name=code.name,
        cluster=code.cluster_id,
    )
    return code


@transaction.atomic
def update_code(
    *, member: Membership, code_id: object, reason: str = "", motivated_by=None, **fields
) -> Code:
    """Refine a code's definition, notes, example, colour, keywords, token patterns, order or
    active flag."""
    study, actor = require_member(member)
    disagreements = motivations(study, motivated_by)
    code = get_code(study, code_id)
    for number, pattern in enumerate(fields.get("patterns") or [], start=1):
        if problem := nlp.pattern_problem(pattern):
            raise DomainError("patterns", f"Token pattern {number}: {problem}")
    changed = {}
    for field, value in fields.items():
        if field in CODE_FIELDS and value is not None and getattr(code, field) != value:
            changed[field] = [getattr(code, field), value]
            setattr(code, field, value)
    if changed:
        code.save()
        record(
            study,
            actor,
            Action.UPDATE_CODE,
            f"Code “{code.name}” changed: {', '.join(changed)}",
            reason,
            code=code.pk,
            changes=changed,
            disagreements=disagreements,
        )
    return code


@transaction.atomic
def rename_code(
    *, member: Membership, code_id: object, name: str, reason: str = "", motivated_by=None
) -> Code:
    study, actor = require_member(member, owner=True)
    disagreements = motivations(study, motivated_by)
    code = get_code(study, code_id)
    old, code.name = code.name, clean_name(name)
    if old == code.name:
        return code
    save_unique(code)
    record(
        study,
        actor,
        Action.RENAME_CODE,
        f"Code “{old}” renamed to “{code.name}”",
        reason,
        code=code.pk,
        old=old,
        new=code.name,
        disagreements=disagreements,
    )
    return code


@transaction.atomic
def move_code(
    *, member: Membership, code_id: object, cluster_id: object, reason: str = "", motivated_by=None
) -> Code:
    study, actor = require_member(member, owner=True)
    disagreements = motivations(study, motivated_by)
    code = get_code(study, code_id)
    old = code.cluster
    code.cluster = get_cluster(study, cluster_id)
    if old == code.cluster:
        return code
    code.save(update_fields=["cluster"])
    record(
        study,
        actor,
        Action.MOVE_CODE,
        f"Code “{code.name}” moved from "
        f"“{old.name if old else '(none)'}” to “{code.cluster.name if code.cluster else '(none)'}”",
        reason,
        code=code.pk,
        old_cluster=old.pk if old else None,
        new_cluster=code.cluster_id,
        disagreements=disagreements,
    )
    return code


@transaction.atomic
def change_code(
    *,
    member: Membership,
    code_id: object,
    reason: str = "",
    motivated_by=None,
    **fields,
) -> Code:
    """One change of a code, all or nothing: a new name and a new cluster (the owner's, each
    recorded as such) and any other fields (any coder's). `cluster_id` None means no cluster."""
    why = {"reason": reason, "motivated_by": motivated_by}
    get_code(member.study, code_id)  # an unknown code is refused before anything changes
    if "name" in fields:
        rename_code(member=member, code_id=code_id, name=fields.pop("name"), **why)
    if "cluster_id" in fields:
        move_code(member=member, code_id=code_id, cluster_id=fields.pop("cluster_id"), **why)
    if fields:
        update_code(member=member, code_id=code_id, **why, **fields)
    return get_code(member.study, code_id)


def codes_with_counts(member: Membership):
    """The study's codes with how many codings each has that this member may see (in the
    blind phase a coder counts only their own)."""
    visible = Q(codings__transcript__deleted_at=None)
    if member.sees_only_own:
        visible &= Q(codings__coder_id=member.user_id)
    return member.study.codes.select_related("cluster").annotate(
        coding_count=Count("codings", filter=visible)
    )
