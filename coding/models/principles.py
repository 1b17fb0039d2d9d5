"""The study's results: principles for practice, each resting on codings and moments, and the
core category that ties the clusters together.

A principle's evidence and quotes are the team's codings; what a member sees of them goes
through `visible_to(member)` like every span. In the blind phase a coder reads only the
principles they wrote (they rest on codings the coder may not see)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from coding.models.codebook import Cluster
from coding.models.spans import Coding, SignificantMoment
from transcripts.models import Membership, Study


class PrincipleQuerySet(models.QuerySet):
    def visible_to(self, member: Membership) -> "PrincipleQuerySet":
        """Blind phase: a coder reads only their own principles; others read all."""
        qs = self.filter(study_id=member.study_id)
        if member.sees_only_own:
            qs = qs.filter(author_id=member.user_id)
        return qs


class Principle(models.Model):
    """A statement for practice, its cluster, the codings and moments it rests on, the codings
    chosen as its quotes, and what it means for mentoring."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="principles")
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="principles"
    )
    statement = models.TextField()
    implication = models.TextField(blank=True)
    evidence = models.ManyToManyField(Coding, blank=True, related_name="principles_supported")
    moments = models.ManyToManyField(
        SignificantMoment, blank=True, related_name="principles_supported"
    )
    quotes = models.ManyToManyField(Coding, blank=True, related_name="principles_quoted")
    order = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="principles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrincipleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.statement[:60]


class CoreCategory(models.Model):
    """The one statement per study that ties the clusters together (grounded theory's core
    category), shown first in the principle summary."""

    study = models.OneToOneField(Study, on_delete=models.CASCADE, related_name="core_category")
    statement = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "core categories"

    def __str__(self) -> str:
        return self.statement[:60]


class Pseudonym(models.Model):
    """A name the study's texts may hold (a therapist's, a partner's, a town) and what the
    principle summary prints instead: the study's pseudonym list."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="pseudonyms")
    name = models.CharField(max_length=100)
    replacement = models.CharField(max_length=100, default="[name]")

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("study", Lower("name"), name="pseudonym_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} -> {self.replacement}"
