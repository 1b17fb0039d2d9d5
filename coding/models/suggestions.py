"""Suggestions: per-study settings, trained model versions, proposed spans, members' decisions
and background jobs."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from coding.models.codebook import Cluster, Code
from coding.models.spans import Valence
from transcripts.models import Job, Membership, Study, Transcript


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
        "best_per_transcript",
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
    # Open suggestions a member gets per transcript, the best by score (0: all of them): a
    # trained study suggests on most sentences, more than anyone reviews.
    best_per_transcript = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text="Open suggestions shown per transcript, the best by score; 0 shows all.",
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


class SuggestionModelQuerySet(models.QuerySet):
    def visible_to(self, member: Membership) -> "SuggestionModelQuerySet":
        """In the blind phase a coder sees only the models trained for them, from their own
        codings; everyone else sees every model of the study."""
        qs = self.filter(study_id=member.study_id)
        return qs.filter(for_user_id=member.user_id) if member.sees_only_own else qs


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
    # label -> [right, proposed]: the codebook rules' hits on the transcripts it learned from
    rule_evidence = models.JSONField(default=dict)
    seconds = models.FloatField(default=0)
    config = models.TextField()
    weights = models.BinaryField()

    objects = SuggestionModelQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "kind", "version"], name="suggestion_model_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"


class SuggestionQuerySet(models.QuerySet):
    def visible_to(self, member: Membership) -> "SuggestionQuerySet":
        """The study's suggestions for everyone, and those of models trained for this member
        alone (the blind phase trains one per coder, from and for that coder only)."""
        return self.filter(study_id=member.study_id, transcript__deleted_at=None).filter(
            Q(for_user__isnull=True) | Q(for_user_id=member.user_id)
        )


class Suggestion(models.Model):
    """One recommender's proposal: a span of a transcript for a code, for a cluster (the
    classifier is sure of the cluster but of none of its codes: the coder picks the code), or
    for a significant moment of a valence. Replaced whenever suggestions are recomputed;
    decisions outlive it."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="suggestions")
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="suggestions")
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="suggestions"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.CASCADE, related_name="suggestions"
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

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["start", "end", "id"]
        indexes = [models.Index(fields=["transcript", "score"], name="suggestion_by_transcript")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="suggestion_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(code__isnull=False, cluster__isnull=True, valence="")
                | Q(code__isnull=True, cluster__isnull=False, valence="")
                | Q(code__isnull=True, cluster__isnull=True, valence__in=Valence.values),
                name="suggestion_code_cluster_or_moment",
            ),
        ]

    def __str__(self) -> str:
        target = self.code_id or (f"cluster {self.cluster_id}" if self.cluster_id else self.valence)
        return f"{self.recommender} {target} [{self.start}:{self.end}]"


class SuggestionDecision(models.Model):
    """A member's accept or reject of a suggested (span, code or valence). Keyed by content,
    not by suggestion row, so a rejected suggestion never returns after a recompute."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="+")
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A cluster suggestion's decision: rejected, or accepted with a code the coder picked
    # (the coding made remembers the code).
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
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
            # One decision per member and suggested span: code decisions and moment (valence)
            # decisions apart, as two partial unique indexes, which SQLite and PostgreSQL both
            # enforce (NULLS NOT DISTINCT is PostgreSQL only).
            models.UniqueConstraint(
                fields=["transcript", "user", "code", "start", "end"],
                condition=Q(code__isnull=False),
                name="suggestion_decision_once",
            ),
            models.UniqueConstraint(
                fields=["transcript", "user", "valence", "start", "end"],
                condition=Q(code__isnull=True, cluster__isnull=True),
                name="suggestion_decision_once_moment",
            ),
            models.UniqueConstraint(
                fields=["transcript", "user", "cluster", "start", "end"],
                condition=Q(cluster__isnull=False),
                name="suggestion_decision_once_cluster",
            ),
        ]

    def __str__(self) -> str:
        return f"{'accept' if self.accepted else 'reject'} [{self.start}:{self.end}]"


class SuggestionJob(Job):
    """Training, suggesting or evaluating in the background."""

    class Kind(models.TextChoices):
        TRAIN = "train", "Train and suggest"
        SUGGEST = "suggest", "Suggest"
        EVALUATE = "evaluate", "Evaluate"

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="suggestion_jobs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    step = models.CharField(max_length=200, blank=True)
    messages = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} {self.done}/{self.total}"
