"""Codebook service functions: clusters and codes, their structural changes (rename, move,
merge, split, delete) and the history that records each of them (who, when, what, why).

Coders may create codes and refine their definitions (constant comparison); structural changes
and clusters are the owner's. Every function runs in one transaction."""

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count

from coding.codings.services import merge_same_code_spans
from coding.models import Cluster, Code, CodebookEvent, Coding, Memo, ReconciliationDecision
from transcripts import nlp
from transcripts.errors import DomainError
from transcripts.models import Membership, Study

STARTER_CODEBOOK = Path(settings.BASE_DIR) / "fixtures" / "starter_codebook.json"
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


def _require(member: Membership, *, owner: bool = False) -> tuple[Study, Any]:
    """(study, actor) of a member allowed the change: coders refine, owners restructure."""
    if owner and not member.is_owner:
        raise PermissionDenied("Only an owner of the study can change the codebook's structure.")
    if not member.can_write:
        raise PermissionDenied("Viewers cannot change the codebook.")
    return member.study, member.user


def _record(study, actor, action, summary, reason="", **details) -> CodebookEvent:
    return CodebookEvent.objects.create(
        study=study,
        actor=actor,
        action=action,
        summary=summary[:500],
        reason=reason,
        details=details,
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


def _save_unique(obj, field: str = "name"):
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        kind = type(obj).__name__.lower()
        raise DomainError(
            field, f"A {kind} named “{obj.name}” already exists in this study."
        ) from None
    return obj


def _clean_name(name: object) -> str:
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
def create_cluster(
    *,
    member: Membership,
    name: str,
    description: str = "",
    order: int | None = None,
    parent_id: object = None,
) -> Cluster:
    study, actor = _require(member, owner=True)
    if order is None:
        order = (study.clusters.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    cluster = Cluster(
        study=study,
        name=_clean_name(name),
        description=description.strip(),
        order=order,
        parent=get_cluster(study, parent_id, "parent"),
    )
    _save_unique(cluster)
    _record(
        study, actor, Action.CREATE_CLUSTER, f"Cluster “{cluster.name}” created", cluster=cluster.pk
    )
    return cluster


@transaction.atomic
def update_cluster(
    *, member: Membership, cluster_id: object, reason: str = "", **changes
) -> Cluster:
    study, actor = _require(member, owner=True)
    cluster = get_cluster(study, cluster_id)
    before = {
        "name": cluster.name,
        "description": cluster.description,
        "order": cluster.order,
        "parent": cluster.parent_id,
    }
    if "name" in changes:
        cluster.name = _clean_name(changes["name"])
    if "description" in changes:
        cluster.description = changes["description"].strip()
    if "order" in changes:
        cluster.order = changes["order"]
    if "parent_id" in changes:
        parent = get_cluster(study, changes["parent_id"], "parent")
        ancestor = parent
        while ancestor is not None:  # a cluster cannot sit under itself or its descendants
            if ancestor.pk == cluster.pk:
                raise DomainError("parent", "A cluster cannot be placed under itself.")
            ancestor = ancestor.parent
        cluster.parent = parent
    _save_unique(cluster)
    after = {
        "name": cluster.name,
        "description": cluster.description,
        "order": cluster.order,
        "parent": cluster.parent_id,
    }
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changed:
        _record(
            study,
            actor,
            Action.UPDATE_CLUSTER,
            f"Cluster “{cluster.name}” changed: {', '.join(changed)}",
            reason,
            cluster=cluster.pk,
            changes=changed,
        )
    return cluster


def siblings_of(cluster: Cluster) -> list[Cluster]:
    """The clusters under the same parent (or at the top), in their display order."""
    return list(Cluster.objects.filter(study_id=cluster.study_id, parent_id=cluster.parent_id))


@transaction.atomic
def move_cluster(
    *, member: Membership, cluster_id: object, direction: int, reason: str = ""
) -> Cluster:
    """Swap a cluster's place with its neighbour among its siblings: -1 up, +1 down; at either
    end nothing changes. Tied orders are first numbered 1..n so that the swap is visible."""
    study, actor = _require(member, owner=True)
    if direction not in (-1, 1):
        raise DomainError("direction", "Move a cluster up (-1) or down (+1).")
    cluster = get_cluster(study, cluster_id)
    if cluster is None:
        raise DomainError("cluster", "Choose the cluster to move.")
    siblings = siblings_of(cluster)
    position = next(i for i, c in enumerate(siblings) if c.pk == cluster.pk)
    other = position + direction
    if not 0 <= other < len(siblings):
        return cluster
    orders = [c.order for c in siblings]
    if len(set(orders)) < len(orders):  # ties fall back on names: number them afresh
        orders = list(range(1, len(siblings) + 1))
    siblings[position], siblings[other] = siblings[other], siblings[position]
    changes, changed = {}, []
    for sibling, order in zip(siblings, orders, strict=True):
        if sibling.order != order:
            changes[str(sibling.pk)] = [sibling.order, order]
            sibling.order = order
            changed.append(sibling)
    Cluster.objects.bulk_update(changed, ["order"])
    _record(
        study,
        actor,
        Action.UPDATE_CLUSTER,
        f"Cluster “{cluster.name}” moved {'up' if direction < 0 else 'down'}",
        reason,
        cluster=cluster.pk,
        orders=changes,
    )
    return siblings[other]


@transaction.atomic
def delete_cluster(*, member: Membership, cluster_id: object, reason: str = "") -> None:
    """Delete a cluster; its codes stay, unclustered, and its sub-clusters move up a level."""
    study, actor = _require(member, owner=True)
    cluster = get_cluster(study, cluster_id)
    codes = list(cluster.codes.values_list("name", flat=True))
    cluster.codes.update(cluster=None)
    cluster.children.update(parent=cluster.parent)
    _record(
        study,
        actor,
        Action.DELETE_CLUSTER,
        f"Cluster “{cluster.name}” deleted; {len(codes)} code(s) left unclustered",
        reason,
        cluster=cluster.pk,
        codes=codes,
    )
    cluster.delete()


# ---------------------------------------------------------------- codes


@transaction.atomic
def create_code(
    *, member: Membership, name: str, cluster_id: object = None, reason: str = "", **fields
) -> Code:
    study, actor = _require(member)
    code = Code(study=study, name=_clean_name(name), cluster=get_cluster(study, cluster_id))
    for field, value in fields.items():
        if field in CODE_FIELDS and value is not None:
            setattr(code, field, value)
    _save_unique(code)
    _record(
        study,
        actor,
        Action.CREATE_CODE,
        f"Code “{code.name}” created" + (f" in “{code.cluster.name}”" if code.cluster else ""),
        reason,
        code=code.pk,
    )
    return code


@transaction.atomic
def update_code(
    *, member: Membership, code_id: object, reason: str = "", motivated_by=None, **fields
) -> Code:
    """Refine a code's definition, notes, example, colour, keywords, token patterns, order or
    active flag."""
    study, actor = _require(member)
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
        _record(
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
    study, actor = _require(member, owner=True)
    disagreements = motivations(study, motivated_by)
    code = get_code(study, code_id)
    old, code.name = code.name, _clean_name(name)
    if old == code.name:
        return code
    _save_unique(code)
    _record(
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
    study, actor = _require(member, owner=True)
    disagreements = motivations(study, motivated_by)
    code = get_code(study, code_id)
    old = code.cluster
    code.cluster = get_cluster(study, cluster_id)
    if old == code.cluster:
        return code
    code.save(update_fields=["cluster"])
    _record(
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


def _renormalise(code: Code, pairs: set[tuple[int, int]]) -> None:
    for transcript_id, coder_id in pairs:
        merge_same_code_spans(transcript_id=transcript_id, code_id=code.pk, coder_id=coder_id)


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


@transaction.atomic
def merge_codes(
    *, member: Membership, source_ids: list, target_id: object, reason: str = "", motivated_by=None
) -> Code:
    """Re-point every coding and memo of the source codes to the target, then delete the
    sources. One coder's spans that now overlap under the target are merged into one."""
    study, actor = _require(member, owner=True)
    disagreements = motivations(study, motivated_by)
    target = get_code(study, target_id, "target")
    sources = [get_code(study, pk, "sources") for pk in source_ids]
    if not sources:
        raise DomainError("sources", "Name at least one code to merge into the target.")
    if any(s.pk == target.pk for s in sources):
        raise DomainError("sources", "A code cannot be merged into itself.")
    source_pks = [s.pk for s in sources]
    codings = Coding.objects.filter(code_id__in=source_pks)
    moved = codings.count()
    pairs = set(codings.values_list("transcript_id", "coder_id"))
    codings.update(code=target)
    Memo.objects.filter(code_id__in=source_pks).update(code=target)
    _renormalise(target, pairs)
    names = [s.name for s in sources]
    Code.objects.filter(pk__in=source_pks).delete()
    _record(
        study,
        actor,
        Action.MERGE_CODES,
        f"{', '.join(f'“{n}”' for n in names)} merged into "
        f"“{target.name}” ({moved} codings re-pointed)",
        reason,
        sources=dict(zip(source_pks, names, strict=True)),
        target=target.pk,
        codings=moved,
        disagreements=disagreements,
    )
    return target


@transaction.atomic
def split_code(
    *, member: Membership, code_id: object, parts: list[dict], assignments: dict, reason: str = ""
) -> list[Code]:
    """Split a code into new codes: `parts` are the new codes ({"name", ...fields}) and
    `assignments` maps every coding id of the old code to the index of its part. The old
    code's memos go to the first part; the old code is then deleted."""
    study, actor = _require(member, owner=True)
    code = get_code(study, code_id)
    if len(parts) < 2:
        raise DomainError("parts", "Split into at least two codes.")
    coding_ids = set(Coding.objects.filter(code=code).values_list("pk", flat=True))
    try:
        plan = {int(k): int(v) for k, v in assignments.items()}
    except (TypeError, ValueError):
        raise DomainError("assignments", "Map coding ids to part numbers (0, 1, ...).") from None
    if set(plan) != coding_ids:
        missing, extra = coding_ids - set(plan), set(plan) - coding_ids
        raise DomainError(
            "assignments",
            f"Assign every coding of “{code.name}” exactly once "
            f"(unassigned: {sorted(missing)[:10]}, not of this code: {sorted(extra)[:10]}).",
        )
    if any(not 0 <= index < len(parts) for index in plan.values()):
        raise DomainError("assignments", f"Part numbers go from 0 to {len(parts) - 1}.")
    new_codes: list[Code] = []
    for number, part in enumerate(parts):
        fields = {k: v for k, v in part.items() if k in CODE_FIELDS}
        fields.setdefault("colour", code.colour)
        try:
            name = _clean_name(part.get("name"))
            if any(c.name.casefold() == name.casefold() for c in new_codes):
                raise DomainError("name", f"Another part is already named “{name}”.")
            new = _save_unique(Code(study=study, cluster=code.cluster, name=name, **fields))
        except DomainError as error:
            raise DomainError(f"parts[{number}].name", error.reason) from None
        new_codes.append(new)
    by_part: dict[int, list[int]] = {}
    for coding_id, index in plan.items():
        by_part.setdefault(index, []).append(coding_id)
    for index, ids in by_part.items():
        Coding.objects.filter(pk__in=ids).update(code=new_codes[index])
    Memo.objects.filter(code=code).update(code=new_codes[0])
    counts = Counter(plan.values())
    name = code.name
    code.delete()
    _record(
        study,
        actor,
        Action.SPLIT_CODE,
        f"“{name}” split into "
        + ", ".join(f"“{c.name}” ({counts.get(i, 0)})" for i, c in enumerate(new_codes)),
        reason,
        code=code_id,
        name=name,
        parts=[c.pk for c in new_codes],
        assignments={str(k): v for k, v in plan.items()},
    )
    return new_codes


@transaction.atomic
def delete_code(
    *,
    member: Membership,
    code_id: object,
    merge_into: object = None,
    delete_codings: bool = False,
    reason: str = "",
) -> None:
    """Delete a code. With codings, the caller must choose: merge them into another code, or
    delete them too (explicit confirmation). Nothing disappears silently."""
    study, actor = _require(member, owner=True)
    code = get_code(study, code_id)
    count = code.codings.count()
    if merge_into is not None:
        merge_codes(member=member, source_ids=[code.pk], target_id=merge_into, reason=reason)
        return
    if count and not delete_codings:
        raise DomainError(
            "code",
            f"“{code.name}” has {count} coding(s): merge them into another code, "
            "or confirm that they are deleted too.",
        )
    name = code.name
    code.codings.all().delete()
    code.delete()
    _record(
        study,
        actor,
        Action.DELETE_CODE,
        f"Code “{name}” deleted with {count} coding(s)",
        reason,
        code=code_id,
        name=name,
        codings_deleted=count,
    )


def codes_with_counts(study: Study):
    return study.codes.select_related("cluster").annotate(coding_count=Count("codings"))


@transaction.atomic
def load_starter_codebook(*, study: Study, actor=None, path: Path = STARTER_CODEBOOK) -> int:
    """Add the six-cluster starter codebook; existing names (any case) are kept, so loading
    twice changes nothing. Returns the number of codes created."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    clusters = {c.name.casefold(): c for c in Cluster.objects.filter(study=study)}
    existing_codes = {
        name.casefold() for name in Code.objects.filter(study=study).values_list("name", flat=True)
    }
    core = data.get("core_category")
    parent = None
    if core:
        parent = clusters.get(core["name"].casefold()) or Cluster.objects.create(
            study=study, name=core["name"], description=core["description"], order=0
        )
    new_codes = []
    for position, item in enumerate(data["clusters"], start=1):
        cluster = clusters.get(item["name"].casefold())
        if cluster is None:
            cluster = Cluster.objects.create(
                study=study,
                name=item["name"],
                description=item["description"],
                order=position,
                parent=parent,
            )
        for order, code in enumerate(item["codes"], start=1):
            if code["name"].casefold() in existing_codes:
                continue
            new_codes.append(
                Code(
                    study=study,
                    cluster=cluster,
                    name=code["name"],
                    definition=code.get("definition", ""),
                    inclusion=code.get("inclusion", ""),
                    exclusion=code.get("exclusion", ""),
                    colour=code.get("colour", "#4e79a7"),
                    keywords=code.get("keywords", []),
                    order=position * 100 + order,
                )
            )
    Code.objects.bulk_create(new_codes)
    if new_codes:
        _record(
            study,
            actor,
            Action.LOAD_STARTER,
            f"Starter codebook loaded ({len(new_codes)} codes)",
            codes=len(new_codes),
        )
    return len(new_codes)
