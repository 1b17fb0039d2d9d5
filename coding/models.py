"""What the team makes of the transcripts. This module starts with the codebook: clusters
(categories, optionally under a core category) and the codes grouped into them."""

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
