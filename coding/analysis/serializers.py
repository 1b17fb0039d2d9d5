"""Output (and settings) serializers of the analysis API, key for key what the selectors give."""

from rest_framework import serializers

from coding.analysis import cooccurrence as co
from coding.analysis import cqr
from coding.codings.serializers import SegmentOut
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


class CodeRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PlainOut(serializers.Serializer):
    # A row the pure modules already made of plain JSON values (ints, floats, booleans,
    # strings): presented key for key as declared (the schema), without DRF's per-field
    # conversion, which cost ~40 ms for the ~800 pairs of a study's co-occurrence table.

    def to_representation(self, instance: dict) -> dict:
        return {name: instance[name] for name in self.fields}


class IntMatrixField(serializers.ListField):
    """Rows of whole numbers, passed through (the table's 40 x 40 counts: 1,600 fields)."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.ListField(child=serializers.IntegerField()), **kwargs)

    def to_representation(self, data) -> list:
        return [[int(n) for n in row] for row in data]


class PairOut(PlainOut):
    """Two codes that meet, in codebook order."""

    a = serializers.CharField()
    b = serializers.CharField()
    a_id = serializers.IntegerField()
    b_id = serializers.IntegerField()
    count = serializers.IntegerField(help_text="Times the two codes meet.")
    n_a = serializers.IntegerField()
    n_b = serializers.IntegerField()
    coefficient = serializers.FloatField(help_text="c-coefficient: n_ab / (n_a + n_b - n_ab).")
    p_b_given_a = serializers.FloatField()
    p_a_given_b = serializers.FloatField()
    warning = serializers.BooleanField(help_text="One code is used warn_ratio times as often.")


class CooccurrenceOut(serializers.Serializer):
    source = serializers.CharField(help_text=SOURCE_HELP)
    kind = serializers.ChoiceField(choices=co.KINDS)
    codes = CodeRefOut(many=True)
    n = serializers.ListField(child=serializers.IntegerField(), help_text="Per code, in order.")
    matrix = IntMatrixField(help_text="Code x code counts, codes in order.")
    pairs = PairOut(many=True)
    warn_ratio = serializers.IntegerField()


class ValenceRowOut(serializers.Serializer):
    cluster = serializers.CharField()
    code = serializers.CharField(allow_null=True, help_text="null on a cluster's own row.")
    helpful = serializers.IntegerField()
    hindering = serializers.IntegerField()
    mixed = serializers.IntegerField()
    helpful_intensity = serializers.FloatField(allow_null=True)
    hindering_intensity = serializers.FloatField(allow_null=True)
    mixed_intensity = serializers.FloatField(allow_null=True)


class HelpfulOut(serializers.Serializer):
    source = serializers.CharField(help_text=SOURCE_HELP)
    moments = serializers.IntegerField(help_text="Significant moments read.")
    rows = ValenceRowOut(many=True)


class StepOut(serializers.Serializer):
    participant = serializers.CharField()
    codings = serializers.IntegerField(
        help_text="Code applications in this participant's transcripts."
    )
    new_codes = serializers.IntegerField(
        help_text="Codes that entered the codebook (codebook history) while this participant "
        "was being coded: from the first coding of their transcripts to the next participant's."
    )
    codes = serializers.IntegerField(help_text="Codes in the codebook by then (`before` included).")
    new_code_names = serializers.ListField(child=serializers.CharField())
    first_used = serializers.IntegerField(help_text="Codes applied here for the first time.")
    used = serializers.IntegerField(help_text="Distinct codes applied so far.")


class SaturationOut(serializers.Serializer):
    source = serializers.CharField(help_text=SOURCE_HELP)
    codes = serializers.IntegerField(help_text="Codes in the codebook now.")
    before = serializers.IntegerField(
        help_text="Codes in the codebook before the first participant was coded (or with no "
        "creation in the history: starter or imported codebook)."
    )
    steps = StepOut(many=True)


class GroupOut(serializers.Serializer):
    value = serializers.CharField()
    participants = serializers.IntegerField()


class GroupCellOut(serializers.Serializer):
    value = serializers.CharField()
    participants = serializers.IntegerField()
    of = serializers.IntegerField()
    label = serializers.ChoiceField(choices=cqr.LABELS)


class AttributeRowOut(serializers.Serializer):
    cluster = serializers.CharField()
    cells = GroupCellOut(many=True)


class AttributesOut(serializers.Serializer):
    source = serializers.CharField(help_text=SOURCE_HELP)
    attribute = serializers.CharField(help_text='"" when no participant has attributes.')
    attributes = serializers.ListField(child=serializers.CharField())
    groups = GroupOut(many=True)
    rows = AttributeRowOut(many=True)


class ColumnOut(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="null for (no cluster).")
    name = serializers.CharField()


class MatrixRowOut(serializers.Serializer):
    participant = serializers.CharField()
    participant_id = serializers.IntegerField()
    counts = serializers.ListField(child=serializers.IntegerField())


class MatrixOut(serializers.Serializer):
    source = serializers.CharField(help_text=SOURCE_HELP)
    by = serializers.ChoiceField(choices=["code", "cluster"])
    values = serializers.ChoiceField(
        choices=["counts", "presence"], help_text="Codings per cell, or 1/0 for presence."
    )
    columns = ColumnOut(many=True)
    rows = MatrixRowOut(many=True)


class CellSegmentsOut(serializers.Serializer):
    source = serializers.CharField(help_text=SOURCE_HELP)
    total = serializers.IntegerField(help_text="Segments in all; the list holds the first 60.")
    segments = SegmentOut(many=True)
