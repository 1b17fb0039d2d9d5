"""Input and output serializers of the transcripts API. Output serializers present; input
serializers validate; neither saves (services do). The error shapes every API answer shares
(transcripts/errors.py) are described here too, so each view documents its refusals."""

import json
import math

from rest_framework import serializers

from transcripts.models import (
    ImportJob,
    Membership,
    Participant,
    Role,
    SpeakerRole,
    Study,
    Transcript,
    Turn,
)
from transcripts.parsers import ROLES

# ---------------------------------------------------------------- errors

NUL_REFUSED = "Null characters are not allowed."  # DRF's words for its CharFields


def has_nul(value: object) -> bool:
    """Whether JSON input holds a NUL character anywhere (PostgreSQL cannot store one)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


class ErrorItemOut(serializers.Serializer):
    field = serializers.CharField(help_text='The input at fault ("" for the whole request).')
    reason = serializers.CharField()


class ErrorOut(serializers.Serializer):
    """400: the one error shape of transcripts/errors.py."""

    detail = serializers.CharField(help_text="The first error, as one sentence.")
    errors = ErrorItemOut(many=True)


class DetailOut(serializers.Serializer):
    """401/403/404: DRF's refusals (not logged in, role too low, not a member or no such id)."""

    detail = serializers.CharField()


# Refusals to document beside an operation's answer. Every operation may refuse with 403 (not
# logged in, role too low, blind phase); study-scoped ones with 404 (not a member, no such id);
# those that take input (a body or query parameters) with 400. tests/test_schema.py holds every
# operation to this.
NOT_FOUND = {403: DetailOut, 404: DetailOut}
REFUSED = {400: ErrorOut, **NOT_FOUND}
FORBIDDEN = {403: DetailOut}


class StudyOut(serializers.ModelSerializer):
    my_role = serializers.SerializerMethodField()
    speaker_roles = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="Speaker label -> role."
    )
    transcript_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)
    member_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = Study
        fields = [
            "id",
            "title",
            "description",
            "blind_coding",
            "agreement_unit",
            "spacy_pipeline",
            "speaker_roles",
            "created_at",
            "my_role",
            "transcript_count",
            "member_count",
        ]

    def get_my_role(self, study: Study) -> str | None:
        member = self.context.get("member")
        if member is not None and member.study_id == study.pk:
            return member.role
        return getattr(study, "my_role", None)


class StudyIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10_000
    )
    blind_coding = serializers.BooleanField(required=False, default=True)
    starter_codebook = serializers.BooleanField(required=False, default=True)


class StudyUpdateIn(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    blind_coding = serializers.BooleanField(required=False)
    agreement_unit = serializers.ChoiceField(
        choices=["sentence", "turn", "unitized"], required=False
    )
    spacy_pipeline = serializers.CharField(max_length=100, required=False, allow_blank=True)


class MemberOut(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    named_reconciler = serializers.BooleanField(
        read_only=True, help_text="Named by an owner to reconcile (once the blind phase ends)."
    )
    can_reconcile = serializers.BooleanField(
        read_only=True,
        help_text="May reconcile now: owners, and named reconcilers after the blind phase.",
    )

    class Meta:
        model = Membership
        fields = ["id", "username", "role", "named_reconciler", "can_reconcile", "added_at"]


class MemberIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)


class MemberRoleIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    named_reconciler = serializers.BooleanField(required=False)
    can_reconcile = serializers.BooleanField(
        required=False, help_text="Former name of named_reconciler, still accepted."
    )


class ParticipantOut(serializers.ModelSerializer):
    attributes = serializers.DictField(read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "code", "attributes"]


class ParticipantIn(serializers.Serializer):
    code = serializers.CharField(max_length=20, required=False)
    attributes = serializers.DictField(required=False)

    def validate_attributes(self, value: dict) -> dict:
        if has_nul(value):
            raise serializers.ValidationError(NUL_REFUSED)
        if len(value) > 100:
            raise serializers.ValidationError("At most 100 attributes per participant.")
        for key, item in value.items():
            if len(key) > 100:
                raise serializers.ValidationError("An attribute name has at most 100 characters.")
            if not isinstance(item, (str, int, float, bool)) and item is not None:
                raise serializers.ValidationError(f"'{key}' must be text, a number or a boolean.")
            if isinstance(item, float) and not math.isfinite(item):
                raise serializers.ValidationError(f"'{key}' must be a finite number.")
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) >= 2**53:
                raise serializers.ValidationError(f"'{key}' is too large a number.")
            if isinstance(item, str) and len(item) > 2000:
                raise serializers.ValidationError(f"'{key}' has more than 2000 characters.")
        return value


class TurnOut(serializers.ModelSerializer):
    participant = serializers.CharField(
        source="participant.code",
        default=None,
        read_only=True,
        allow_null=True,
        help_text="Focus groups: the speaker's participant code; null in one-to-one interviews.",
    )

    class Meta:
        model = Turn
        fields = [
            "index",
            "speaker",
            "role",
            "start",
            "end",
            "start_seconds",
            "end_seconds",
            "participant",
        ]


class HeadingOut(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=6)
    text = serializers.CharField()
    before_turn = serializers.IntegerField(help_text="Index of the turn the heading precedes.")


class NoteOut(serializers.Serializer):
    text = serializers.CharField()
    before_turn = serializers.IntegerField()


class TranscriptMetadataOut(serializers.Serializer):
    """What the file said that is not spoken: stored in the text, outside every turn."""

    headings = HeadingOut(many=True, default=list)
    fields = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        default=dict,
        help_text='"Name: value" lines of the preamble.',
    )
    notes = NoteOut(many=True, default=list)


class TranscriptListOut(serializers.ModelSerializer):
    participant = serializers.CharField(
        source="participant.code", default=None, read_only=True, allow_null=True
    )
    imported_by = serializers.CharField(
        source="imported_by.username", default=None, read_only=True, allow_null=True
    )
    turn_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Transcript
        fields = [
            "id",
            "title",
            "participant",
            "language",
            "source_name",
            "source_format",
            "sha256",
            "word_count",
            "media_duration",
            "turn_count",
            "imported_at",
            "imported_by",
        ]


class TranscriptOut(TranscriptListOut):
    turns = TurnOut(many=True, read_only=True)
    participant_attributes = serializers.DictField(
        source="participant.attributes", default=None, read_only=True, allow_null=True
    )

    metadata = TranscriptMetadataOut(read_only=True)

    class Meta(TranscriptListOut.Meta):
        fields = [f for f in TranscriptListOut.Meta.fields if f != "turn_count"] + [
            "participant_attributes",
            "metadata",
            "text",
            "turns",
        ]


class TranscriptUpdateIn(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    participant = serializers.CharField(max_length=20, required=False)
    language = serializers.CharField(max_length=20, required=False)


class ImportIn(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), min_length=1)
    participant = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    language = serializers.CharField(
        max_length=20, required=False, default="en", help_text="An installed spaCy language."
    )
    pseudonyms = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200_000,
        help_text='Owners: a JSON object {"name": "pseudonym", ...}; every whole-word '
        "occurrence is replaced before the text is stored, and the map is kept for owners.",
    )

    def validate_pseudonyms(self, value: str) -> dict[str, str]:
        if not value.strip():
            return {}
        try:
            mapping = json.loads(value)
        except ValueError:
            raise serializers.ValidationError("Give a JSON object of name -> pseudonym.") from None
        if not isinstance(mapping, dict):
            raise serializers.ValidationError("Give a JSON object of name -> pseudonym.")
        if len(mapping) > 1000:
            raise serializers.ValidationError("At most 1,000 names per import.")
        return mapping


class FileOutcomeOut(serializers.Serializer):
    filename = serializers.CharField()
    status = serializers.ChoiceField(choices=["imported", "duplicate", "failed"])
    message = serializers.CharField()
    transcript_id = serializers.IntegerField(allow_null=True)


class ImportJobOut(serializers.ModelSerializer):
    created_by = serializers.CharField(
        source="created_by.username", default=None, read_only=True, allow_null=True
    )
    outcomes = FileOutcomeOut(many=True, read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "status",
            "total",
            "done",
            "outcomes",
            "error",
            "created_by",
            "created_at",
            "finished_at",
        ]


class SentenceOut(serializers.Serializer):
    index = serializers.IntegerField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()


class SpeakerRoleIn(serializers.Serializer):
    label = serializers.CharField(max_length=100)
    role = serializers.ChoiceField(choices=list(ROLES))
    apply_to_existing = serializers.BooleanField(required=False, default=True)


class SpeakerLabelOut(serializers.Serializer):
    speaker = serializers.CharField(help_text="The label as written in the transcripts.")
    role = serializers.ChoiceField(choices=SpeakerRole.choices)
    turns = serializers.IntegerField()


class SpeakerRolesOut(serializers.Serializer):
    overrides = serializers.DictField(
        child=serializers.CharField(), help_text="Label -> role the owner chose for the study."
    )
    labels = SpeakerLabelOut(many=True)


class SpeakerRoleSetOut(serializers.Serializer):
    overrides = serializers.DictField(child=serializers.CharField())
    turns_changed = serializers.IntegerField()
