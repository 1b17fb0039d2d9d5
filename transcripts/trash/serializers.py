"""Output of the trash: what is in it, who put it there, and until when it can come back."""

from datetime import timedelta

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from transcripts.models import Study, Transcript
from transcripts.trash.services import TRASH_DAYS

# The one parameter of the DELETE of a study or a transcript.
CONFIRM = OpenApiParameter(
    "confirm",
    str,
    OpenApiParameter.QUERY,
    required=True,
    description="The name (study title, transcript title) typed back: without it, or with "
    "another, the answer is 400 and nothing is deleted. Deleting moves it to the trash, "
    f"restorable by an owner for {TRASH_DAYS} days.",
)


class _Trashed(serializers.ModelSerializer):
    deleted_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    restorable_until = serializers.SerializerMethodField(
        help_text=f"When it is purged ({TRASH_DAYS} days after it was deleted); null once restored."
    )

    def get_restorable_until(self, obj) -> str | None:
        if obj.deleted_at is None:
            return None
        return serializers.DateTimeField().to_representation(
            obj.deleted_at + timedelta(days=TRASH_DAYS)
        )


class TrashedStudyOut(_Trashed):
    class Meta:
        model = Study
        fields = ["id", "title", "deleted_at", "deleted_by", "restorable_until"]


class TrashedTranscriptOut(_Trashed):
    participant = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Transcript
        fields = ["id", "title", "participant", "deleted_at", "deleted_by", "restorable_until"]
