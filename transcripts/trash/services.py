"""Deleting a study or a transcript moves it to the trash (`deleted_at`, `deleted_by`), only
when its name is typed back; owners restore it within TRASH_DAYS days; `purge_trash` removes
what is older for good. A trashed study or transcript is gone from every page, list, count and
figure: `Study.objects` and `Transcript.objects` leave it out, and so do the span querysets'
visibility methods. Every move in and out is in the audit trail."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.http import Http404
from django.utils import timezone

from transcripts.audit import services as audit
from transcripts.errors import DomainError
from transcripts.models import Membership, Role, Study, Transcript

TRASH_DAYS = 30
RESTORABLE_UNTIL = ExpressionWrapper(
    F("deleted_at") + timedelta(days=TRASH_DAYS), output_field=DateTimeField()
)


def cutoff(now: datetime | None = None) -> datetime:
    """What was trashed before this moment can no longer be restored (and is purged)."""
    return (now or timezone.now()) - timedelta(days=TRASH_DAYS)


def check_confirmation(confirm: object, name: str, what: str) -> None:
    """The name typed back, exactly (surrounding spaces aside), or a 400 on `confirm`."""
    typed = confirm.strip() if isinstance(confirm, str) else ""
    if not typed:
        raise DomainError("confirm", f"Type the {what}'s name, “{name}”, to delete it.")
    if typed != name.strip():
        raise DomainError("confirm", f"That is not the {what}'s name: type “{name}” to delete it.")


def _require_owner(member: Membership, what: str) -> None:
    if not member.is_owner:
        raise PermissionDenied(f"Only an owner of the study deletes or restores {what}.")


@transaction.atomic
def trash_study(*, member: Membership, confirm: object) -> Study:
    """Move the member's study to the trash (owners only, its title typed back)."""
    _require_owner(member, "the study")
    study = Study.objects.select_for_update().filter(pk=member.study_id).first()
    if study is None:  # trashed by another request meanwhile
        raise Http404("No such study.")
    check_confirmation(confirm, study.title, "study")
    _move(study, member.user, "trashed", f"Study “{study.title}” moved to the trash")
    return study


@transaction.atomic
def trash_transcript(*, member: Membership, transcript_id: object, confirm: object) -> Transcript:
    """Move a transcript of the study to the trash (owners only, its title typed back)."""
    _require_owner(member, "transcripts")
    transcript = _transcript(Transcript.objects.filter(study_id=member.study_id), transcript_id)
    check_confirmation(confirm, transcript.title, "transcript")
    summary = f"Transcript “{transcript.title}” moved to the trash"
    _move(transcript, member.user, "trashed", summary)
    return transcript


def trashed_studies(user):
    """Studies in the trash that `user` owns and may still restore, newest first."""
    if not user.is_authenticated:
        return Study.all_objects.none()
    return (
        Study.all_objects.in_trash()
        .filter(
            deleted_at__gte=cutoff(),
            memberships__user=user,
            memberships__role=Role.OWNER,
        )
        .select_related("deleted_by")
        .annotate(restorable_until=RESTORABLE_UNTIL)
        .order_by("-deleted_at", "-id")
    )


def trashed_transcripts(member: Membership):
    """The study's transcripts in the trash that may still be restored (owners only)."""
    _require_owner(member, "transcripts")
    return (
        Transcript.all_objects.in_trash()
        .filter(study_id=member.study_id, deleted_at__gte=cutoff())
        .select_related("participant", "deleted_by")
        .defer("text", "sentences")
        .annotate(restorable_until=RESTORABLE_UNTIL)
        .order_by("-deleted_at", "-id")
    )


@transaction.atomic
def restore_study(*, user, study_id: object) -> Study:
    """Take a study the user owns out of the trash (within TRASH_DAYS); 404 otherwise."""
    study = _pick(trashed_studies(user).select_for_update(of=("self",)), study_id, "study")
    _move(study, user, "restored", f"Study “{study.title}” restored from the trash")
    return study


@transaction.atomic
def restore_transcript(*, member: Membership, transcript_id: object) -> Transcript:
    """Take a transcript out of the study's trash (owners, within TRASH_DAYS); 404 otherwise."""
    rows = trashed_transcripts(member).select_for_update(of=("self",))
    transcript = _pick(rows, transcript_id, "transcript")
    summary = f"Transcript “{transcript.title}” restored from the trash"
    _move(transcript, member.user, "restored", summary)
    return transcript


@transaction.atomic
def purge_trash(*, now: datetime | None = None) -> dict[str, int]:
    """Delete for good what has been in the trash for more than TRASH_DAYS days: studies with
    everything in them (their audit trail too), transcripts with their codings, moments and
    memos (recorded in their study's trail)."""
    limit = cutoff(now)
    # Transcripts whose study stays get a line in its trail; the others go with their study.
    transcripts = Transcript.all_objects.filter(deleted_at__lt=limit).exclude(
        study__deleted_at__lt=limit
    )
    audit.record_many(
        [
            audit.event(
                study=t.study_id,
                actor=None,
                kind=audit.Kind.TRASH,
                action="purged",
                object_type="transcript",
                object_id=t.pk,
                summary=f"Transcript “{t.title}” purged from the trash",
                before={"title": t.title, "deleted_at": t.deleted_at},
            )
            for t in transcripts.only("id", "study_id", "title", "deleted_at")
        ]
    )
    _, removed_transcripts = Transcript.all_objects.filter(deleted_at__lt=limit).delete()
    _, removed_studies = Study.all_objects.filter(deleted_at__lt=limit).delete()
    return {
        "studies": removed_studies.get("transcripts.Study", 0),
        "transcripts": removed_transcripts.get("transcripts.Transcript", 0)
        + removed_studies.get("transcripts.Transcript", 0),
    }


def _transcript(rows, transcript_id: object) -> Transcript:
    try:
        return rows.select_for_update().get(pk=int(transcript_id))
    except (Transcript.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such transcript in this study.") from None


def _pick(rows, pk: object, what: str):
    try:
        return rows.get(pk=int(pk))
    except (rows.model.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404(f"No such {what} in your trash.") from None


def _move(obj: Study | Transcript, user, action: str, summary: str) -> None:
    """Into the trash (`trashed`) or out of it (`restored`), and the audit record of it."""
    before = {"deleted_at": obj.deleted_at, "deleted_by": obj.deleted_by_id}
    if action == "trashed":
        obj.deleted_at, obj.deleted_by = timezone.now(), user
    else:
        obj.deleted_at = obj.deleted_by = None
    obj.save(update_fields=["deleted_at", "deleted_by"])
    audit.record(
        study=obj.pk if isinstance(obj, Study) else obj.study_id,
        actor=user,
        kind=audit.Kind.TRASH,
        action=action,
        obj=obj,
        summary=summary,
        before=before,
        after={"deleted_at": obj.deleted_at, "deleted_by": obj.deleted_by_id},
    )
