"""Input and output serializers of the pseudonyms API (owners only)."""

from rest_framework import serializers

from transcripts.pseudonyms.models import KnownName, Replacement


class KnownNameOut(serializers.ModelSerializer):
    class Meta:
        model = KnownName
        fields = ["id", "name", "pseudonym", "added_at"]


class KnownNameIn(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    pseudonym = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ReplacementOut(serializers.ModelSerializer):
    transcript_title = serializers.CharField(source="transcript.title", read_only=True)
    created_by = serializers.CharField(
        source="created_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Replacement
        fields = [
            "id",
            "transcript",
            "transcript_title",
            "original",
            "pseudonym",
            "occurrences",
            "created_by",
            "created_at",
        ]


class FlagOut(serializers.Serializer):
    token = serializers.CharField(help_text="As written in the text.")
    reasons = serializers.ListField(
        child=serializers.ChoiceField(
            choices=["known name", "e-mail", "phone", "title", "speaker", "capitalised"]
        )
    )
    count = serializers.IntegerField(help_text="Whole-word occurrences in the files.")
    context = serializers.CharField()
    suggestion = serializers.CharField(help_text="A known name's pseudonym, or a placeholder.")
    replace = serializers.BooleanField(help_text="Suggested to replace (all but bare capitals).")


class UnreadableOut(serializers.Serializer):
    filename = serializers.CharField()
    reason = serializers.CharField()


class FlagsOut(serializers.Serializer):
    flags = FlagOut(many=True)
    unreadable = UnreadableOut(many=True)


class FlagsIn(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), min_length=1)
