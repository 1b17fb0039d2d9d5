"""Input and output serializers of the suggestions API. Accepting answers with the coding or
moment made, in the shapes of the codings API (imported from coding/codings/serializers.py)
with a `kind`; jobs, trained models and evaluations are described key for key."""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from coding.codings.serializers import CodingDetailOut, MomentOut
from coding.models import (
    Coding,
    Recommender,
    SignificantMoment,
    SuggestionJob,
    SuggestionModel,
    SuggestionSettings,
)
from coding.suggestions.jobs import visible_messages

# ---------------------------------------------------------------- input


class SpanIn(serializers.Serializer):
    start = serializers.IntegerField(min_value=0, required=False)
    end = serializers.IntegerField(min_value=1, required=False)
    code = serializers.IntegerField(
        required=False, help_text="For a cluster suggestion: the code of that cluster to apply."
    )


class AcceptAllIn(serializers.Serializer):
    transcript = serializers.IntegerField()
    code = serializers.IntegerField()
    threshold = serializers.FloatField(min_value=0, max_value=1, required=False)


class SettingsSerializer(serializers.ModelSerializer):
    source_coder = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    source_coder_name = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = SuggestionSettings
        fields = [*SuggestionSettings.EDITABLE, "source_coder", "source_coder_name"]


class JobIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SuggestionJob.Kind.choices)


# ---------------------------------------------------------------- open suggestions


class BestIn(serializers.Serializer):
    """The `best` query parameter: how many open suggestions per transcript (0: all)."""

    best = serializers.IntegerField(min_value=0, max_value=1000)


class SuggestionOut(serializers.Serializer):
    """One open suggestion: a span for a code, for a cluster (the coder picks one of its codes
    on accepting), or for a significant moment of a valence."""

    id = serializers.IntegerField(help_text="The best-scoring suggestion row of this span.")
    code = serializers.IntegerField(
        allow_null=True, help_text="null for cluster and moment suggestions."
    )
    cluster = serializers.IntegerField(
        allow_null=True,
        help_text="Set for a cluster suggestion: accept it with a `code` of this cluster.",
    )
    valence = serializers.CharField(help_text='"" for code suggestions.')
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    score = serializers.FloatField()
    recommenders = serializers.ListField(child=serializers.ChoiceField(Recommender.choices))
    versions = serializers.ListField(child=serializers.CharField())
    evidence = serializers.ListField(
        child=serializers.CharField(), help_text="Keywords or phrases matched."
    )
    quote = serializers.CharField()


# ---------------------------------------------------------------- accepting


class AcceptedCodingOut(CodingDetailOut):
    """A coding an accept made, as the codings API shows it, with its kind first."""

    kind = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=["coding"]))
    def get_kind(self, coding: Coding) -> str:
        return "coding"

    def to_representation(self, instance: Coding) -> dict:
        data = super().to_representation(instance)
        return {"kind": data.pop("kind"), **data}


class AcceptedMomentOut(MomentOut):
    """A significant moment an accept made, as the moments API shows it, with its kind."""

    kind = serializers.SerializerMethodField()

    class Meta(MomentOut.Meta):
        fields = ["kind", *MomentOut.Meta.fields]

    @extend_schema_field(serializers.ChoiceField(choices=["moment"]))
    def get_kind(self, moment: SignificantMoment) -> str:
        return "moment"


Accepted = PolymorphicProxySerializer(
    component_name="Accepted",
    serializers={"coding": AcceptedCodingOut, "moment": AcceptedMomentOut},
    resource_type_field_name="kind",
)


def accepted_out(made: Coding | SignificantMoment, text: str) -> dict:
    """The coding or moment an accept made; `text` is its transcript's text."""
    context = {"texts": {made.transcript_id: text}}
    if isinstance(made, Coding):
        return AcceptedCodingOut(made, context=context).data
    return AcceptedMomentOut(made, context=context).data


class AcceptAllOut(serializers.Serializer):
    accepted = serializers.IntegerField()
    codings = AcceptedCodingOut(many=True)


# ---------------------------------------------------------------- jobs, models, evaluation


class SuggestionJobOut(serializers.ModelSerializer):
    """A job as this member may read it (context "member"): in the blind phase a coder reads
    no message about another coder's model."""

    messages = serializers.SerializerMethodField()

    def get_messages(self, job: SuggestionJob) -> list[str]:
        return visible_messages(job, self.context["member"])

    class Meta:
        model = SuggestionJob
        fields = [
            "id",
            "kind",
            "status",
            "step",
            "done",
            "total",
            "messages",
            "error",
            "created_at",
            "finished_at",
        ]


class AverageOut(serializers.Serializer):
    precision = serializers.FloatField()
    recall = serializers.FloatField()
    f1 = serializers.FloatField()


class ScoreRowOut(serializers.Serializer):
    label = serializers.CharField(help_text='"code:<id>" or a valence.')
    tp = serializers.IntegerField()
    fp = serializers.IntegerField()
    fn = serializers.IntegerField()
    support = serializers.IntegerField()
    precision = serializers.FloatField()
    recall = serializers.FloatField()
    f1 = serializers.FloatField()


class ScoreTableOut(serializers.Serializer):
    """Sentence-level scores per label, then micro and macro averages (suggestions/metrics)."""

    rows = ScoreRowOut(many=True)
    micro = AverageOut()
    macro = AverageOut()
    labels_used = serializers.IntegerField()


class HoldoutOut(serializers.Serializer):
    """A trained model's held-out evaluation: a score table, or a note why there is none."""

    note = serializers.CharField(required=False)
    rows = ScoreRowOut(many=True, required=False)
    micro = AverageOut(required=False)
    macro = AverageOut(required=False)
    labels_used = serializers.IntegerField(required=False)
    test_transcripts = serializers.IntegerField(required=False)
    test_sentences = serializers.IntegerField(required=False)
    folds = serializers.IntegerField(
        required=False, help_text="Cross-validated over this many folds of transcripts."
    )


class TooFewOut(serializers.Serializer):
    label = serializers.CharField()
    name = serializers.CharField()
    examples = serializers.IntegerField()


class SuggestionModelOut(serializers.Serializer):
    """A trained classifier without its weights (rows of SuggestionModel.values())."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SuggestionModel.Kind.choices)
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    source = serializers.CharField()
    for_user__username = serializers.CharField(
        allow_null=True, help_text="The coder a blind-phase model was trained for and from."
    )
    seed = serializers.IntegerField()
    labels = serializers.ListField(child=serializers.CharField())
    label_names = serializers.DictField(child=serializers.CharField())
    sentences = serializers.IntegerField()
    transcripts = serializers.IntegerField()
    positives = serializers.DictField(child=serializers.IntegerField())
    skipped = TooFewOut(many=True)
    evaluation = HoldoutOut()
    seconds = serializers.FloatField()


class CurveScoresOut(serializers.Serializer):
    micro_f1 = serializers.FloatField()
    macro_f1 = serializers.FloatField()


class CurvePointOut(serializers.Serializer):
    fraction = serializers.FloatField()
    train_transcripts = serializers.IntegerField()
    test_transcripts = serializers.IntegerField()
    rules = CurveScoresOut()
    memory = CurveScoresOut()
    model = CurveScoresOut()
    combined = CurveScoresOut()


class EvaluationTablesOut(serializers.Serializer):
    rules = ScoreTableOut(required=False)
    memory = ScoreTableOut(required=False)
    model = ScoreTableOut(required=False)
    combined = ScoreTableOut(required=False, help_text="Any of rules, memory and the classifier.")
    moments = ScoreTableOut(required=False)
    combined_codes_only = ScoreTableOut(
        required=False,
        help_text="Cluster level: the combined code suggestions alone, without the "
        "classifier's cluster suggestions.",
    )


class CeilingOut(serializers.Serializer):
    """How far the coders agree with each other, scored as the suggestions are: micro
    averages over every pair of coders and the transcripts both coded."""

    coders = serializers.IntegerField()
    code = AverageOut()
    cluster = AverageOut()


class EvaluationOut(serializers.Serializer):
    """The latest cross-validated evaluation (suggestions/evaluation.evaluate) and its time.
    Evaluations are stored results, so keys an older evaluation lacks are left out."""

    finished_at = serializers.DateTimeField(
        allow_null=True, help_text="null when no evaluation has finished yet."
    )
    threshold = serializers.FloatField(required=False)
    source = serializers.CharField(required=False)
    folds = serializers.IntegerField(required=False)
    transcripts = serializers.IntegerField(required=False)
    sentences = serializers.IntegerField(required=False)
    names = serializers.DictField(
        child=serializers.CharField(), required=False, help_text="Label -> code or cluster name."
    )
    tables = EvaluationTablesOut(required=False)
    too_few = TooFewOut(many=True, required=False)
    curve = CurvePointOut(many=True, required=False)
    cluster_tables = EvaluationTablesOut(
        required=False,
        help_text='The same at the cluster level (labels "cluster:<id>"): a sentence is '
        "predicted to carry a cluster when any of its codes is predicted or (classifier and "
        "combined) the classifier suggests the cluster itself.",
    )
    ceiling = CeilingOut(
        required=False,
        allow_null=True,
        help_text="The coders against each other; null with fewer than two coders.",
    )
