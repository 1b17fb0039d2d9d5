"""What the team makes of the transcripts: the codebook (clusters, optionally under a core
category, and their codes) with its history, codings, significant moments and memos.

Spans are code-point offsets into Transcript.text; 0 <= start < end <= len(text) is checked
by coding/spans.py before any write and start < end by the database."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from transcripts.models import JobStatus, Role, Study, Transcript


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
    # Rule suggestions: words and phrases (matched on lower case, and on lemmas when the
    # pipeline has a lemmatizer) and spaCy Matcher token patterns (lists of token objects).
    keywords = models.JSONField(default=list, blank=True)
    patterns = models.JSONField(default=list, blank=True)
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


# ---------------------------------------------------------------- suggestions


class Recommender(models.TextChoices):
    RULES = "rules", "Codebook rules"
    MEMORY = "memory", "Coded-phrase memory"
    MODEL = "model", "Learned classifier"
    MOMENTS = "moments", "Significant-moment candidates"


class SuggestionSettings(models.Model):
    """Per-study switches for the recommenders, the score threshold and the training source."""

    class Source(models.TextChoices):
        ALL = "all", "All coders (a sentence carries a code if any coder's codings do)"
        CONSENSUS = "consensus", "Consensus codings"
        CODER = "coder", "One coder"

    study = models.OneToOneField(
        Study, on_delete=models.CASCADE, related_name="suggestion_settings"
    )
    # What owners edit, on the page (a ModelForm) and in the API (a ModelSerializer); the
    # validators below serve both.
    EDITABLE = (
        "threshold",
        "use_rules",
        "use_memory",
        "use_model",
        "use_moments",
        "rule_unit",
        "source",
        "min_examples",
    )

    threshold = models.FloatField(
        default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    use_rules = models.BooleanField(default=True)
    use_memory = models.BooleanField(default=True)
    use_model = models.BooleanField(default=True)
    use_moments = models.BooleanField(default=True)
    # What a rule hit suggests: its sentence or its whole speaker turn.
    rule_unit = models.CharField(
        max_length=10,
        choices=[("sentence", "Sentence"), ("turn", "Speaker turn")],
        default="sentence",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ALL)
    source_coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A code needs this many positive sentences before the classifier learns it.
    min_examples = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )

    class Meta:
        verbose_name_plural = "suggestion settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=0, threshold__lte=1), name="suggest_threshold_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"suggestion settings of {self.study}"

    def enabled(self) -> list[str]:
        return [r for r in Recommender.values if getattr(self, f"use_{r}")]


class SuggestionModel(models.Model):
    """A trained classifier: the spaCy config and weights, what it was trained on, how it did."""

    class Kind(models.TextChoices):
        CODES = "codes", "Codes"
        MOMENTS = "moments", "Significant moments"

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="suggestion_models")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=160)
    # Blind phase with the all-coders source: one model per coder, trained on that coder's
    # codings only and suggesting to them only (independent coding stays independent).
    for_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    seed = models.IntegerField(default=0)
    labels = models.JSONField(default=list)  # "code:<id>" or a valence, in score order
    label_names = models.JSONField(default=dict)  # label -> name when trained
    sentences = models.PositiveIntegerField(default=0)  # training data size
    transcripts = models.PositiveIntegerField(default=0)
    positives = models.JSONField(default=dict)  # label -> positive sentences
    skipped = models.JSONField(default=list)  # [{"label", "name", "examples"}]: too few
    evaluation = models.JSONField(default=dict)  # held-out transcripts: P/R/F1
    seconds = models.FloatField(default=0)
    config = models.TextField()
    weights = models.BinaryField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "kind", "version"], name="suggestion_model_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"


class Suggestion(models.Model):
    """One recommender's proposal: a span of a transcript for a code, or for a significant
    moment of a valence. Replaced whenever suggestions are recomputed; decisions outlive it."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="suggestions")
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="suggestions")
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="suggestions"
    )
    valence = models.CharField(max_length=10, blank=True)  # set for moment suggestions
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    score = models.FloatField()
    recommender = models.CharField(max_length=10, choices=Recommender.choices)
    version = models.CharField(max_length=40)
    evidence = models.CharField(max_length=200, blank=True)  # the keyword or phrase matched
    # Blind phase: memory built from one coder's codings is shown to that coder only.
    for_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "end", "id"]
        indexes = [models.Index(fields=["transcript", "score"], name="suggestion_by_transcript")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="suggestion_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(code__isnull=False, valence="")
                | Q(code__isnull=True, valence__in=Valence.values),
                name="suggestion_code_or_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommender} {self.code_id or self.valence} [{self.start}:{self.end}]"


class SuggestionDecision(models.Model):
    """A member's accept or reject of a suggested (span, code or valence). Keyed by content,
    not by suggestion row, so a rejected suggestion never returns after a recompute."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="+")
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    valence = models.CharField(max_length=10, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    accepted = models.BooleanField()
    recommender = models.CharField(max_length=10, choices=Recommender.choices)
    score = models.FloatField()
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["transcript", "user"], name="decision_by_user")]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "user", "code", "valence", "start", "end"],
                name="suggestion_decision_once",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{'accept' if self.accepted else 'reject'} [{self.start}:{self.end}]"


class SuggestionJob(models.Model):
    """Training, suggesting or evaluating in the background, with progress the page polls."""

    class Kind(models.TextChoices):
        TRAIN = "train", "Train and suggest"
        SUGGEST = "suggest", "Suggest"
        EVALUATE = "evaluate", "Evaluate"

    Status = JobStatus

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="suggestion_jobs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    step = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    messages = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} {self.done}/{self.total}"
