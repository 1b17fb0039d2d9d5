"""Import a REFI-QDA project (.qdpx) into a new study (the importing user owns it) or into a
study the user owns; one transaction, so a refused file stores nothing.

Transcripts go through the transcript importer (transcripts/imports.py: text cleaned, turns
and sentences built as for any upload); the file's users map to accounts by username, or
become inactive accounts that cannot log in; selections are checked against the text
(exchange/spans.py); the report lists what was imported, what was skipped and why, and what
the other tool had that QualCode keeps elsewhere or cannot keep (the data-loss report)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import transaction

from coding.codings.services import merge_same_code_spans
from coding.exchange import archive, notes, parse, positions, refi, store
from coding.exchange.codebook import import_codes
from coding.exchange.spans import place_selections
from coding.exchange.users import ImportUsers
from coding.models import Coding, SignificantMoment
from transcripts import bulk, imports, studies
from transcripts.errors import DomainError
from transcripts.models import Participant, Study, Transcript

MAX_PROJECT_BYTES = getattr(settings, "QUALCODE_MAX_PROJECT_BYTES", 200 * 1024 * 1024)


class ImportRefused(DomainError):
    """The whole file is refused (broken, unsafe, not REFI-QDA): nothing is stored."""

    def __init__(self, reason: str) -> None:
        super().__init__("file", reason)


@dataclass
class ImportReport:
    study_id: int = 0
    study_title: str = ""
    created_study: bool = False
    origin: str = ""
    offsets: str = ""
    transcripts: int = 0
    participants: int = 0
    clusters: int = 0
    codes: int = 0
    selections: int = 0
    codings: int = 0
    moments: int = 0
    memos: int = 0
    users_created: list[str] = field(default_factory=list)
    users_mapped: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _cases_by_source(project: refi.Project) -> dict[str, refi.Case]:
    by_source: dict[str, refi.Case] = {}
    for case in project.cases:
        for guid in case.source_refs:
            by_source.setdefault(guid, case)
    return by_source


def import_project(
    *,
    user,
    data: bytes,
    filename: str = "project.qdpx",
    study: Study | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a .qdpx; `study` (owned by `user`) or a new study. Raises ImportRefused."""
    with bulk.collector_paused():
        package, project = check_project(data)
        with transaction.atomic():
            return _Import(user, package, project, filename, study, on_progress).run()


def check_project(data: bytes) -> tuple[archive.Archive, refi.Project]:
    """The archive and its project, or ImportRefused with the reason."""
    try:
        package = archive.read_qdpx(data, max_bytes=MAX_PROJECT_BYTES)
        return package, parse.parse_project(package.qde)
    except (archive.ArchiveRefused, parse.ParseFailed) as refusal:
        raise ImportRefused(refusal.reason) from None


class _Import:
    def __init__(self, user, package, project, filename, study, on_progress) -> None:
        self.user, self.package, self.project, self.filename = user, package, project, filename
        self.on_progress = on_progress or (lambda done, total: None)
        self.report = ImportReport(origin=project.origin, created_study=study is None)
        self.scheme = positions.scheme_for(project.origin)
        self.report.offsets = self.scheme
        self.study = study or studies.create_study(
            user=user, title=project.name[:200], description=project.description
        )
        self.report.study_id, self.report.study_title = self.study.pk, self.study.title
        self.ours = project.origin.startswith("QualCode")

    def run(self) -> ImportReport:
        report, project = self.report, self.project
        participants_before = Participant.objects.filter(study=self.study).count()
        report.losses += list(project.skipped)
        users = ImportUsers(self.study, self.user, project, report)
        coded = {c.code_guid for s in project.sources for sel in s.selections for c in sel.codings}
        book = import_codes(
            study=self.study,
            actor=self.user,
            codes=project.codes,
            origin=project.origin,
            coded=coded,
            source=self.filename,
        )
        report.clusters, report.codes = book.clusters_created, book.codes_created
        report.losses += book.notes
        cases = _cases_by_source(project)
        targets = notes.Targets(study=self.study, code_ids=book.codes)
        total = len(project.sources)
        readable = [(s, cases.get(s.guid), self._data(s)) for s in project.sources]
        readable = [item for item in readable if item[2] is not None]

        def stored(number: int, outcome: imports.FileOutcome) -> None:
            # Placed as soon as the text is stored: the transcript importer meanwhile parses
            # the next sources and splits their sentences in a forked child.
            self._source(*readable[number - 1], outcome, book, users, targets)
            self.on_progress(number, total)

        imports.import_files(
            study=self.study,
            user=self.user,
            files=((_file_name(source_label(s)), data, _code(case)) for s, case, data in readable),
            verbatim=True,  # the project's selections point into the text as the file holds it
            on_progress=stored,
        )
        notes.apply_cases(
            study=self.study,
            project=project,
            ours=self.ours,
            report=report,
            case_participants=targets.case_participants,
        )
        report.participants = (
            Participant.objects.filter(study=self.study).count() - participants_before
        )
        report.memos = notes.import_notes(
            study=self.study,
            project=project,
            package=self.package,
            targets=targets,
            user_for=users,
            report=report,
        )
        if any(
            s.plain_text_path.startswith(("relative://", "absolute://")) for s in project.sources
        ):
            report.losses.append(
                "Sources outside the archive (relative:// or absolute://) cannot be read."
            )
        if any(not self.ours and s.description for s in project.sources):
            report.losses.append("Source descriptions are not kept (QualCode keeps the file name).")
        return report

    def _data(self, source: refi.Source) -> bytes | None:
        """The source's text as bytes; None (reported) when the archive does not hold it."""
        if source.content is not None:
            return source.content.encode("utf-8")
        data = self.package.source(source.plain_text_path)
        if data is None:
            self.report.skipped.append(
                f"Source “{source_label(source)}”: its text ({source.plain_text_path or 'no path'}) "
                f"is not in the archive; {len(source.selections)} selection(s) skipped."
            )
        return data

    def _source(self, source, case, data, outcome, book, users, targets) -> None:
        """Place the selections of a source whose text the transcript importer has stored
        (or found stored: a duplicate)."""
        report = self.report
        label = source_label(source)
        if outcome.status == "failed":
            report.skipped.append(
                f"Source “{label}”: {outcome.message} {len(source.selections)} selection(s) skipped."
            )
            return
        if outcome.status == "duplicate":
            transcript = Transcript.objects.only("id", "text", "participant_id").get(
                study=self.study, sha256=hashlib.sha256(data).hexdigest()
            )
        else:
            transcript = Transcript.objects.only("id", "text", "participant_id").get(
                pk=outcome.transcript_id
            )
            Transcript.objects.filter(pk=transcript.pk).update(title=label[:200])
            report.transcripts += 1
        targets.transcripts[source.guid] = transcript.pk
        if case is not None:
            targets.case_participants.setdefault(case.guid, transcript.participant_id)
        mapped = positions.Positions(positions.decode(data), self.scheme)
        if mapped.text != transcript.text:
            report.skipped.append(
                f"Source “{label}”: the stored text differs from the file's; "
                f"{len(source.selections)} selection(s) skipped."
            )
            return
        placed = place_selections(
            source=source,
            transcript_id=transcript.pk,
            positions=mapped,
            codes=book.codes,
            moments=book.moments,
            code_names=book.names,
            user_for=users,
            ours=self.ours,
        )
        self._store(transcript.pk, placed)
        targets.selections.update(
            {g: rows[0].pk for g, rows in placed.by_selection.items() if rows[0].pk}
        )
        targets.codings.update({g: row.pk for g, row in placed.by_coding.items() if row.pk})
        report.selections += placed.landed
        report.codings += len(placed.codings)
        report.moments += len(placed.moments)
        report.skipped += placed.skipped
        if placed.merged:
            report.losses.append(
                f"{label}: {placed.merged} overlapping or touching coding(s) of one coder and "
                "code were merged (QualCode keeps one span per coder and code there)."
            )

    def _store(self, transcript_id: int, placed) -> None:
        """Bulk insert; into an existing study, spans already there are left out and one
        coder's same-code spans are merged with what the study had."""
        if self.report.created_study:
            store.insert_spans(placed.codings, placed.moments)
            return
        had = set(
            Coding.objects.filter(transcript_id=transcript_id).values_list(
                "code_id", "coder_id", "start", "end"
            )
        )
        new = [c for c in placed.codings if (c.code_id, c.coder_id, c.start, c.end) not in had]
        store.insert_spans(new, [])
        for code_id, coder_id in {(c.code_id, c.coder_id) for c in new} & {
            (h[0], h[1]) for h in had
        }:
            merge_same_code_spans(transcript_id=transcript_id, code_id=code_id, coder_id=coder_id)
        moments = set(
            SignificantMoment.objects.filter(transcript_id=transcript_id).values_list(
                "rater_id", "start", "end", "valence"
            )
        )
        placed.moments[:] = [
            m for m in placed.moments if (m.rater_id, m.start, m.end, m.valence) not in moments
        ]
        SignificantMoment.objects.bulk_create(placed.moments)
        placed.codings[:] = new


def source_label(source: refi.Source) -> str:
    """A source's name, else its file's name without the extension (qc writes no name)."""
    if source.name:
        return source.name
    path = source.plain_text_path.removeprefix("internal://").rsplit("/", 1)[-1]
    return path.rsplit(".", 1)[0] if "." in path else (path or source.guid)


def _code(case: refi.Case | None) -> str:
    """The participant code a case's name gives ("P07"), else "" (the importer assigns one)."""
    code = studies.PARTICIPANT_CODE.match((case.name if case else "").strip().upper())
    return code.group(0) if code else ""


def _file_name(label: str) -> str:
    base = re.sub(r"[\\/]+", "_", label).strip() or "source"
    return base if base.lower().endswith(".txt") else f"{base}.txt"
