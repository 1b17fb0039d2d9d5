"""Input and output serializers of the codebook API. Inputs validate shape; services check
meaning (ids within the study, offsets within the text) and raise DomainError."""

from rest_framework import serializers

from coding.codebook.services import CODE_FIELDS
from coding.codings.serializers import CodingOut
from coding.models import Cluster, Code, CodebookEvent
from coding.ordering import MAX_ORDER
from transcripts.serializers import NUL_REFUSED, has_nul

# Every member's workbench ships the codebook on each load: definitions stay documents, not
# files (a 10 MB definition was stored and shipped before this limit).
TEXT_LIMIT = 10_000


def decision_ids(**kwargs) -> serializers.ListField:
    """Ids of reconciliation decisions, within what an id column holds (a larger number in a
    list reaches the database as is, and SQLite cannot compare it)."""
    child = serializers.IntegerField(min_value=-(2**63), max_value=2**63 - 1)
    return serializers.ListField(child=child, **kwargs)


class ClusterOut(serializers.ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["id", "name", "description", "order", "parent"]


class ClusterIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMIT
    )
    order = serializers.IntegerField(min_value=0, max_value=MAX_ORDER, required=False)
    parent_id = serializers.IntegerField(required=False, allow_null=True, source="parent")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CodeOut(serializers.ModelSerializer):
    coding_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)
    keywords = serializers.ListField(child=serializers.CharField(), read_only=True)
    patterns = serializers.ListField(
        child=serializers.ListField(child=serializers.DictField()),
        read_only=True,
        help_text="spaCy Matcher token patterns.",
    )

    class Meta:
        model = Code
        fields = ["id", "name", "cluster", *CODE_FIELDS, "coding_count"]


class CodeIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    cluster_id = serializers.IntegerField(required=False, allow_null=True)
    definition = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    inclusion = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    exclusion = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    example = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    colour = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=200
    )
    patterns = serializers.ListField(
        child=serializers.ListField(child=serializers.DictField(), min_length=1, max_length=20),
        required=False,
        max_length=100,
        help_text='spaCy Matcher token patterns, e.g. [[{"LOWER": "safe"}, {"LOWER": "space"}]].',
    )
    active = serializers.BooleanField(required=False)
    order = serializers.IntegerField(min_value=0, max_value=MAX_ORDER, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    motivated_by = decision_ids(
        required=False,
        help_text="Ids of the reconciliation decisions that led to this change.",
    )

    def validate_patterns(self, value: list) -> list:
        if has_nul(value):
            raise serializers.ValidationError(NUL_REFUSED)
        return value


class MergeIn(serializers.Serializer):
    sources = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    target = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    motivated_by = decision_ids(required=False)


class SplitPartIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    definition = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    colour = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)


class SplitIn(serializers.Serializer):
    parts = SplitPartIn(many=True)
    assignments = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        help_text="Coding id -> index of the part it goes to (every coding of the code).",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CodeDeleteIn(serializers.Serializer):
    merge_into = serializers.IntegerField(required=False, allow_null=True, default=None)
    delete_codings = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CodebookEventOut(serializers.ModelSerializer):
    """An entry of the history as `codebook.history(member)` annotates it: in the blind phase
    a coder reads the summary without counts of everyone's codings, and no details."""

    actor = serializers.CharField(
        source="actor.username", default=None, read_only=True, allow_null=True
    )
    summary = serializers.CharField(source="shown", read_only=True)
    details = serializers.SerializerMethodField(
        help_text="What changed; the keys depend on the action (empty for a coder in the "
        "blind phase)."
    )

    def get_details(self, event) -> dict:
        return {} if getattr(event, "details_hidden", False) else event.details

    class Meta:
        model = CodebookEvent
        fields = ["id", "at", "actor", "action", "summary", "reason", "details"]


class RecheckOut(serializers.Serializer):
    """The codings to re-check after a codebook change (listing rows, as the codings list)."""

    event = serializers.IntegerField()
    summary = serializers.CharField()
    code = serializers.IntegerField(help_text="The changed code (the target of a merge).")
    codings = CodingOut(many=True)
