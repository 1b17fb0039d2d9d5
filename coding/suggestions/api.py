"""REST endpoints of suggestions: what is open for me in a transcript, accept (optionally on an
adjusted span), reject, accept all of one code above a threshold; the study's suggestion
settings (owners change them); background jobs (train, suggest, evaluate) and their progress;
trained models; the latest evaluation. Reached through the study like every endpoint."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.codings import retrieval
from coding.codings import services as codings
from coding.codings.params import int_param
from coding.codings.serializers import MomentOut
from coding.models import Coding, SuggestionJob, SuggestionModel, SuggestionSettings
from coding.suggestions import config, decisions
from coding.suggestions import jobs as suggest_jobs
from coding.suggestions import services as suggest
from coding.suggestions.config import settings_for
from transcripts.access import StudyScopedMixin
from transcripts.errors import DomainError
from transcripts.models import Role


class SpanIn(serializers.Serializer):
    start = serializers.IntegerField(min_value=0, required=False)
    end = serializers.IntegerField(min_value=1, required=False)


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


def job_dict(job: SuggestionJob) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "step": job.step,
        "done": job.done,
        "total": job.total,
        "messages": job.messages,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def made_dict(made, text: str) -> dict:
    """The coding or moment an accept made, as the codings and moments endpoints show them,
    with its kind."""
    if isinstance(made, Coding):
        return {"kind": "coding", **retrieval.coding_out(made, text)}
    context = {"texts": {made.transcript_id: text}}
    return {"kind": "moment", **MomentOut(made, context=context).data}


class SuggestionList(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("transcript", OpenApiTypes.INT, required=True),
            OpenApiParameter("threshold", OpenApiTypes.FLOAT),
        ],
        responses=OpenApiTypes.OBJECT,
        description="Suggestions of one transcript still open for you: above the threshold "
        "(default: the study's), from enabled recommenders, not decided by you and not "
        "already covered by your own codings. One per span and code, best score first.",
    )
    def get(self, request, study_pk: int):
        transcript = codings.get_transcript(self.study, int_param(request, "transcript"))
        threshold = request.query_params.get("threshold")
        items = suggest.open_for(self.member, transcript.pk, threshold=threshold)
        for item in items:
            item["quote"] = transcript.text[item["start"] : item["end"]]
        return Response(items)


class SuggestionAccept(StudyScopedMixin, APIView):
    @extend_schema(request=SpanIn, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, study_pk: int, suggestion_pk: int):
        """Accept: the suggestion becomes your coding (or moment), on its span or on the
        adjusted start/end you send."""
        data = SpanIn(data=request.data)
        data.is_valid(raise_exception=True)
        made = decisions.accept(
            member=self.member,
            suggestion_id=suggestion_pk,
            start=data.validated_data.get("start"),
            end=data.validated_data.get("end"),
        )
        text = retrieval.texts_for([made.transcript_id])[made.transcript_id]
        return Response(made_dict(made, text), status=status.HTTP_201_CREATED)


class SuggestionReject(StudyScopedMixin, APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request, study_pk: int, suggestion_pk: int):
        """Reject: remembered, so this span and code are never suggested to you again."""
        decisions.reject(member=self.member, suggestion_id=suggestion_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SuggestionAcceptAll(StudyScopedMixin, APIView):
    @extend_schema(request=AcceptAllIn, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, study_pk: int):
        """Accept every open suggestion of one code in one transcript at or above the
        threshold (default: the study's)."""
        data = AcceptAllIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        made = decisions.accept_all(
            member=self.member,
            transcript_id=values["transcript"],
            code_id=values["code"],
            threshold=values.get("threshold"),
        )
        text = retrieval.texts_for([values["transcript"]]).get(values["transcript"], "")
        return Response(
            {"accepted": len(made), "codings": [made_dict(m, text) for m in made]},
            status=status.HTTP_201_CREATED,
        )


class SuggestionSettingsView(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(responses=SettingsSerializer)
    def get(self, request, study_pk: int):
        return Response(SettingsSerializer(settings_for(self.study)).data)

    @extend_schema(request=SettingsSerializer, responses=SettingsSerializer)
    def patch(self, request, study_pk: int):
        """Owners: threshold, recommender switches, rule unit, training source."""
        data = SettingsSerializer(settings_for(self.study), data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        found = config.change_settings(member=self.member, **values)
        return Response(SettingsSerializer(found).data)


class SuggestionJobList(StudyScopedMixin, APIView):
    # A list: named so, or it collides with the detail's "retrieve" (a --deploy check warning).
    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="v1_studies_suggestion_jobs_list")
    def get(self, request, study_pk: int):
        jobs = SuggestionJob.objects.filter(study=self.study).order_by("-created_at")[:20]
        return Response([job_dict(j) for j in jobs])

    @extend_schema(request=JobIn, responses={202: OpenApiTypes.OBJECT})
    def post(self, request, study_pk: int):
        """Start training (then suggesting), suggesting or evaluating in the background."""
        data = JobIn(data=request.data)
        data.is_valid(raise_exception=True)
        job = suggest_jobs.start(member=self.member, kind=data.validated_data["kind"])
        return Response(job_dict(job), status=status.HTTP_202_ACCEPTED)


class SuggestionJobDetail(StudyScopedMixin, APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, study_pk: int, job_pk: int):
        job = get_object_or_404(SuggestionJob, study=self.study, pk=job_pk)
        return Response(job_dict(job))


class SuggestionModelList(StudyScopedMixin, APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, study_pk: int):
        """Trained classifiers (without their weights): version, size, skipped, evaluation."""
        fields = [
            "id",
            "kind",
            "version",
            "created_at",
            "source",
            "for_user__username",
            "seed",
            "labels",
            "label_names",
            "sentences",
            "transcripts",
            "positives",
            "skipped",
            "evaluation",
            "seconds",
        ]
        rows = SuggestionModel.objects.filter(study=self.study).order_by("kind", "-version")
        return Response(list(rows.values(*fields)))


class SuggestionEvaluation(StudyScopedMixin, APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, study_pk: int):
        """The latest cross-validated evaluation (start one with a job of kind "evaluate")."""
        job = suggest_jobs.latest_evaluation(self.study)
        if job is None:
            raise DomainError("evaluation", "No evaluation has run yet for this study.")
        return Response({"finished_at": job.finished_at, **job.result})
