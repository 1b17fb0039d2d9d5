"""Spans of transcript text the team makes: codings, significant moments, and memos on the
study, a transcript, a code or a coding.

Spans are code-point offsets into Transcript.text; 0 <= start < end <= len(text) is checked
by coding/codings/spans.py before any write and start < end by the database. What a member
sees of them is decided here, once, by `visible_to(member)` (the blind phase)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from coding.models.codebook import Code
from transcripts.models import Membership, Study, Transcript


class SpanQuerySet(models.QuerySet):
    """The visibility layer for spans: every list, count and aggregate starts here. Spans of a
    transcript in the trash are left out (writes that must reach them, such as merging codes,
    use the plain manager)."""

    def visible_to(self, member: Membership) -> "SpanQuerySet":
        """Blind phase: a coder sees only their own spans; owners and viewers (who never
        code) see everyone's. After the blind phase every member sees all."""
        qs = self.filter(transcript__study_id=member.study_id, transcript__deleted_at=None)
        if member.sees_only_own:
            qs = qs.filter(**{self.model.OWNER_FIELD: member.user_id})
        return qs

    def by_coders(self, study: Study) -> "SpanQuerySet":
        """The study's spans by its coders, without the consensus identity's."""
        qs = self.filter(transcript__study=study, transcript__deleted_at=None)
        if study.consensus_user_id is not None:
            qs = qs.exclude(**{self.model.OWNER_FIELD: study.consensus_user_id})
        return qs

    def by_consensus(self, study: Study) -> "SpanQuerySet":
        if study.consensus_user_id is None:
            return self.none()
        return self.filter(
            transcript__study=study,
            transcript__deleted_at=None,
            **{self.model.OWNER_FIELD: study.consensus_user_id},
        )


class MemoQuerySet(models.QuerySet):
    def visible_to(self, member: Membership) -> "MemoQuerySet":
        """Blind phase: a coder reads only their own memos. Memos on a transcript in the
        trash, or on a coding of one, are gone with it."""
        qs = self.filter(study_id=member.study_id).exclude(
            Q(transcript__deleted_at__isnull=False)
            | Q(coding__transcript__deleted_at__isnull=False)
        )
        if member.sees_only_own:
            qs = qs.filter(author_id=member.user_id)
        return qs


class Coding(models.Model):
    OWNER_FIELD = "coder"

    # No index of its own: coding_by_coder and coding_unique_span both start with it, and a
    # third copy cost every insert (a large project import writes 120,000 codings).
    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, related_name="codings", db_index=False
    )
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
            models.UniqueConstraint(
                fields=["transcript", "rater", "start", "end", "valence"],
                name="moment_unique_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valence} [{self.start}:{self.end}]"


class MemoKind(models.TextChoices):
    """Memo types that follow grounded theory's stages: open coding, relating codes (axial),
    the emerging theory, and notes on method."""

    OPEN = "open", "Open"
    AXIAL = "axial", "Axial"
    THEORETICAL = "theoretical", "Theoretical"
    METHODOLOGICAL = "methodological", "Methodological"


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
    kind = models.CharField(max_length=14, choices=MemoKind.choices, default=MemoKind.OPEN)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemoQuerySet.as_manager()

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
            models.CheckConstraint(condition=Q(kind__in=MemoKind.values), name="memo_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
