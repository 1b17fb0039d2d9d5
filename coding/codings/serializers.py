"""Input and output serializers of the codings, moments, memos and retrieval API. Inputs validate shape; services check
meaning (ids within the study, offsets within the text) and raise DomainError.

Other packages that answer with a coding or a moment (suggestions' accept, the codebook's
re-check list) import these serializers from here."""

from rest_framework import serializers

from coding.codings import retrieval
from coding.models import Coding, Memo, MemoKind, SignificantMoment, Valence


class CodingOut(serializers.Serializer):
    """A coding in listings. Listings are built from value rows by retrieval.coding_dicts (a
    workbench lists 1,200 codings per transcript), not by this serializer: it documents them."""

    id = serializers.IntegerField()
    transcript = serializers.IntegerField()
    code = serializers.IntegerField()
    coder = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    quote = serializers.CharField()
    memo = serializers.CharField()


class CodingDetailOut(serializers.Serializer):
    """One Coding (coder selected) with its timestamps; the quote is cut from
    context["texts"] (transcript id -> text) or, when absent, from the stored text."""

    id = serializers.IntegerField()
    transcript = serializers.IntegerField(source="transcript_id")
    code = serializers.IntegerField(source="code_id")
    coder = serializers.CharField(source="coder.username")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    quote = serializers.SerializerMethodField()
    memo = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_quote(self, coding: Coding) -> str:
        texts = self.context.get("texts") or {}
        text = texts.get(coding.transcript_id)
        if text is None:
            text = retrieval.texts_for([coding.transcript_id])[coding.transcript_id]
        return text[coding.start : coding.end]


class CodingAppliedOut(CodingDetailOut):
    """A coding as POST made or found it; context["merged"] is how many of the coder's spans
    of that code it absorbed."""

    merged = serializers.SerializerMethodField()

    def get_merged(self, coding: Coding) -> int:
        return self.context.get("merged", 0)


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
            "kind",
            "text",
            "created_at",
            "updated_at",
        ]


class MemoIn(serializers.Serializer):
    text = serializers.CharField(max_length=50000)
    transcript = serializers.IntegerField(required=False, allow_null=True, default=None)
    code = serializers.IntegerField(required=False, allow_null=True, default=None)
    coding = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=MemoKind.choices, default=MemoKind.OPEN)


class MemoUpdateIn(serializers.Serializer):
    text = serializers.CharField(max_length=50000, required=False)
    kind = serializers.ChoiceField(choices=MemoKind.choices, required=False)

    def validate(self, attrs: dict) -> dict:
        if not attrs:
            raise serializers.ValidationError("Send the text, the kind or both.")
        return attrs


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
