"""Input and output serializers of the reconciliation API: decisions in, decisions and the
disagreement queue (built by services.queue) out."""

from rest_framework import serializers

from coding.models import ReconciliationDecision


class DecisionIn(serializers.Serializer):
    transcript = serializers.IntegerField()
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=1)
    outcome = serializers.ChoiceField(choices=ReconciliationDecision.Outcome.choices)
    coder = serializers.CharField(required=False, allow_blank=True, default="")
    codings = serializers.ListField(
        child=serializers.DictField(), required=False, default=list, max_length=100
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    tolerance = serializers.IntegerField(required=False, min_value=0, max_value=1000, default=10)
    replaces = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The decision this one revisits, when another reconciler made it.",
    )


class VersionOut(serializers.Serializer):
    """One coder's coding inside a disagreement region."""

    id = serializers.IntegerField()
    coder = serializers.CharField()
    code = serializers.IntegerField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class QuotedVersionOut(VersionOut):
    quote = serializers.CharField()


class ResultCodingOut(serializers.Serializer):
    """A consensus coding a decision made."""

    code = serializers.IntegerField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class DecisionOut(serializers.ModelSerializer):
    decided_by = serializers.CharField(
        source="decided_by.username", default=None, read_only=True, allow_null=True
    )
    versions = VersionOut(many=True, read_only=True)
    result = ResultCodingOut(many=True, read_only=True)

    class Meta:
        model = ReconciliationDecision
        fields = [
            "id",
            "transcript",
            "start",
            "end",
            "kind",
            "versions",
            "outcome",
            "accepted_coder",
            "result",
            "reason",
            "decided_by",
            "decided_at",
        ]


class RegionDecisionOut(serializers.Serializer):
    """The latest decision on a region, as the queue shows it."""

    id = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=ReconciliationDecision.Outcome.choices)
    accepted_coder = serializers.CharField()
    result = ResultCodingOut(many=True)
    reason = serializers.CharField()
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField()


class RegionOut(serializers.Serializer):
    key = serializers.CharField(help_text='"start-end", stable while the codings stay.')
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=["agree", "missing", "codes", "boundaries"],
        help_text="agree (only in `agreed`): same codes, boundaries within the tolerance; "
        "missing: some coder coded nothing there; codes: different codes; "
        "boundaries: same codes, boundaries apart.",
    )
    quote = serializers.CharField()
    versions = QuotedVersionOut(many=True)
    decision = RegionDecisionOut(allow_null=True)


class QueueOut(serializers.Serializer):
    """A transcript's disagreement queue."""

    transcript = serializers.IntegerField()
    coders = serializers.ListField(child=serializers.CharField())
    tolerance = serializers.IntegerField()
    total = serializers.IntegerField()
    resolved = serializers.IntegerField()
    regions = RegionOut(many=True)
    agreed = RegionOut(
        many=True, help_text="Regions where the coders agree, adopted into the consensus."
    )


class DecisionConflictOut(serializers.Serializer):
    """409: another reconciler decided the region meanwhile; `current` is their decision."""

    detail = serializers.CharField()
    errors = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    current = RegionDecisionOut()
