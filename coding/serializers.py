"""Input and output serializers of the coding API. Inputs validate shape; services check
meaning (ids within the study, offsets within the text) and raise DomainError."""

from rest_framework import serializers

from .models import Cluster, Code, CodebookEvent, Memo, SignificantMoment, Valence


class ClusterOut(serializers.ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["id", "name", "description", "order", "parent"]


class ClusterIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    order = serializers.IntegerField(min_value=0, required=False)
    parent_id = serializers.IntegerField(required=False, allow_null=True, source="parent")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CodeOut(serializers.ModelSerializer):
    coding_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Code
        fields = [
            "id",
            "name",
            "cluster",
            "definition",
            "inclusion",
            "exclusion",
            "example",
            "colour",
            "keywords",
            "patterns",
            "active",
            "order",
            "coding_count",
        ]


class CodeIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    cluster_id = serializers.IntegerField(required=False, allow_null=True)
    definition = serializers.CharField(required=False, allow_blank=True)
    inclusion = serializers.CharField(required=False, allow_blank=True)
    exclusion = serializers.CharField(required=False, allow_blank=True)
    example = serializers.CharField(required=False, allow_blank=True)
    colour = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=200
    )
    patterns = serializers.ListField(
        child=serializers.ListField(child=serializers.DictField(), min_length=1),
        required=False,
        max_length=100,
        help_text='spaCy Matcher token patterns, e.g. [[{"LOWER": "safe"}, {"LOWER": "space"}]].',
    )
    active = serializers.BooleanField(required=False)
    order = serializers.IntegerField(min_value=0, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    motivated_by = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Ids of the reconciliation decisions that led to this change.",
    )


class MergeIn(serializers.Serializer):
    sources = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    target = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    motivated_by = serializers.ListField(child=serializers.IntegerField(), required=False)


class SplitPartIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    definition = serializers.CharField(required=False, allow_blank=True)
    colour = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)


class SplitIn(serializers.Serializer):
    parts = SplitPartIn(many=True)
    assignments = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        help_text="Coding id -> index of the part it goes to (every coding of the code).",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CodeDeleteIn(serializers.Serializer):
    merge_into = serializers.IntegerField(required=False, allow_null=True, default=None)
    delete_codings = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CodebookEventOut(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = CodebookEvent
        fields = ["id", "at", "actor", "action", "summary", "reason", "details"]


class CodingOut(serializers.Serializer):
    """Shape of a coding in responses (listings are built without ORM objects, same keys)."""

    id = serializers.IntegerField()
    transcript = serializers.IntegerField()
    code = serializers.IntegerField()
    coder = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    quote = serializers.CharField()
    memo = serializers.CharField()


class CodingDetailOut(CodingOut):
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CodingIn(serializers.Serializer):
    transcript = serializers.IntegerField()
    code = serializers.IntegerField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    memo = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    quote = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        trim_whitespace=False,
        help_text="The text the client selected; refused when it differs from the stored text.",
    )


class CodingUpdateIn(serializers.Serializer):
    code = serializers.IntegerField(required=False)
    start = serializers.IntegerField(required=False)
    end = serializers.IntegerField(required=False)
    memo = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    quote = serializers.CharField(required=False, allow_null=True, trim_whitespace=False)


class MomentOut(serializers.ModelSerializer):
    rater = serializers.CharField(source="rater.username", read_only=True)
    quote = serializers.SerializerMethodField()

    class Meta:
        model = SignificantMoment
        fields = [
            "id",
            "transcript",
            "rater",
            "start",
            "end",
            "quote",
            "valence",
            "intensity",
            "note",
            "created_at",
            "updated_at",
        ]

    def get_quote(self, moment: SignificantMoment) -> str:
        texts = self.context.get("texts") or {}
        text = texts.get(moment.transcript_id)
        return text[moment.start : moment.end] if text is not None else ""


class MomentIn(serializers.Serializer):
    transcript = serializers.IntegerField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    valence = serializers.ChoiceField(choices=Valence.choices)
    intensity = serializers.IntegerField(min_value=1, max_value=5, default=3)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    quote = serializers.CharField(
        required=False, allow_null=True, default=None, trim_whitespace=False
    )


class MomentUpdateIn(serializers.Serializer):
    start = serializers.IntegerField(required=False)
    end = serializers.IntegerField(required=False)
    valence = serializers.ChoiceField(choices=Valence.choices, required=False)
    intensity = serializers.IntegerField(min_value=1, max_value=5, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    quote = serializers.CharField(required=False, allow_null=True, trim_whitespace=False)


class MemoOut(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = Memo
        fields = [
            "id",
            "author",
            "transcript",
            "code",
            "coding",
            "text",
            "created_at",
            "updated_at",
        ]


class MemoIn(serializers.Serializer):
    text = serializers.CharField(max_length=50000)
    transcript = serializers.IntegerField(required=False, allow_null=True, default=None)
    code = serializers.IntegerField(required=False, allow_null=True, default=None)
    coding = serializers.IntegerField(required=False, allow_null=True, default=None)


class MemoUpdateIn(serializers.Serializer):
    text = serializers.CharField(max_length=50000)


class SegmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.IntegerField()
    code_name = serializers.CharField()
    cluster = serializers.IntegerField(allow_null=True)
    coder = serializers.CharField()
    transcript = serializers.IntegerField()
    transcript_title = serializers.CharField()
    participant = serializers.CharField(allow_null=True)
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    quote = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()
    memo = serializers.CharField()


class CountRowOut(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    codings = serializers.IntegerField()
    participants = serializers.IntegerField()


class CountsOut(serializers.Serializer):
    coder = serializers.CharField(allow_null=True)
    participants_total = serializers.IntegerField()
    codes = CountRowOut(many=True)
    clusters = CountRowOut(many=True)
