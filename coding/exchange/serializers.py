"""Input and output serializers of the exchange API: uploads in, import reports and jobs out."""

from rest_framework import serializers

from coding.models import ExchangeJob


class ProjectUploadIn(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="A REFI-QDA project (.qdpx).")
    study = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A study you own to import into; none makes a new study.",
    )


class CodebookUploadIn(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="A REFI-QDA codebook (.qdc).")


class ImportReportOut(serializers.Serializer):
    study_id = serializers.IntegerField()
    study_title = serializers.CharField()
    created_study = serializers.BooleanField()
    origin = serializers.CharField(allow_blank=True, help_text="The producing tool.")
    offsets = serializers.CharField(help_text="How the producer counts positions.")
    transcripts = serializers.IntegerField()
    participants = serializers.IntegerField(help_text="Participants created.")
    clusters = serializers.IntegerField()
    codes = serializers.IntegerField()
    selections = serializers.IntegerField(help_text="Selections that landed on the text.")
    codings = serializers.IntegerField()
    moments = serializers.IntegerField()
    memos = serializers.IntegerField()
    users_created = serializers.ListField(child=serializers.CharField())
    users_mapped = serializers.ListField(child=serializers.CharField())
    skipped = serializers.ListField(
        child=serializers.CharField(), help_text="What was not imported, and why."
    )
    losses = serializers.ListField(
        child=serializers.CharField(),
        help_text="The data-loss report: what QualCode keeps elsewhere or cannot keep.",
    )


class ExchangeJobOut(serializers.ModelSerializer):
    report = serializers.SerializerMethodField()

    class Meta:
        model = ExchangeJob
        fields = [
            "id",
            "status",
            "filename",
            "total",
            "done",
            "error",
            "study",
            "report",
            "created_at",
            "finished_at",
        ]

    def get_report(self, job: ExchangeJob) -> ImportReportOut(allow_null=True):  # type: ignore[valid-type]
        return ImportReportOut(job.report).data if job.report else None


class CodebookImportOut(serializers.Serializer):
    origin = serializers.CharField(allow_blank=True)
    clusters = serializers.IntegerField(help_text="Clusters created.")
    codes = serializers.IntegerField(help_text="Codes created.")
    notes = serializers.ListField(child=serializers.CharField())
