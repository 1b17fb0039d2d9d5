"""Sessions, dial-rating series and session measures. A transcript may be a session of its
participant (one-to-one); each session holds at most one series and one answer sheet per
instrument for each rater role. Samples are stored as two parallel arrays (read whole, written
once per import), checked by the import service; one-row invariants are constraints here."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from coding.microprocess.measures import INSTRUMENTS
from transcripts.models import Transcript


class RaterRole(models.TextChoices):
    CLIENT = "client", "Client"
    THERAPIST = "therapist", "Therapist"
    OBSERVER = "observer", "Observer"


class Session(models.Model):
    transcript = models.OneToOneField(Transcript, on_delete=models.CASCADE, related_name="session")
    number = models.PositiveSmallIntegerField(help_text="Session number of the participant.")
    date = models.DateField(null=True, blank=True)
    therapist = models.CharField(
        max_length=40, blank=True, help_text="A code such as T03, never a real name."
    )
    # The therapist-guess exercise: labels (top/bottom) given to the client's six segments,
    # in time order, for the segment length and starts they were shown.
    guess = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_from_1"),
        ]

    def __str__(self) -> str:
        return f"session {self.number} ({self.transcript_id})"


class RatingSeries(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="series")
    rater_role = models.CharField(max_length=10, choices=RaterRole.choices)
    seconds = models.JSONField(default=list)
    values = models.JSONField(default=list)
    source_name = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "rater_role"]
        constraints = [
            models.UniqueConstraint(fields=["session", "rater_role"], name="series_one_per_role"),
            models.CheckConstraint(
                condition=Q(rater_role__in=RaterRole.values), name="series_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rater_role} series of {self.session}"

    @property
    def samples(self) -> list[list[float]]:
        return [[s, v] for s, v in zip(self.seconds, self.values, strict=True)]


class SessionMeasure(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="measures")
    instrument = models.CharField(
        max_length=10, choices=[(k, i.label) for k, i in INSTRUMENTS.items()]
    )
    rater_role = models.CharField(max_length=10, choices=RaterRole.choices)
    items = models.JSONField(default=list)
    total = models.FloatField()
    entered_at = models.DateTimeField(auto_now=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "instrument", "rater_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "instrument", "rater_role"], name="measure_one_per_rater"
            ),
            models.CheckConstraint(
                condition=Q(instrument__in=list(INSTRUMENTS)), name="measure_instrument_valid"
            ),
            models.CheckConstraint(
                condition=Q(rater_role__in=RaterRole.values), name="measure_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} by {self.rater_role} in {self.session}"


def recording_path(recording: "Recording", filename: str) -> str:
    """A random name under the study: the stored name tells nothing about the session."""
    return f"recordings/{recording.transcript.study_id}/{uuid.uuid4().hex}"


class Recording(models.Model):
    """The audio or video of a transcript, stored through Django's storage API (a site may use
    object storage) and served to study members only."""

    transcript = models.OneToOneField(
        Transcript, on_delete=models.CASCADE, related_name="recording"
    )
    file = models.FileField(upload_to=recording_path, max_length=255)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.name
