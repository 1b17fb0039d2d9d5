"""Notes and cases of an imported project (services, inside the caller's transaction): notes
become memos on what they were linked to (the study, a transcript, a code or a coding), cases
become participants with their variables as attributes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from coding.exchange import refi
from coding.models import Coding, Memo
from transcripts.models import Participant, Study
from transcripts.studies import PARTICIPANT_CODE


@dataclass
class Targets:
    """What the notes of the file may point to, by REFI GUID -> our ids."""

    study: Study
    code_ids: dict[str, int]
    transcripts: dict[str, int] = field(default_factory=dict)
    selections: dict[str, int] = field(default_factory=dict)  # -> first coding made from it
    codings: dict[str, int] = field(default_factory=dict)
    case_participants: dict[str, int | None] = field(default_factory=dict)


def _typed(value: str, kind: str, ours: bool):
    try:
        if kind == "Integer":
            return int(value)
        if kind == "Float":
            return float(value)
        if kind == "Boolean":
            return value.strip().lower() in ("true", "1")
    except ValueError:
        return value
    if ours and value[:1] in "[{":  # our export writes lists and objects as JSON
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def apply_cases(
    *, study: Study, project: refi.Project, ours: bool, report, case_participants: dict
) -> int:
    """Participants for the file's cases, with typed attributes; returns how many."""
    variables = {v.guid: v for v in project.variables}
    done = 0
    for case in project.cases:
        participant_id = case_participants.get(case.guid)
        code = case.name.strip().upper()
        if participant_id is None and PARTICIPANT_CODE.match(code):
            participant_id = Participant.objects.get_or_create(study=study, code=code)[0].pk
        participant = (
            Participant.objects.filter(pk=participant_id).first() if participant_id else None
        )
        if participant is None:
            report.losses.append(
                f"Case “{case.name}” has no transcript here and its name is not a participant "
                "code (such as P07): not imported."
            )
            continue
        if participant.code != code:
            report.losses.append(f"Case “{case.name}” is participant {participant.code}.")
        values = {
            variables[guid].name: _typed(value, variables[guid].type, ours)
            for guid, value in case.values
            if guid in variables and variables[guid].name
        }
        if values:
            participant.attributes = {**participant.attributes, **values}
            participant.save(update_fields=["attributes"])
        done += 1
    return done


def import_notes(
    *, study: Study, project: refi.Project, package, targets: Targets, user_for, report
) -> int:
    """One memo per note, on the first thing that links to it (the study when nothing does)."""
    links: dict[str, dict] = {}

    def link(guids: tuple[str, ...], target: dict) -> None:
        for guid in guids:
            links.setdefault(guid, target)

    for source in project.sources:
        for selection in source.selections:
            for coding in selection.codings:
                if coding.guid in targets.codings:
                    link(coding.note_refs, {"coding_id": targets.codings[coding.guid]})
            if selection.guid in targets.selections:
                link(selection.note_refs, {"coding_id": targets.selections[selection.guid]})
        if source.guid in targets.transcripts:
            link(source.note_refs, {"transcript_id": targets.transcripts[source.guid]})
    for code, _ in refi.walk_codes(project.codes):
        if code.guid in targets.code_ids:
            link(code.note_refs, {"code_id": targets.code_ids[code.guid]})
    for group in project.sets:  # QualCode writes a code's memos as a set of the code and them
        if len(group.code_guids) == 1 and group.code_guids[0] in targets.code_ids:
            link(group.note_guids, {"code_id": targets.code_ids[group.code_guids[0]]})
        elif group.code_guids or group.note_guids:
            report.losses.append(
                f"Set “{group.name}”: QualCode has no sets; its members are kept, the set is not."
            )
    # Merging with a study's own codings may have absorbed some: their notes go on the study.
    coding_ids = {t["coding_id"] for t in links.values() if "coding_id" in t}
    alive = set(Coding.objects.filter(pk__in=coding_ids).values_list("pk", flat=True))
    memos = []
    for note in project.notes:
        if not note.text.strip():
            report.losses.append(
                f"Note “{note.name or note.guid}” has no plain text: not imported."
            )
            continue
        target = links.get(note.guid, {})
        if target.get("coding_id") not in (None, *alive):
            target = {}
        if not target and note.guid not in project.note_refs:
            report.losses.append(
                f"Note “{note.name or note.guid}” is linked to nothing QualCode kept: it is a memo "
                "on the study."
            )
        memos.append(
            Memo(study=study, author_id=user_for(note.user_guid), text=note.text.strip(), **target)
        )
    Memo.objects.bulk_create(memos)
    return len(memos)
