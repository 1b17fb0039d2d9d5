"""Import transcript files into a study: parse (pure importers), segment sentences (nlp), store.

Batch policy: each file is imported in its own transaction. A file that fails stores nothing
and is reported with its reason; the other files of the batch are still imported. A file whose
sha256 is already in the study (or earlier in the same batch) is reported as a duplicate.
The language and the owner's pseudonyms are checked before any file is read (400 on bad input);
pseudonyms are replaced before parsing, and what was replaced goes to the study's map.
A transcript with two or more participant labels ([id1], [id2] or P03, P04) is a focus group:
each label is a participant of its own (P-codes as written, others the next free codes), its
turns carry that participant and the transcript has none of its own."""

import contextlib
import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django_tasks import task

from transcripts import bulk, nlp, nlp_child, parsers
from transcripts.audit import services as audit
from transcripts.errors import DomainError
from transcripts.jobs import check_time, run_job
from transcripts.models import (
    ImportJob,
    ImportJobFile,
    Participant,
    Replacement,
    Study,
    Transcript,
    Turn,
)
from transcripts.studies import PARTICIPANT_CODE, check_participant_code, next_participant_code

TURN_FIELDS = (
    "transcript_id",
    "index",
    "speaker",
    "role",
    "start",
    "end",
    "start_seconds",
    "end_seconds",
    "participant_id",
)
_CODE_IN_NAME = re.compile(r"(?<![A-Za-z0-9])(P\d{1,4})(?![0-9])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    filename: str
    status: str  # "imported" | "duplicate" | "failed"
    message: str
    transcript_id: int | None = None


def import_files(
    *,
    study: Study,
    user,
    files: Iterable[tuple[str, bytes] | tuple[str, bytes, str]],
    participant_code: str = "",
    language: str = "en",
    replacements: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    on_progress: Callable[[int, FileOutcome], None] | None = None,
    verbatim: bool = False,
) -> list[FileOutcome]:
    """Import each (filename, data) pair; one outcome per file, in order. A third item,
    (filename, data, code), gives that file its own participant code. `replacements`
    (name -> pseudonym) come from the owner's review or the API. `verbatim` keeps the line
    breaks inside turns as written: for files whose offsets another tool already fixed.
    Files are read lazily; their parse and sentences are made a few files ahead in a forked
    child (nlp_child.ahead) while earlier ones are stored."""
    limit = max_bytes or settings.QUALCODE_MAX_FILE_BYTES
    participant_code, replacements = check_import_input(participant_code, language, replacements)
    if not nlp_child.enabled():  # loaded before a fork, so the child inherits it
        nlp.load_pipeline(study.spacy_pipeline, language)
    seen: set[str] = set()
    outcomes: list[FileOutcome] = []
    # Each file's name cleaned once; tee() keeps the files the child has read ahead until
    # they are stored.
    items, ahead = itertools.tee((_base_name(f[0]), *f[1:]) for f in files)
    calls = (
        (name, data, limit, replacements, verbatim, study.spacy_pipeline, language)
        for name, data, *_ in ahead
    )
    # closing(): a job that stops part-way (timed out, refused) stops the child at once.
    with contextlib.closing(nlp_child.ahead(prepare, calls)) as prepared:
        for number, ((filename, data, *code), ready) in enumerate(
            zip(items, prepared, strict=True), start=1
        ):
            own_code = check_participant_code(code[0]) if code and code[0] else None
            outcome = _import_one(
                study=study,
                user=user,
                filename=filename,
                data=data,
                ready=ready,
                participant_code=own_code or participant_code,
                language=language,
                seen=seen,
                replacements=replacements,
            )
            outcomes.append(outcome)
            if on_progress:
                on_progress(number, outcome)
    return outcomes


def prepare(filename, data, limit, replacements, verbatim, pipeline, language):
    """A file's parse and sentences, or the reason it cannot be imported. No database: it
    runs in a forked child ahead of the files being stored (nlp_child.ahead)."""
    try:
        parsed = parsers.parse_transcript(
            filename, data, max_bytes=limit, replacements=replacements, verbatim=verbatim
        )
    except parsers.ImportFailed as failure:
        return failure.reason
    spans = [(turn.start, turn.end) for turn in parsed.turns]
    return parsed, nlp.split_sentences(parsed.text, spans, pipeline=pipeline, lang=language)


def _base_name(filename: str) -> str:
    return (filename or "unnamed").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]


def check_import_input(
    participant_code: str, language: str, replacements: Mapping[str, str] | None
) -> tuple[str, dict[str, str]]:
    """The participant code and the pseudonyms cleaned; a DomainError names what is wrong."""
    if participant_code:
        participant_code = check_participant_code(participant_code)
    problem = nlp.language_problem(language)
    if problem:
        raise DomainError("language", problem)
    cleaned = parsers.check_replacements(replacements or {})
    if isinstance(cleaned, str):
        raise DomainError("pseudonyms", cleaned)
    return participant_code, cleaned


def _import_one(
    *, study, user, filename, data, ready, participant_code, language, seen, replacements
) -> FileOutcome:
    digest = hashlib.sha256(data).hexdigest()
    # One query finds the file in the study, or in its trash (which still holds it).
    found = None if digest in seen else _stored(study, digest)
    if digest in seen or (found and found[1] is None):
        return FileOutcome(filename, "duplicate", "Already imported into this study; skipped.")
    if found:
        return FileOutcome(
            filename, "duplicate", "In this study's trash: restore it from the trash; skipped."
        )
    if isinstance(ready, str):
        return FileOutcome(filename, "failed", ready)
    parsed, sentences = ready
    group = parsers.participant_labels([turn.speaker for turn in parsed.turns])
    group = group if len(group) >= 2 else []
    code = "" if group else participant_code or _participant_code_for(filename, parsed)
    try:
        with transaction.atomic():
            # The study's row is locked while its next participant codes are taken: two
            # uploads at the same moment would otherwise both read P01 free and share it.
            # FOR NO KEY UPDATE: other imports wait, while rows that only refer to the study
            # (a coder's codings and their audit events) go on being written. SQLite needs no
            # lock: its write transactions run one at a time.
            if connection.features.has_select_for_update:
                Study.objects.select_for_update(no_key=True).filter(pk=study.pk).exists()
            members = _group_participants(study, filename, group)
            transcript = _store(
                study, user, filename, digest, parsed, sentences, code, language, members
            )
            _store_replacements(study, user, transcript, replacements, parsed.replaced)
            _record_import(study, user, filename, transcript, len(parsed.turns), len(sentences))
    except IntegrityError:
        # Another request stored the same file between our check and our insert.
        return FileOutcome(filename, "duplicate", "Already imported into this study; skipped.")
    seen.add(digest)
    message = _imported_message(
        parsed, len(sentences), transcript, group, members, participant_code
    )
    return FileOutcome(filename, "imported", message, transcript.pk)


def _imported_message(parsed, sentences: int, transcript, group, members, code: str) -> str:
    """What the outcome row says: turns, sentences, who speaks, what was pseudonymised."""
    if not group:
        who = f"participant {transcript.participant.code}"
    else:
        pairs = zip(group, members.values(), strict=True)
        who = "focus group: " + ", ".join(f"{p.code} ({label})" for label, p in pairs)
        if code:
            who += f" (the code {code} is for one-to-one interviews: not used)"
    names, times = sum(1 for n in parsed.replaced.values() if n), sum(parsed.replaced.values())
    plural = "s" if names != 1 else ""
    named = f", {names} name{plural} pseudonymised ({times} in the text)" if names else ""
    return f"{len(parsed.turns)} turns, {sentences} sentences, {who}{named}."


def _stored(study, digest: str) -> tuple | None:
    """(id, deleted_at) of the study's transcript of this file, in the trash or not."""
    rows = Transcript.all_objects.filter(study=study, sha256=digest)
    return rows.values_list("pk", "deleted_at").first()


def _record_import(study, user, filename: str, transcript: Transcript, turns: int, sentences: int):
    audit.record(
        study=study,
        actor=user,
        kind=audit.Kind.IMPORT,
        action="imported",
        obj=transcript,
        summary=f"{filename} imported as “{transcript.title}”",
        after={
            "title": transcript.title,
            "participant": transcript.participant.code if transcript.participant else None,
            "source_name": filename,
            "sha256": transcript.sha256,
            "turns": turns,
            "sentences": sentences,
        },
    )


def _participant_code_for(filename: str, parsed: parsers.ParsedTranscript) -> str:
    """P07 from the file name, else from a P07: speaker label; "" lets us assign the next code."""
    match = _CODE_IN_NAME.search(filename.rsplit(".", 1)[0])
    if match:
        return match.group(1).upper()
    for turn in parsed.turns:
        if PARTICIPANT_CODE.match(turn.speaker.upper()) and turn.speaker.upper().startswith("P"):
            return turn.speaker.upper()
    return ""


def _group_participants(study: Study, filename: str, labels: list[str]) -> dict[str, Participant]:
    """Normalised label -> participant, in the labels' order: a label that is a P-code is that
    participant; any other ("id1") is a new participant with the next free code."""
    found: dict[str, Participant] = {}
    for label in labels:
        if label.upper().startswith("P"):
            found[parsers.normalise_label(label)], _ = Participant.objects.get_or_create(
                study=study, code=label.upper()
            )
    number = int(next_participant_code(study)[1:])
    for label in labels:
        key = parsers.normalise_label(label)
        if key not in found:
            attributes = {"focus_group_label": label, "focus_group_file": filename}
            code = f"P{number:02d}"
            found[key] = Participant.objects.create(study=study, code=code, attributes=attributes)
            number += 1
    return {
        parsers.normalise_label(label): found[parsers.normalise_label(label)] for label in labels
    }


def _store_replacements(study, user, transcript, replacements, replaced) -> None:
    """The map of what this import replaced: only names that occurred."""
    Replacement.objects.bulk_create(
        Replacement(
            study=study,
            transcript=transcript,
            original=original,
            pseudonym=replacements[original],
            occurrences=count,
            created_by=user,
        )
        for original, count in replaced.items()
        if count
    )


def _store(study, user, filename, digest, parsed, sentences, code, language, members) -> Transcript:
    """The transcript and its turns; with `members` (a focus group), no participant of its
    own and each member's turns carry the member."""
    participant = None
    if not members:
        code = code or next_participant_code(study)
        participant, _ = Participant.objects.get_or_create(study=study, code=code)
        title = f"Interview {code}"
    else:
        title = f"Focus group ({', '.join(p.code for p in members.values())})"[:200]
    timed = [t.end_seconds for t in parsed.turns if t.end_seconds is not None]
    transcript = Transcript.objects.create(
        study=study,
        participant=participant,
        title=title,
        text=parsed.text,
        metadata=parsed.metadata,
        language=language,
        source_name=filename,
        source_format=parsed.source_format,
        sha256=digest,
        word_count=sum(len(parsed.text[t.start : t.end].split()) for t in parsed.turns),
        media_duration=max(timed) if timed else None,
        sentences=[[s.start, s.end] for s in sentences],
        imported_by=user,
    )
    roles = parsers.assign_roles([turn.speaker for turn in parsed.turns], study.speaker_roles)
    rows = [
        (
            transcript.pk,
            index,
            turn.speaker[:100],
            role,
            turn.start,
            turn.end,
            turn.start_seconds,
            turn.end_seconds,
            getattr(members.get(parsers.normalise_label(turn.speaker)), "pk", None),
        )
        for index, (turn, role) in enumerate(zip(parsed.turns, roles, strict=True))
    ]
    bulk.insert_rows(Turn, TURN_FIELDS, rows, stamped=False)
    return transcript


def read_upload(upload, *, limit: int | None = None) -> bytes:
    """At most limit + 1 bytes of an uploaded file: enough for the importer to refuse an
    oversized file without ever holding all of it in memory."""
    limit = limit or settings.QUALCODE_MAX_FILE_BYTES
    return upload.read(limit + 1)


def queue_import(
    *,
    study: Study,
    user,
    files: list[tuple[str, bytes]],
    participant_code: str = "",
    language: str = "en",
    replacements: Mapping[str, str] | None = None,
) -> ImportJob:
    """Store the files as a job and hand it to the task worker; returns the job to poll."""
    participant_code, replacements = check_import_input(participant_code, language, replacements)
    with transaction.atomic():
        job = ImportJob.objects.create(
            study=study,
            created_by=user,
            participant_code=participant_code,
            language=language,
            replacements=replacements,
            total=len(files),
        )
        ImportJobFile.objects.bulk_create(
            ImportJobFile(job=job, position=i, filename=name[:255], data=data)
            for i, (name, data) in enumerate(files)
        )
    # Enqueued after commit so a worker on another connection sees the job and its files.
    import_task.enqueue(job.pk)
    job.refresh_from_db()
    return job


def run_import_job(*, job_id: int) -> ImportJob:
    """Import a queued job's files, recording progress after each file."""
    return run_job(ImportJob, job_id, _import_job_files)


def _import_job_files(job: ImportJob) -> None:
    def progress(number: int, outcome: FileOutcome) -> None:
        check_time(job)
        job.done = number
        job.outcomes = [*job.outcomes, asdict(outcome)]
        job.save(update_fields=["done", "outcomes"])

    files = ((f.filename, bytes(f.data)) for f in job.files.all().iterator(chunk_size=1))
    try:
        import_files(
            study=job.study,
            user=job.created_by,
            files=files,
            participant_code=job.participant_code,
            language=job.language,
            replacements=job.replacements,
            on_progress=progress,
        )
    finally:
        job.files.all().delete()  # the bytes live in the transcripts now, or nowhere
        if job.replacements:  # and the names only in the study's pseudonym map
            job.replacements = {}
            ImportJob.objects.filter(pk=job.pk).update(replacements={})


@task()
def import_task(job_id: int) -> None:
    """The task a worker runs for an import job (the job row says what to import)."""
    run_import_job(job_id=job_id)
