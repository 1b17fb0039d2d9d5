"""The codebook: clusters (optionally under a core category), codes and the history of every
structural change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from transcripts.models import Study


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
    # The summary without counts of everyone's codings: what a coder in the blind phase reads.
    blind_summary = models.CharField(max_length=500, blank=True)
    reason = models.TextField(blank=True)
    # Ids and names before/after, so the change can be audited after codes are gone.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.summary
