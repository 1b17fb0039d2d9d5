"""Restructuring codes (owners only): merge codes (codings re-pointed, identical spans
collapsed), split a code (every coding assigned to a part), delete a code (with an explicit
choice for its codings). Nothing disappears silently; each change is in the history."""

from collections import Counter

from django.db import transaction

from coding.codebook.services import (
    CODE_FIELDS,
    Action,
    clean_name,
    get_code,
    motivations,
    record,
    require_member,
    save_unique,
)
from coding.codings.services import merge_same_code_spans
from coding.models import Code, Coding, Memo
from transcripts.errors import DomainError
from transcripts.models import Membership


def _collapse_identical(code_ids: list[int]) -> None:
    """Before codes become one: where one coder gave several of them to the very same span,
    keep one coding (the target's if it is among them, else the oldest), its memo text
    joined and memo objects moved to it, so the merge cannot collide with itself."""
    rows = (
        Coding.objects.filter(code_id__in=code_ids)
        .order_by("transcript_id", "coder_id", "start", "end", "-code_id", "id")
        .values_list("id", "transcript_id", "coder_id", "start", "end", "code_id", "memo")
    )
    groups: dict[tuple, list[tuple]] = {}
    for row in rows:
        groups.setdefault(row[1:5], []).append(row)
    target = code_ids[-1]
    for group in groups.values():
        if len(group) < 2:
            continue
        keep = next((r for r in group if r[5] == target), group[0])
        others = [r for r in group if r is not keep]
        memo = "\n\n".join(dict.fromkeys(r[6] for r in [keep, *others] if r[6]))
        Memo.objects.filter(coding_id__in=[r[0] for r in others]).update(coding_id=keep[0])
        Coding.objects.filter(pk__in=[r[0] for r in others]).delete()
        Coding.objects.filter(pk=keep[0]).update(memo=memo)


def keep_memos(code: Code) -> list[int]:
    """Before a code goes with its codings: the memos on its codings move to each coding's
    transcript, a coding's own memo text becomes such a memo (by its coder), and memos on the
    code move to the study, each saying where it came from. Returns their ids."""
    codings = {
        c.pk: c
        for c in Coding.objects.filter(code=code).only(
            "id", "transcript_id", "coder_id", "start", "end", "memo"
        )
    }

    def origin(c: Coding) -> str:
        return f"(From a coding of “{code.name}”, characters {c.start}–{c.end}, deleted with the code.)\n"

    moved = list(Memo.objects.filter(coding_id__in=list(codings)))
    for memo in moved:
        coding = codings[memo.coding_id]
        memo.coding, memo.transcript_id = None, coding.transcript_id
        memo.text = origin(coding) + memo.text
    on_code = list(Memo.objects.filter(code=code))
    for memo in on_code:
        memo.code, memo.text = None, f"(From the code “{code.name}”, deleted.)\n{memo.text}"
    Memo.objects.bulk_update([*moved, *on_code], ["coding", "code", "transcript", "text"])
    own = Memo.objects.bulk_create(
        Memo(
            study_id=code.study_id,
            author_id=c.coder_id,
            transcript_id=c.transcript_id,
            text=origin(c) + c.memo,
        )
        for c in codings.values()
        if c.memo
    )
    return sorted(m.pk for m in [*moved, *on_code, *own])


def _renormalise(code: Code, pairs: set[tuple[int, int]]) -> None:
    for transcript_id, coder_id in pairs:
        merge_same_code_spans(transcript_id=transcript_id, code_id=code.pk, coder_id=coder_id)


@transaction.atomic
def merge_codes(
    *, member: Membership, source_ids: list, target_id: object, reason: str = "", motivated_by=None
) -> Code:
    """Re-point every coding and memo of the source codes to the target, then delete the
    sources. One coder's spans that now overlap under the target are merged into one."""
    study, actor = require_member(member, owner=True)
    disagreements = motivations(study, motivated_by)
    target = get_code(study, target_id, "target")
    sources = [get_code(study, pk, "sources") for pk in source_ids]
    if not sources:
        raise DomainError("sources", "Name at least one code to merge into the target.")
    if any(s.pk == target.pk for s in sources):
        raise DomainError("sources", "A code cannot be merged into itself.")
    source_pks = [s.pk for s in sources]
    # Codings of these codes being made right now finish first, later ones wait and then
    # find the sources gone (a 400 for them, not a failed merge).
    list(Code.objects.select_for_update().filter(pk__in=[*source_pks, target.pk]))
    _collapse_identical([*source_pks, target.pk])
    codings = Coding.objects.filter(code_id__in=source_pks)
    moved = codings.count()
    pairs = set(codings.values_list("transcript_id", "coder_id"))
    codings.update(code=target)
    Memo.objects.filter(code_id__in=source_pks).update(code=target)
    _renormalise(target, pairs)
    names = [s.name for s in sources]
    Code.objects.filter(pk__in=source_pks).delete()
    record(
        study,
        actor,
        Action.MERGE_CODES,
        f"{', '.join(f'“{n}”' for n in names)} merged into "
        f"“{target.name}” ({moved} codings re-pointed)",
        reason,
        blind_summary=f"{', '.join(f'“{n}”' for n in names)} merged into “{target.name}”",
        sources=dict(zip(source_pks, names, strict=True)),
        target=target.pk,
        codings=moved,
        disagreements=disagreements,
    )
    return target


def _split_plan(code: Code, assignments: dict, n_parts: int) -> dict[int, int]:
    """Coding id -> part index, checked: every coding of the code exactly once (those in
    transcripts in the trash, which nobody sees, go with the first part)."""
    codings = Coding.objects.filter(code=code)
    coding_ids = set(codings.filter(transcript__deleted_at=None).values_list("pk", flat=True))
    trashed = codings.exclude(pk__in=coding_ids).values_list("pk", flat=True)
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
    if any(not 0 <= index < n_parts for index in plan.values()):
        raise DomainError("assignments", f"Part numbers go from 0 to {n_parts - 1}.")
    return plan | dict.fromkeys(trashed, 0)


def _part_codes(study, code: Code, parts: list[dict]) -> list[Code]:
    """The new codes of a split, in the old code's cluster and colour unless given."""
    new_codes: list[Code] = []
    for number, part in enumerate(parts):
        fields = {k: v for k, v in part.items() if k in CODE_FIELDS}
        fields.setdefault("colour", code.colour)
        try:
            name = clean_name(part.get("name"))
            if any(c.name.casefold() == name.casefold() for c in new_codes):
                raise DomainError("name", f"Another part is already named “{name}”.")
            new = save_unique(Code(study=study, cluster=code.cluster, name=name, **fields))
        except DomainError as error:
            raise DomainError(f"parts[{number}].name", error.reason) from None
        new_codes.append(new)
    return new_codes


@transaction.atomic
def split_code(
    *, member: Membership, code_id: object, parts: list[dict], assignments: dict, reason: str = ""
) -> list[Code]:
    """Split a code into new codes: `parts` are the new codes ({"name", ...fields}) and
    `assignments` maps every coding id of the old code to the index of its part. The old
    code's memos go to the first part; the old code is then deleted."""
    study, actor = require_member(member, owner=True)
    code = get_code(study, code_id)
    list(Code.objects.select_for_update().filter(pk=code.pk))  # codings of it wait, see merge
    if len(parts) < 2:
        raise DomainError("parts", "Split into at least two codes.")
    plan = _split_plan(code, assignments, len(parts))
    new_codes = _part_codes(study, code, parts)
    by_part: dict[int, list[int]] = {}
    for coding_id, index in plan.items():
        by_part.setdefault(index, []).append(coding_id)
    for index, ids in by_part.items():
        Coding.objects.filter(pk__in=ids).update(code=new_codes[index])
    Memo.objects.filter(code=code).update(code=new_codes[0])
    counts = Counter(plan.values())
    name = code.name
    code.delete()
    record(
        study,
        actor,
        Action.SPLIT_CODE,
        f"“{name}” split into "
        + ", ".join(f"“{c.name}” ({counts.get(i, 0)})" for i, c in enumerate(new_codes)),
        reason,
        blind_summary=f"“{name}” split into " + ", ".join(f"“{c.name}”" for c in new_codes),
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
    study, actor = require_member(member, owner=True)
    code = get_code(study, code_id)
    list(Code.objects.select_for_update().filter(pk=code.pk))  # codings of it wait
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
    kept = keep_memos(code)
    code.codings.all().delete()
    code.delete()
    record(
        study,
        actor,
        Action.DELETE_CODE,
        f"Code “{name}” deleted with {count} coding(s)",
        reason,
        blind_summary=f"Code “{name}” deleted with its codings",
        code=code_id,
        name=name,
        codings_deleted=count,
        memos_kept=kept,
    )
