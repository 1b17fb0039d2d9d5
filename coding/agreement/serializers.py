"""Output serializers of the agreement API. They describe Report.as_dict() and confusion()
of coding/agreement/report.py key for key (the page and `manage.py agreement` share those
dicts); the views present the dicts through them."""

from rest_framework import serializers

from coding.agreement.report import UNITS


class AgreementRowOut(serializers.Serializer):
    """One row of a table: a code, cluster, transcript, participant or the whole study."""

    id = serializers.IntegerField(
        allow_null=True, help_text="Code, cluster or transcript id; null for other rows."
    )
    name = serializers.CharField()
    units = serializers.IntegerField(
        help_text="Units rated by two or more coders (characters when unitized)."
    )
    percent_agreement = serializers.FloatField(allow_null=True)
    kappa = serializers.FloatField(
        allow_null=True, help_text="Cohen's for two coders, Fleiss' for more."
    )
    alpha = serializers.FloatField(
        allow_null=True, help_text="Krippendorff's (cu-alpha for unitized clusters)."
    )
    note = serializers.CharField(help_text="Why a coefficient is undefined.")
    u_alpha = serializers.FloatField(allow_null=True, help_text="Unitized clusters: u-alpha.")
    coverage = serializers.FloatField(
        allow_null=True,
        help_text="Unitized clusters: the share of the coder-continuum cu-alpha rests on "
        "(where one coder's unit meets another's).",
    )
    positives = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Code and cluster rows (sentence, turn): units each coder marked present.",
    )


class CoderPairOut(serializers.Serializer):
    a = serializers.CharField()
    b = serializers.CharField()
    alpha = serializers.FloatField(allow_null=True)
    kappa = serializers.FloatField(allow_null=True)
    percent_agreement = serializers.FloatField(allow_null=True)


class ConsensusRowOut(serializers.Serializer):
    """A coder against the consensus codings (training view)."""

    coder = serializers.CharField()
    units = serializers.IntegerField()
    alpha = serializers.FloatField(allow_null=True)
    kappa = serializers.FloatField(allow_null=True)
    percent_agreement = serializers.FloatField(allow_null=True)


class ConsensusCoverageOut(serializers.Serializer):
    """What the consensus rows cover: the reconciled transcripts (every region decided), or
    the decided regions (`over`)."""

    over = serializers.ChoiceField(choices=["reconciled", "decided"])
    transcripts = serializers.IntegerField()
    units = serializers.IntegerField()
    characters = serializers.FloatField(help_text="Share of the study's characters, 0 to 1.")


class AgreementReportOut(serializers.Serializer):
    unit = serializers.ChoiceField(choices=list(UNITS))
    coders = serializers.ListField(child=serializers.CharField())
    overall = AgreementRowOut(allow_null=True)
    codes = AgreementRowOut(many=True)
    clusters = AgreementRowOut(many=True)
    transcripts = AgreementRowOut(many=True)
    participants = AgreementRowOut(many=True)
    pairs = CoderPairOut(many=True)
    consensus = ConsensusRowOut(many=True)
    consensus_coverage = ConsensusCoverageOut(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())
    codings = serializers.IntegerField(help_text="The chosen coders' codings.")
    covered = serializers.IntegerField(help_text="Transcripts the figures cover.")
    covered_rule = serializers.CharField(help_text="Which transcripts those are.")
    unplaced = serializers.IntegerField(
        help_text="Codings that count for nothing at this unit (less than half of every unit "
        "they touch); 0 when unitized."
    )


class ConfusionCodeOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ConfusionOut(serializers.Serializer):
    """Code by code for two coders: matrix[i][j] counts units where A used code i and B code j."""

    unit = serializers.ChoiceField(choices=["sentence", "turn"])
    a = serializers.CharField()
    b = serializers.CharField()
    codes = ConfusionCodeOut(many=True)
    matrix = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))
    a_only = serializers.ListField(
        child=serializers.IntegerField(), help_text="Units where only A used the code."
    )
    b_only = serializers.ListField(
        child=serializers.IntegerField(), help_text="Units where only B used the code."
    )
    units = serializers.IntegerField()
