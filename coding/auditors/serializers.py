"""Input and output serializers of the audit API (shape only; the services check ids)."""

from rest_framework import serializers

from coding.models import AuditTarget


class AuditCommentIn(serializers.Serializer):
    target = serializers.ChoiceField(choices=AuditTarget.choices)
    target_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    text = serializers.CharField(max_length=5000)


class AuditCommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField()
    target = serializers.ChoiceField(choices=AuditTarget.choices)
    target_id = serializers.IntegerField()
    target_label = serializers.CharField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    resolved_by = serializers.CharField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)


class AuditorIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)


class AuditorOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    named_at = serializers.DateTimeField()
