"""Input and output serializers of the proposals API (shape only; the services check ids)."""

from rest_framework import serializers

from coding.models import ProposalKind, ProposalStatus, Stance

BIG_ID = 2**63 - 1


class ChangeIn(serializers.Serializer):
    """What to change; the fields needed depend on the kind."""

    code = serializers.IntegerField(
        min_value=1, max_value=BIG_ID, required=False, help_text="move_code"
    )
    cluster = serializers.IntegerField(
        min_value=1,
        max_value=BIG_ID,
        required=False,
        allow_null=True,
        help_text="move_code (null: no cluster), rename_cluster",
    )
    sources = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=BIG_ID),
        required=False,
        max_length=200,
        help_text="merge_codes",
    )
    target = serializers.IntegerField(
        min_value=1, max_value=BIG_ID, required=False, help_text="merge_codes"
    )
    name = serializers.CharField(max_length=120, required=False, help_text="rename_cluster")
    statement = serializers.CharField(max_length=2000, required=False, help_text="core_category")


class ProposalIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    change = ChangeIn()
    reason = serializers.CharField(max_length=5000)
    segments = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=BIG_ID),
        required=False,
        max_length=500,
    )


class ChangeOut(serializers.Serializer):
    code = serializers.IntegerField(required=False)
    cluster = serializers.IntegerField(required=False, allow_null=True)
    sources = serializers.ListField(child=serializers.IntegerField(), required=False)
    target = serializers.IntegerField(required=False)
    name = serializers.CharField(required=False)
    statement = serializers.CharField(required=False)


class CommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField()
    stance = serializers.ChoiceField(choices=Stance.choices)
    text = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class TallyOut(serializers.Serializer):
    agree = serializers.IntegerField()
    object = serializers.IntegerField()


class ProposalOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    change = ChangeOut()
    summary = serializers.CharField()
    reason = serializers.CharField()
    segments = serializers.ListField(child=serializers.IntegerField())
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    author = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    comments = CommentOut(many=True)
    tally = TallyOut()


class CommentIn(serializers.Serializer):
    stance = serializers.ChoiceField(choices=Stance.choices, default=Stance.COMMENT)
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
