"""Input and output serializers of the sessions API: outputs present plain data from
coding/microprocess/report.py and the models; inputs check shape (services check meaning)."""

from rest_framework import serializers

from coding.microprocess.measures import INSTRUMENTS
from coding.microprocess.models import RaterRole

ROLES = RaterRole.choices


class SessionOut(serializers.Serializer):
    transcript = serializers.IntegerField(source="transcript_id")
    number = serializers.IntegerField()
    date = serializers.DateField(allow_null=True)
    therapist = serializers.CharField()


class SessionIn(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=32767, required=False)
    date = serializers.DateField(required=False, allow_null=True, default=None)
    therapist = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class SeriesOut(serializers.Serializer):
    rater_role = serializers.ChoiceField(choices=ROLES)
    source_name = serializers.CharField()
    imported_at = serializers.DateTimeField()
    imported_by = serializers.CharField(
        source="imported_by.username", allow_null=True, default=None
    )
    samples = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        help_text="[seconds, value 0-100] pairs in time order.",
    )


class RatingsOut(serializers.Serializer):
    transcript = serializers.IntegerField()
    session = SessionOut(allow_null=True)
    series = SeriesOut(many=True)


class RatingsImportIn(serializers.Serializer):
    rater_role = serializers.ChoiceField(choices=ROLES)
    file = serializers.FileField(allow_empty_file=True)


class DialAnalysisParams(serializers.Serializer):
    step = serializers.FloatField(required=False, default=1.0, help_text="Grid step, seconds.")
    segment = serializers.FloatField(required=False, default=30.0, help_text="Seconds.")
    lag = serializers.FloatField(
        required=False, default=0.0, help_text="Seconds; positive pairs a(t) with b(t + lag)."
    )


class DialCodingOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    coder = serializers.CharField()


class DialMomentOut(serializers.Serializer):
    id = serializers.IntegerField()
    valence = serializers.CharField()
    rater = serializers.CharField()


class DialSegmentOut(serializers.Serializer):
    start = serializers.FloatField()
    end = serializers.FloatField()
    mean = serializers.FloatField(help_text="Mean dial value; for divergence, a - b.")
    turns = serializers.ListField(child=serializers.IntegerField(), help_text="Turn indices.")
    codings = DialCodingOut(many=True)
    moments = DialMomentOut(many=True)


class DialPairOut(serializers.Serializer):
    a = serializers.CharField()
    b = serializers.CharField()
    lag = serializers.FloatField()
    n = serializers.IntegerField()
    r = serializers.FloatField(allow_null=True, help_text="Null when a series is constant.")


class DialDivergenceOut(serializers.Serializer):
    a = serializers.CharField()
    b = serializers.CharField()
    segments = DialSegmentOut(many=True)


class DialGuessSegmentOut(serializers.Serializer):
    start = serializers.FloatField()
    end = serializers.FloatField()


class DialGuessOut(serializers.Serializer):
    segments = DialGuessSegmentOut(many=True)
    labels = serializers.ListField(child=serializers.CharField(), allow_null=True)
    score = serializers.IntegerField(allow_null=True)
    out_of = serializers.IntegerField()


def _by_role(child) -> serializers.DictField:
    return serializers.DictField(child=child, help_text="Rater role -> value.")


class DialAnalysisOut(serializers.Serializer):
    transcript = serializers.IntegerField()
    step = serializers.FloatField()
    segment = serializers.FloatField()
    lag = serializers.FloatField()
    grid_start = serializers.FloatField(allow_null=True)
    grid_points = serializers.IntegerField()
    samples = _by_role(serializers.IntegerField())
    means = _by_role(serializers.FloatField())
    sds = _by_role(serializers.FloatField(allow_null=True))
    ranges = _by_role(serializers.ListField(child=serializers.FloatField()))
    movement = _by_role(serializers.FloatField())
    pearson = DialPairOut(many=True)
    spearman = DialPairOut(many=True)
    top = _by_role(DialSegmentOut(many=True))
    bottom = _by_role(DialSegmentOut(many=True))
    divergent = DialDivergenceOut(many=True)
    guess = DialGuessOut(allow_null=True)


class SpanDialOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["coding", "moment"])
    id = serializers.IntegerField()
    start_seconds = serializers.FloatField(allow_null=True)
    end_seconds = serializers.FloatField(allow_null=True)
    means = _by_role(serializers.FloatField(allow_null=True))


class SessionMeasureOut(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=list(INSTRUMENTS))
    rater_role = serializers.ChoiceField(choices=ROLES)
    items = serializers.ListField(child=serializers.FloatField())
    total = serializers.FloatField()
    subscales = serializers.DictField(child=serializers.FloatField())


class SessionMeasureIn(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=list(INSTRUMENTS))
    rater_role = serializers.ChoiceField(choices=ROLES)
    items = serializers.ListField(child=serializers.FloatField(), max_length=12)


class DialGuessIn(serializers.Serializer):
    segment = serializers.FloatField(
        help_text="Segment length (seconds) the labels were given for."
    )
    step = serializers.FloatField(required=False, default=1.0, help_text="Grid step, seconds.")
    labels = serializers.ListField(child=serializers.ChoiceField(choices=["top", "bottom"]))


class MeasuresImportIn(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text="CSV rows session,instrument,rater_role,item1,... (a header row is skipped).",
    )


class MeasuresImportOut(serializers.Serializer):
    stored = serializers.IntegerField(help_text="Answer sheets stored (new or replaced).")


class TurnTimesIn(serializers.Serializer):
    times = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=3, max_length=3),
        max_length=100_000,
        help_text="[turn index, start seconds, end seconds] per turn.",
    )


class TurnTimesOut(serializers.Serializer):
    timed = serializers.IntegerField()


class AllianceParams(serializers.Serializer):
    instrument = serializers.ChoiceField(
        choices=list(INSTRUMENTS), required=False, default="wai_sr"
    )
    rater_role = serializers.ChoiceField(choices=ROLES, required=False, default="client")


class GroupMeanOut(serializers.Serializer):
    name = serializers.CharField()
    participants = serializers.IntegerField(help_text="Participants endorsing it.")
    scored = serializers.IntegerField(help_text="Of those, with a score.")
    mean = serializers.FloatField(allow_null=True)
    others_scored = serializers.IntegerField()
    others_mean = serializers.FloatField(allow_null=True)


class AllianceOut(serializers.Serializer):
    instrument = serializers.CharField()
    rater_role = serializers.CharField()
    participants_scored = serializers.IntegerField()
    clusters = GroupMeanOut(many=True)
    moments = GroupMeanOut(many=True)
