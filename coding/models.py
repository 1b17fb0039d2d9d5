"""What the team makes of the transcripts: the codebook (clusters, optionally under a core
category, and their codes) with its history, codings, significant moments and memos.

Spans are code-point offsets into Transcript.text; 0 <= start < end <= len(text) is checked
by coding/spans.py before any write and start < end by the database."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from transcripts.models import Role, Study, Transcript


class Cluster(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint("study", Lower("name"), name="cluster_unique_name_in_study"),
        ]

    def __str__(self) -> str:
        return self.name


class Code(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codes")
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="codes"
    )
    name = models.CharField(max_length=120)
    definition = models.TextField(blank=True)
    inclusion = models.TextField(blank=True)
    exclusion = models.TextField(blank=True)
    example = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#4e79a7")
    # Words and phrases that later drive rule-based suggestions.
    keywords = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint("study", Lower("name"), name="code_unique_name_in_study"),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="code_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CodebookEvent(models.Model):
    """The codebook's history: every structural change, who made it, when, and why."""

    class Action(models.TextChoices):
        CREATE_CLUSTER = "create_cluster", "Cluster created"
        UPDATE_CLUSTER = "update_cluster", "Cluster changed"
        DELETE_CLUSTER = "delete_cluster", "Cluster deleted"
        CREATE_CODE = "create_code", "Code created"
        UPDATE_CODE = "update_code", "Code changed"
        RENAME_CODE = "rename_code", "Code renamed"
        MOVE_CODE = "move_code", "Code moved"
        MERGE_CODES = "merge_codes", "Codes merged"
        SPLIT_CODE = "split_code", "Code split"
        DELETE_CODE = "delete_code", "Code deleted"
        LOAD_STARTER = "load_starter", "Starter codebook loaded"

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codebook_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    summary = models.CharField(max_length=500)
    reason = models.TextField(blank=True)
    # Ids and names before/after, so the change can be audited after codes are gone.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.summary


class SpanQuerySet(models.QuerySet):
    def visible_to(self, study: Study, user) -> "SpanQuerySet":
        """Blind phase: a coder sees only their own spans; owners and viewers (who never
        code) see everyone's. After the blind phase every member sees all."""
        qs = self.filter(transcript__study=study)
        if study.blind_coding and study.membership.role == Role.CODER:
            qs = qs.filter(**{self.model.OWNER_FIELD: user})
        return qs


class Coding(models.Model):
    OWNER_FIELD = "coder"

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="codings")
    # RESTRICT: a code with codings is only removed through merge or an explicit delete, yet
    # deleting a whole study (codes and codings together) still works.
    code = models.ForeignKey(Code, on_delete=models.RESTRICT, related_name="codings")
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="codings"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    memo = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["start", "end", "id"]
        indexes = [models.Index(fields=["transcript", "coder", "code"], name="coding_by_coder")]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="coding_start_before_end"),
            models.UniqueConstraint(
                fields=["transcript", "code", "coder", "start", "end"], name="coding_unique_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_id} [{self.start}:{self.end}] by {self.coder_id}"


class Valence(models.TextChoices):
    HELPFUL = "helpful", "Helpful"
    HINDERING = "hindering", "Hindering"
    MIXED = "mixed", "Mixed"


class SignificantMoment(models.Model):
    OWNER_FIELD = "rater"

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="moments")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="moments"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    valence = models.CharField(max_length=10, choices=Valence.choices)
    intensity = models.PositiveSmallIntegerField(default=3)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="moment_start_before_end"),
            models.CheckConstraint(
                condition=Q(intensity__gte=1, intensity__lte=5), name="moment_intensity_1_5"
            ),
            models.CheckConstraint(
                condition=Q(valence__in=Valence.values), name="moment_valence_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valence} [{self.start}:{self.end}]"


class Memo(models.Model):
    """Analytic memo on the study, a transcript, a code or a coding (at most one target)."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memos")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memos"
    )
    transcript = models.ForeignKey(
        Transcript, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    coding = models.ForeignKey(
        Coding, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(transcript__isnull=True, code__isnull=True)
                    | Q(transcript__isnull=True, coding__isnull=True)
                    | Q(code__isnull=True, coding__isnull=True)
                ),
                name="memo_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ReconciliationDecision(models.Model):
    """The audit trail of consensus: one decision on one disagreement region of a transcript,
    the coders' versions as they were, the outcome and the consensus codings it produced."""

    class Outcome(models.TextChoices):
        ACCEPT_ONE = "accept_one", "Accept one coder's version"
        ACCEPT_ALL = "accept_all", "Accept every version"
        ACCEPT_NONE = "accept_none", "Accept none"
        EDIT = "edit", "Edited consensus"

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="decisions")
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="decisions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=12)
    versions = models.JSONField(help_text="The coders' codings in the region when decided.")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    accepted_coder = models.CharField(max_length=150, blank=True)
    result = models.JSONField(default=list, help_text="Consensus codings: code, start, end.")
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["transcript", "start", "-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="decision_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} [{self.start}:{self.end}]"
