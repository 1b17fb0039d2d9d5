"""Output (and settings) serializers of the analysis API, key for key what the selectors give."""

from rest_framework import serializers

from coding.analysis import cqr
from coding.models import AnalysisSettings

SOURCE_HELP = '"consensus", "all" (every coder but the consensus) or a coder\'s username.'


class AnalysisSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnalysisSettings
        fields = list(AnalysisSettings.EDITABLE)


class FrequencyRowOut(serializers.Serializer):
    cluster = serializers.CharField()
    code = serializers.CharField(allow_null=True, help_text="null on a cluster's own row.")
    codings = serializers.IntegerField()
    participants = serializers.IntegerField(help_text="Distinct participants (n of m).")
    of = serializers.IntegerField(help_text="Participants with a transcript (m).")
    label = serializers.ChoiceField(
        choices=cqr.LABELS, help_text='CQR frequency label; "" below the variant minimum.'
    )


class FrequenciesOut(serializers.Serializer):
    source = serializers.CharField(help_text=SOURCE_HELP)
    participants = serializers.IntegerField()
    rule = serializers.CharField(help_text="The labelling rule with its case counts.")
    rows = FrequencyRowOut(many=True)
