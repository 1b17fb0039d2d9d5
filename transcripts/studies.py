"""Service functions for studies, members, participants and transcript metadata: keyword-only
arguments, one transaction each."""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from transcripts import nlp
from transcripts.audit import services as audit
from transcripts.errors import DomainError
from transcripts.models import (
    Membership,
    Participant,
    Role,
    Study,
    Transcript,
    Turn,
    touch_turns,
)
from transcripts.parsers import ROLES, normalise_label


@transaction.atomic
def study_by_ref(ref: str) -> Study | None:
    """A study by id or exact title, for management commands (which act as staff)."""
    study = Study.objects.filter(pk=int(ref)).first() if ref.isdigit() else None
    return study or Study.objects.filter(title=ref).order_by("id").first()


def create_study(*, user, title: str, description: str = "", blind_coding: bool = True) -> Study:
    """A new study owned by `user`."""
    title = title.strip()
    if not title:
        raise DomainError("title", "A study needs a title.")
    study = Study.objects.create(
        title=title, description=description.strip(), blind_coding=blind_coding, created_by=user
    )
    Membership.objects.create(study=study, user=user, role=Role.OWNER, added_by=user)
    _settings_changed(
        user, study, {}, audit.snapshot(study, ("title", "description", "blind_coding"))
    )
    return study


STUDY_FIELDS = (
    "title",
    "description",
    "agreement_unit",
    "spacy_pipeline",
)


@transaction.atomic
def update_study(*, member: Membership, blind_coding: bool | None = None, **changes) -> Study:
    """Change a study's settings (owners only), all or nothing; the blind phase goes through
    `set_blind_phase`."""
    if not member.is_owner:
        raise PermissionDenied("Only an owner changes the study's settings.")
    unknown = set(changes) - set(STUDY_FIELDS)
    if unknown:
        raise DomainError(sorted(unknown)[0], "This setting cannot be changed here.")
    study = Study.objects.select_for_update().get(pk=member.study_id)
    before = audit.snapshot(study, changes)
    if "title" in changes and not str(changes["title"]).strip():
        raise DomainError("title", "A study needs a title.")
    if problem := nlp.pipeline_problem(str(changes.get("spacy_pipeline") or "").strip()):
        raise DomainError("spacy_pipeline", problem)
    for field, value in changes.items():
        setattr(study, field, value.strip() if isinstance(value, str) else value)
    if changes:
        study.save(update_fields=list(changes))
        _settings_changed(member.user, study, before, audit.snapshot(study, changes))
    if blind_coding is not None:
        study = set_blind_phase(member=member, blind=blind_coding)
    member.study = study
    return study


@transaction.atomic
def set_blind_phase(*, member: Membership, blind: bool) -> Study:
    """End (False) or restart (True) the blind phase (owners only). While it is on, coders
    see only their own codings, moments, memos and suggestions, and no agreement figures."""
    if not member.is_owner:
        raise PermissionDenied("Only an owner ends or restarts the blind phase.")
    study = Study.objects.select_for_update().get(pk=member.study_id)
    if study.blind_coding != blind:
        study.blind_coding = blind
        study.save(update_fields=["blind_coding"])
        _settings_changed(member.user, study, {"blind_coding": not blind}, {"blind_coding": blind})
    member.study = study
    return study


def _settings_changed(actor, study: Study, before: dict, after: dict) -> None:
    """Study settings changed (or, from an empty `before`, a study made)."""
    created = not before
    before, after = audit.changes(before, after)
    if after:
        audit.record(
            study=study,
            actor=actor,
            kind=audit.Kind.SETTINGS,
            action="created" if created else "changed",
            obj=study,
            summary=f"Study “{study.title}” created"
            if created
            else f"Study settings changed: {', '.join(after)}",
            before=None if created else before,
            after=after,
        )


def _member_changed(actor, membership: Membership, action: str, before, after) -> None:
    audit.record(
        study=membership.study_id,
        actor=actor,
        kind=audit.Kind.MEMBER,
        action=action,
        obj=membership,
        summary=f"Member {membership.user.username} {action}",
        before=before,
        after=after,
    )


CONSENSUS_USERNAME = "consensus-study{pk}"


@transaction.atomic
def consensus_user(study: Study):
    """The study's consensus identity (`Study.consensus_user`), made on first use; it can never
    log in. Locks the study row so two first decisions make one identity."""
    if study.consensus_user_id is not None:
        return study.consensus_user
    locked = Study.objects.select_for_update().get(pk=study.pk)
    if locked.consensus_user_id is None:
        user, created = get_user_model().objects.get_or_create(
            username=CONSENSUS_USERNAME.format(pk=study.pk),
            defaults={"first_name": "Consensus", "is_active": False},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        locked.consensus_user = user
        locked.save(update_fields=["consensus_user"])
    study.consensus_user = locked.consensus_user
    return study.consensus_user


@transaction.atomic
def add_member(*, study: Study, actor, username: str, role: str) -> Membership:
    """Add an existing user to the study, or change their role if already a member."""
    if role not in Role.values:
        raise DomainError("role", f"Role must be one of {', '.join(Role.values)}.")
    User = get_user_model()
    try:
        user = User.objects.get(username=username.strip())
    except User.DoesNotExist:
        raise DomainError("username", f"No user named '{username.strip()}'.") from None
    membership, created = Membership.objects.select_for_update().get_or_create(
        study=study, user=user, defaults={"role": role, "added_by": actor}
    )
    if created:
        _member_changed(actor, membership, "added", None, {"user": user.pk, "role": role})
    elif membership.role != role:
        _ensure_an_owner_remains(study, membership, new_role=role)
        before = {"role": membership.role}
        membership.role = role
        membership.save(update_fields=["role"])
        _member_changed(actor, membership, "changed", before, {"role": role})
    return membership


@transaction.atomic
def set_reconciler(*, study: Study, membership: Membership, value: bool, actor=None) -> Membership:
    """Name (or un-name) a member as a reconciler; owners always are."""
    if membership.study_id != study.pk:
        raise DomainError("member", "No such member in this study.")
    before = {"named_reconciler": membership.named_reconciler}
    membership.named_reconciler = value
    membership.save(update_fields=["named_reconciler"])
    if before["named_reconciler"] != value:
        _member_changed(actor, membership, "changed", before, {"named_reconciler": value})
    return membership


@transaction.atomic
def remove_member(*, study: Study, membership: Membership, actor=None) -> None:
    _ensure_an_owner_remains(study, membership, new_role=None)
    before = {"user": membership.user_id, "role": membership.role}
    _member_changed(actor, membership, "removed", before, None)
    membership.delete()


def _ensure_an_owner_remains(study: Study, membership: Membership, *, new_role: str | None) -> None:
    if membership.role != Role.OWNER or new_role == Role.OWNER:
        return
    owners = Membership.objects.select_for_update().filter(study=study, role=Role.OWNER)
    if owners.exclude(pk=membership.pk).count() == 0:
        raise DomainError("role", "A study must keep at least one owner.")


@transaction.atomic
def set_speaker_role(
    *, study: Study, label: str, role: str, apply_to_existing: bool = True, actor=None
) -> int:
    """Correct the role of a speaker label for this study; returns the number of turns changed."""
    if role not in ROLES:
        raise DomainError("role", f"Role must be one of {', '.join(ROLES)}.")
    key = normalise_label(label)
    if not key:
        raise DomainError("label", "Give the speaker label as it appears in the transcripts.")
    roles = dict(study.speaker_roles)
    before = {"speaker_roles": dict(roles)}
    roles[key] = role
    study.speaker_roles = roles
    study.save(update_fields=["speaker_roles"])
    _settings_changed(actor, study, before, {"speaker_roles": roles})
    if not apply_to_existing:
        return 0
    turns = Turn.objects.filter(transcript__study=study)
    # A study has few distinct labels; match them in Python, then update in one statement.
    labels = {
        label
        for label in turns.order_by().values_list("speaker", flat=True).distinct()
        if normalise_label(label) == key
    }
    return turns.filter(speaker__in=labels).exclude(role=role).update(role=role)


PARTICIPANT_CODE = re.compile(r"^[A-Z]{1,4}\d{1,4}$")


def check_participant_code(code: str) -> str:
    """Participant codes are pseudonyms like P07; anything else could be a real name."""
    code = code.strip().upper()
    if not PARTICIPANT_CODE.match(code):
        raise DomainError("participant", "Use a code like P07 (letters then digits), never a name.")
    return code


@transaction.atomic
def create_participant(
    *, study: Study, code: str = "", attributes: dict | None = None, actor=None
) -> Participant:
    code = check_participant_code(code) if code else next_participant_code(study)
    if Participant.objects.filter(study=study, code=code).exists():
        raise DomainError("code", f"Participant {code} already exists in this study.")
    participant = Participant.objects.create(study=study, code=code, attributes=attributes or {})
    _described(actor, participant, "created", None, ("code", "attributes"))
    return participant


@transaction.atomic
def update_participant(
    *,
    participant: Participant,
    code: str | None = None,
    attributes: dict | None = None,
    merge: bool = False,
    actor=None,
) -> Participant:
    """Change a participant's code and attributes. With `merge` (the API's PATCH) the given
    attributes are merged into the stored ones and a null removes its key (JSON merge patch);
    without, they replace them (the page edits the whole set)."""
    before = audit.snapshot(participant, ("code", "attributes"))
    if code is not None:
        code = check_participant_code(code)
        clash = Participant.objects.filter(study_id=participant.study_id, code=code)
        if clash.exclude(pk=participant.pk).exists():
            raise DomainError("code", f"Participant {code} already exists in this study.")
        if code != participant.code:  # its focus-group turns show the new code
            spoken = Turn.objects.filter(participant=participant).values("transcript_id")
            touch_turns(Transcript.all_objects.filter(pk__in=spoken))
        participant.code = code
    if attributes is not None:
        if merge:
            attributes = {**participant.attributes, **attributes}
            attributes = {key: value for key, value in attributes.items() if value is not None}
        participant.attributes = attributes
    participant.save()
    _described(actor, participant, "changed", before, ("code", "attributes"))
    return participant


def next_participant_code(study: Study) -> str:
    numbers = [
        int(code[1:])
        for code in Participant.objects.filter(study=study).values_list("code", flat=True)
        if code[:1] == "P" and code[1:].isdigit()
    ]
    return f"P{(max(numbers, default=0) + 1):02d}"


@transaction.atomic
def update_transcript(
    *,
    transcript: Transcript,
    title: str | None = None,
    participant: str | None = None,
    language: str | None = None,
    actor=None,
) -> Transcript:
    """Change what describes a transcript; its text and offsets never change."""
    problem = nlp.language_problem(language) if language is not None else None
    if problem:  # checked first: nothing is written when the request is refused
        raise DomainError("language", problem)
    fields = ("title", "participant", "language")
    before = audit.snapshot(transcript, fields)
    if title is not None:
        if not title.strip():
            raise DomainError("title", "A transcript needs a title.")
        transcript.title = title.strip()
    if participant is not None:
        code = check_participant_code(participant)
        transcript.participant, _ = Participant.objects.get_or_create(
            study_id=transcript.study_id, code=code
        )
    if language is not None:
        transcript.language = language
    transcript.save(update_fields=["title", "participant", "language"])
    _described(actor, transcript, "changed", before, fields)
    return transcript


def _described(actor, obj: Participant | Transcript, action: str, before, fields) -> None:
    """A participant's or a transcript's description changed (or a participant made)."""
    after = audit.snapshot(obj, fields)
    if before is not None:
        before, after = audit.changes(before, after)
        if not after:
            return
    kind = audit.Kind.PARTICIPANT if isinstance(obj, Participant) else audit.Kind.TRANSCRIPT
    audit.record(
        study=obj.study_id,
        actor=actor,
        kind=kind,
        action=action,
        obj=obj,
        summary=f"{kind.label} {obj} {action}",
        before=before,
        after=after,
    )
