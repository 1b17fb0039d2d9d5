"""Pseudonymisation services: the study's known names, reviews of an upload's flagged names,
and the import they lead to. Callers have checked that the member is an owner (the map and the
names are the owner's alone); every write here is one transaction."""

from collections.abc import Sequence
from dataclasses import asdict

from django.conf import settings
from django.db import transaction

from transcripts import imports, parsers
from transcripts.errors import DomainError
from transcripts.models import ImportJob, Study
from transcripts.pseudonyms.models import KnownName, NameReview, NameReviewFile, Replacement

MAX_KNOWN_NAMES = 1000


def known_names(study: Study) -> dict[str, str]:
    """Name -> pseudonym ("" when the owner has not chosen one yet)."""
    return dict(study.known_names.values_list("name", "pseudonym"))


def add_known_name(*, study: Study, name: str, pseudonym: str = "") -> KnownName:
    """Add a name to the study's list, or change its pseudonym ("" leaves it to the review)."""
    name, pseudonym = parsers.clean_name(name), parsers.clean_name(pseudonym)
    for field, value in (("name", name), ("pseudonym", pseudonym)):
        problem = parsers.name_problem(value) if value or field == "name" else None
        if problem:
            raise DomainError(field, problem)
    listed = study.known_names.filter(name=name).exists()
    if not listed and study.known_names.count() >= MAX_KNOWN_NAMES:
        raise DomainError("name", f"A study keeps at most {MAX_KNOWN_NAMES} known names.")
    known, _ = KnownName.objects.update_or_create(
        study=study, name=name, defaults={"pseudonym": pseudonym}
    )
    return known


def flag_files(
    study: Study, files: Sequence[tuple[str, bytes]]
) -> tuple[list[parsers.Flag], list[dict[str, str]]]:
    """Flags for the readable files of an upload, and {filename, reason} for the others."""
    texts: list[str] = []
    speakers: list[str] = []
    unreadable: list[dict[str, str]] = []
    for filename, data in files:
        try:
            parsed = parsers.parse_transcript(
                filename, data, max_bytes=settings.QUALCODE_MAX_FILE_BYTES
            )
        except parsers.ImportFailed as failure:
            unreadable.append({"filename": filename, "reason": failure.reason})
            continue
        texts.append(parsed.text)
        speakers += [turn.speaker for turn in parsed.turns]
    flags = parsers.flag_names(texts, list(dict.fromkeys(speakers)), known_names(study))
    return flags, unreadable


@transaction.atomic
def start_review(
    *, study: Study, user, files: list[tuple[str, bytes]], participant_code: str, language: str
) -> NameReview:
    """Keep an owner's upload with its flagged names until the owner chooses pseudonyms."""
    participant_code, _ = imports.check_import_input(participant_code, language, {})
    flags, unreadable = flag_files(study, files)
    review = NameReview.objects.create(
        study=study,
        created_by=user,
        participant_code=participant_code,
        language=language,
        flags=[asdict(flag) for flag in flags],
        unreadable=unreadable,
    )
    NameReviewFile.objects.bulk_create(
        NameReviewFile(review=review, position=i, filename=name[:255], data=data)
        for i, (name, data) in enumerate(files)
    )
    return review


def confirm_review(*, review: NameReview, user, replacements: dict[str, str]) -> ImportJob:
    """Queue the import of the review's files with the owner's pseudonyms; the review goes."""
    rows = NameReviewFile.objects.filter(review=review).order_by("position")
    files = [(name, bytes(data)) for name, data in rows.values_list("filename", "data")]
    job = imports.queue_import(
        study=review.study,
        user=user,
        files=files,
        participant_code=review.participant_code,
        language=review.language,
        replacements=replacements,
    )
    review.delete()
    return job


def pseudonym_map(study: Study):
    """The study's replacements with their transcripts, for the owner's page and API."""
    return (
        Replacement.objects.filter(study=study)
        .select_related("transcript", "created_by")
        .order_by("transcript__title", "transcript_id", "original")
    )
