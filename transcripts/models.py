"""What was collected: studies and their members, participants, transcripts and speaker turns.

Transcript text is immutable once imported; turn offsets (and every later coding) are code-point
indices into it. Reads that serve a screen live on QuerySet methods named after that screen."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    CODER = "coder", "Coder"
    VIEWER = "viewer", "Viewer"


# Higher number, more rights; a view asks for the minimum it needs.
ROLE_RANK = {Role.VIEWER: 0, Role.CODER: 1, Role.OWNER: 2}


class SpeakerRole(models.TextChoices):
    INTERVIEWER = "interviewer", "Interviewer"
    CLIENT = "client", "Client"
    THERAPIST = "therapist", "Therapist"
    OTHER = "other", "Other"


class StudyQuerySet(models.QuerySet):
    def for_user(self, user) -> "StudyQuerySet":
        """Studies the user is a member of: the only door into study data."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, deleted_at__isnull=True)

    def for_study_list(self, user) -> "StudyQuerySet":
        # Counted in subqueries: for_user's filter on memberships would make a Count over the
        # join count only the user's own membership (every study showed 1 member).
        def count(model, field: str):
            rows = model.objects.filter(study=models.OuterRef("pk")).order_by().values("study")
            return models.Subquery(
                rows.annotate(n=models.Count(field)).values("n")[:1],
                output_field=models.IntegerField(),
            )

        return (
            self.for_user(user)
            .annotate(
                transcript_count=Coalesce(count(Transcript, "pk"), 0),
                member_count=Coalesce(count(Membership, "pk"), 0),
            )
            .order_by("title", "id")
        )

    def in_trash(self) -> "StudyQuerySet":
        return self.filter(deleted_at__isnull=False)


class LiveStudyManager(models.Manager.from_queryset(StudyQuerySet)):
    """Studies not in the trash: every read of the site starts here (`Study.objects`); the
    trash and the purge use `Study.all_objects`."""

    def get_queryset(self) -> StudyQuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Study(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    blind_coding = models.BooleanField(
        default=True, help_text="While on, coders see only their own codings and moments."
    )
    # The CQR frequency-label thresholds live in coding's AnalysisSettings (one row per
    # study), the one place the analysis reads them from.
    # Unit of analysis for agreement: sentences, speaker turns, or the character continuum.
    agreement_unit = models.CharField(
        max_length=10,
        choices=[("sentence", "Sentence"), ("turn", "Speaker turn"), ("unitized", "Unitized")],
        default="sentence",
    )
    spacy_pipeline = models.CharField(
        max_length=100, blank=True, help_text="Installed spaCy pipeline; empty for blank English."
    )
    # Normalised speaker label -> role; corrects the importer's guesses for this study.
    speaker_roles = models.JSONField(default=dict, blank=True)
    # The identity that owns the study's consensus codings (a user that cannot log in), made
    # by reconciliation on first use; analyses treat it like a coder, listings of coders not.
    consensus_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consensus_of",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # In the trash since (restorable by an owner for TRASH_DAYS, then purged), and by whom.
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LiveStudyManager()
    all_objects = StudyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "studies"

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    # Owners reconcile; an owner may also name other members as reconcilers.
    named_reconciler = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["study", "user"], name="membership_unique_user"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.study}"

    # What the member may do and see: every view, service and selector asks here.
    @property
    def can_write(self) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[Role.CODER]

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def sees_only_own(self) -> bool:
        """Blind phase: a coder sees only their own codings, moments, memos and figures."""
        return self.study.blind_coding and self.role == Role.CODER

    @property
    def can_reconcile(self) -> bool:
        """Owners reconcile; named reconcilers too once the blind phase is over (reconciling
        shows every coder's versions)."""
        return self.is_owner or (self.named_reconciler and not self.study.blind_coding)


class Participant(models.Model):
    """A person interviewed, known only by a code such as P07: never a real name."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="participants")
    code = models.CharField(max_length=20)
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["study", "code"], name="participant_unique_code"),
        ]

    def __str__(self) -> str:
        return self.code


class TranscriptQuerySet(models.QuerySet):
    def for_listing(self) -> "TranscriptQuerySet":
        """Everything a list of transcripts shows, without the (large) text."""
        return (
            self.select_related("participant", "imported_by")
            .defer("text", "sentences")
            .annotate(turn_count=models.Count("turns"))
            .order_by("participant__code", "title", "id")
        )

    def in_trash(self) -> "TranscriptQuerySet":
        return self.filter(deleted_at__isnull=False)


class LiveTranscriptManager(models.Manager.from_queryset(TranscriptQuerySet)):
    """Transcripts not in the trash (`Transcript.objects`, and `study.transcripts`); the trash,
    the purge and the duplicate check of imports use `Transcript.all_objects`."""

    def get_queryset(self) -> TranscriptQuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Transcript(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="transcripts")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.RESTRICT, related_name="transcripts"
    )
    title = models.CharField(max_length=200)
    text = models.TextField()
    language = models.CharField(max_length=20, default="en")
    source_name = models.CharField(max_length=255)
    source_format = models.CharField(max_length=10)
    sha256 = models.CharField(max_length=64)
    word_count = models.PositiveIntegerField(default=0)
    media_duration = models.FloatField(null=True, blank=True, help_text="Seconds, when timed.")
    # Sentence spans [[start, end], ...] from transcripts/nlp.py, within turns. Kept as one
    # array rather than rows: they are read whole per transcript and written once.
    sentences = models.JSONField(default=list, blank=True)
    # What the file said that is not spoken (parsers/layout.py): Markdown headings, the
    # preamble's "Name: value" fields and notes, each with the index of the turn it precedes.
    metadata = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Moves with every change of the transcript's turns (their roles, times, participants'
    # codes): the text API keeps a transcript's turns per process under this number
    # (transcripts/payloads.py). Changed only by TurnQuerySet.update, Turn.save and
    # studies.update_participant.
    turns_revision = models.PositiveIntegerField(default=0, editable=False)

    objects = LiveTranscriptManager()
    all_objects = TranscriptQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["study", "sha256"], name="transcript_unique_file"),
        ]

    def __str__(self) -> str:
        return self.title


class TurnQuerySet(models.QuerySet):
    def update(self, **changes) -> int:
        """Changed turns move their transcripts' turns_revision, in the same transaction."""
        with transaction.atomic(using=self.db):
            touch_turns(Transcript.all_objects.filter(pk__in=self.values("transcript_id")))
            return super().update(**changes)


def touch_turns(transcripts: models.QuerySet) -> None:
    """Mark these transcripts' turns as changed (their cached text API answers are stale)."""
    transcripts.update(turns_revision=models.F("turns_revision") + 1)


class Turn(models.Model):
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="turns")
    index = models.PositiveIntegerField()
    speaker = models.CharField(max_length=100, blank=True)
    role = models.CharField(max_length=12, choices=SpeakerRole.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    start_seconds = models.FloatField(null=True, blank=True)
    end_seconds = models.FloatField(null=True, blank=True)
    # Focus groups: who speaks in this turn; null in one-to-one interviews, whose participant
    # is the transcript's.
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.RESTRICT, related_name="turns"
    )

    objects = TurnQuerySet.as_manager()

    class Meta:
        ordering = ["transcript", "index"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "index"], name="turn_unique_index"),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="turn_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(role__in=SpeakerRole.values), name="turn_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker or '-'} [{self.start}:{self.end}]"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:  # a changed turn: its transcript's cached turns are stale
            touch_turns(Transcript.all_objects.filter(pk=self.transcript_id))
        super().save(*args, **kwargs)


class JobStatus(models.TextChoices):
    """Where a background job is; shared by every kind of job the pages poll."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """A piece of long work run by a task worker, with progress the pages poll. Every kind of
    job (imports, suggestions) derives from this and runs through transcripts/jobs.run_job."""

    Status = JobStatus

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)  # claimed by a worker
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class ImportJob(Job):
    """A batch of uploaded files imported in the background."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="import_jobs")
    participant_code = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=20, default="en")
    # One {"filename", "status", "message", "transcript_id"} per processed file, in order.
    outcomes = models.JSONField(default=list, blank=True)
    # The owner's pseudonyms (original -> pseudonym) until the job has run; then kept only in
    # the study's pseudonym map (transcripts/pseudonyms).
    replacements = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.status}, {self.done}/{self.total})"

    def tally(self) -> dict[str, int]:
        """Outcomes per status ("imported", "duplicate", "failed"), for the progress line."""
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome["status"]] = counts.get(outcome["status"], 0) + 1
        return counts


class ImportJobFile(models.Model):
    """Raw bytes of an uploaded file until its job has run; deleted right after (therapy data
    should live in one place only: the transcript)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    filename = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.filename


# Models of the study's sub-packages, registered with this app (their migrations live here).
from transcripts.audit.models import AuditEvent  # noqa: E402, F401
from transcripts.invitations.models import Invitation  # noqa: E402, F401
from transcripts.pseudonyms.models import (  # noqa: E402, F401
    KnownName,
    NameReview,
    NameReviewFile,
    Replacement,
)
