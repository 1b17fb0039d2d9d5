"""Output serializers of the codebook API."""

from rest_framework import serializers

from .models import Cluster, Code


class ClusterOut(serializers.ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["id", "name", "description", "order", "parent"]


class CodeOut(serializers.ModelSerializer):
    class Meta:
        model = Code
        fields = [
            "id", "name", "cluster", "definition", "inclusion", "exclusion", "example",
            "colour", "keywords", "active", "order",
        ]  # fmt: skip
