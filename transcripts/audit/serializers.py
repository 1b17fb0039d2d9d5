"""Output of the audit trail API."""

from rest_framework import serializers

from transcripts.audit.models import AuditEvent, AuditKind


class AuditEventOut(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="null: the system"
    )
    kind = serializers.ChoiceField(choices=AuditKind.choices)
    object_id = serializers.IntegerField(allow_null=True)
    before = serializers.JSONField(allow_null=True, help_text="The changed fields before.")
    after = serializers.JSONField(allow_null=True, help_text="The changed fields after.")

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "kind",
            "action",
            "object_type",
            "object_id",
            "summary",
            "before",
            "after",
        ]
