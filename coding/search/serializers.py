"""Input and output serializers of the study-wide search and of "code all hits"."""

from rest_framework import serializers

from coding.search import matching
from coding.search.services import MAX_HITS
from transcripts.models import SpeakerRole

MAX_ID = 2**31 - 1  # ids and offsets beyond this are no row nor place of any study
MAX_LIMIT = 1000


class SearchIn(serializers.Serializer):
    """Query parameters of the search (NUL characters are refused by CharField)."""

    q = serializers.CharField(max_length=matching.MAX_QUERY, trim_whitespace=False)
    speaker_role = serializers.ChoiceField(
        choices=SpeakerRole.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Only the turns of speakers with this role.",
    )
    participant = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="A participant code (any case); a code not in the study finds nothing.",
    )
    whole_words = serializers.BooleanField(
        default=False, help_text='Only where no letter adjoins the hit ("the" misses "therapy").'
    )
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=100)
    offset = serializers.IntegerField(min_value=0, max_value=MAX_ID, default=0)

    def validate_q(self, value: str) -> str:
        problem = matching.query_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class HitOut(serializers.Serializer):
    transcript = serializers.IntegerField()
    transcript_title = serializers.CharField()
    participant = serializers.CharField(allow_null=True)
    turn = serializers.IntegerField(help_text="The turn's index in its transcript.")
    speaker = serializers.CharField(allow_blank=True)
    role = serializers.ChoiceField(choices=SpeakerRole.choices)
    start = serializers.IntegerField(help_text="Code-point offset into the transcript's text.")
    end = serializers.IntegerField()
    before = serializers.CharField(allow_blank=True, help_text="Context within the turn.")
    match = serializers.CharField()
    after = serializers.CharField(allow_blank=True)


class SearchOut(serializers.Serializer):
    q = serializers.CharField()
    whole_words = serializers.BooleanField()
    total = serializers.IntegerField(help_text="Hits in the whole study (all pages).")
    transcripts = serializers.IntegerField(help_text="Transcripts with at least one hit.")
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
    results = HitOut(many=True)


class HitRefIn(serializers.Serializer):
    transcript = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    start = serializers.IntegerField(min_value=0, max_value=MAX_ID)
    end = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class CodeHitsIn(serializers.Serializer):
    q = serializers.CharField(max_length=matching.MAX_QUERY, trim_whitespace=False)
    whole_words = serializers.BooleanField(default=False, help_text="As the search was made.")
    code = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    hits = HitRefIn(many=True, allow_empty=False, max_length=MAX_HITS)


class CodeHitsOut(serializers.Serializer):
    code = serializers.IntegerField(source="code.pk")
    code_name = serializers.CharField(source="code.name")
    hits = serializers.IntegerField(help_text="Distinct hits sent.")
    created = serializers.IntegerField(help_text="Hits that became codings of their own.")
    merged = serializers.IntegerField(
        help_text="Hits merged with an overlapping or touching span of the same code of yours."
    )
    unchanged = serializers.IntegerField(help_text="Hits you had already coded with this code.")
