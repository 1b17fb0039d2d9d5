"""REST endpoints of suggestions: what is open for me in a transcript, accept (optionally on an
adjusted span), reject, accept all of one code above a threshold; the study's suggestion
settings (owners change them); background jobs (train, suggest, evaluate) and their progress;
trained models; the latest evaluation. Reached through the study like every endpoint."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.codings import retrieval
from coding.codings import services as codings
from coding.codings.params import int_param
from coding.models import SuggestionJob, SuggestionModel
from coding.suggestions import config, decisions
from coding.suggestions import jobs as suggest_jobs
from coding.suggestions import services as suggest
from coding.suggestions.config import settings_for
from coding.suggestions.queue import best_per_transcript
from coding.suggestions.serializers import (
    AcceptAllIn,
    AcceptAllOut,
    Accepted,
    BestIn,
    EvaluationOut,
    JobIn,
    SettingsSerializer,
    SpanIn,
    SuggestionJobOut,
    SuggestionModelOut,
    SuggestionOut,
    accepted_out,
)
from transcripts.access import StudyScopedMixin, require_sees_all
from transcripts.errors import DomainError
from transcripts.models import Role
from transcripts.serializers import NOT_FOUND, REFUSED


class SuggestionList(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("transcript", OpenApiTypes.INT, required=True),
            OpenApiParameter("threshold", OpenApiTypes.FLOAT),
            OpenApiParameter(
                "best",
                OpenApiTypes.INT,
                description="Only the best N by score (0: all; default: the study's "
                "best_per_transcript setting). Ties go to the earlier span.",
            ),
        ],
        responses={200: SuggestionOut(many=True), **REFUSED},
        description="Suggestions of one transcript still open for you: above the threshold "
        "(default: the study's), from enabled recommenders, not decided by you and not "
        "already covered by your own codings; the best N when capped (`best`). One per span "
        "and code, in text order.",
    )
    def get(self, request, study_pk: int):
        transcript = codings.get_transcript(self.study, int_param(request, "transcript"))
        threshold = request.query_params.get("threshold")
        cfg = settings_for(self.study)
        best = BestIn(data={"best": request.query_params.get("best", cfg.best_per_transcript)})
        best.is_valid(raise_exception=True)
        items = suggest.open_for(self.member, transcript.pk, threshold=threshold, cfg=cfg)
        items = best_per_transcript(items, best.validated_data["best"])
        for item in items:
            item["quote"] = transcript.text[item["start"] : item["end"]]
        return Response(SuggestionOut(items, many=True).data)


class SuggestionAccept(StudyScopedMixin, APIView):
    @extend_schema(request=SpanIn, responses={201: Accepted, **REFUSED})
    def post(self, request, study_pk: int, suggestion_pk: int):
        """Accept: the suggestion becomes your coding (or moment), on its span or on the
        adjusted start/end you send; a cluster suggestion needs the `code` (of that cluster)
        you pick."""
        data = SpanIn(data=request.data)
        data.is_valid(raise_exception=True)
        made = decisions.accept(
            member=self.member,
            suggestion_id=suggestion_pk,
            start=data.validated_data.get("start"),
            end=data.validated_data.get("end"),
            code_id=data.validated_data.get("code"),
        )
        text = retrieval.texts_for([made.transcript_id])[made.transcript_id]
        return Response(accepted_out(made, text), status=status.HTTP_201_CREATED)


class SuggestionReject(StudyScopedMixin, APIView):
    @extend_schema(request=None, responses={204: None, **REFUSED})
    def post(self, request, study_pk: int, suggestion_pk: int):
        """Reject: remembered, so this span and code are never suggested to you again."""
        decisions.reject(member=self.member, suggestion_id=suggestion_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SuggestionAcceptAll(StudyScopedMixin, APIView):
    @extend_schema(request=AcceptAllIn, responses={201: AcceptAllOut, **REFUSED})
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
        context = {"texts": {values["transcript"]: text}}
        return Response(
            AcceptAllOut({"accepted": len(made), "codings": made}, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class SuggestionSettingsView(StudyScopedMixin, APIView):
    write_role = Role.OWNER

    @extend_schema(responses={200: SettingsSerializer, **NOT_FOUND})
    def get(self, request, study_pk: int):
        return Response(SettingsSerializer(settings_for(self.study)).data)

    @extend_schema(request=SettingsSerializer, responses={200: SettingsSerializer, **REFUSED})
    def patch(self, request, study_pk: int):
        """Owners: threshold, recommender switches, rule unit, training source."""
        data = SettingsSerializer(settings_for(self.study), data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        found = config.change_settings(member=self.member, **values)
        return Response(SettingsSerializer(found).data)


class SuggestionJobList(StudyScopedMixin, APIView):
    # A list: named so, or it collides with the detail's "retrieve" (a --deploy check warning).
    @extend_schema(
        responses={200: SuggestionJobOut(many=True), **NOT_FOUND},
        operation_id="v1_studies_suggestion_jobs_list",
    )
    def get(self, request, study_pk: int):
        jobs = SuggestionJob.objects.filter(study=self.study).order_by("-created_at")[:20]
        return Response(SuggestionJobOut(jobs, many=True, context={"member": self.member}).data)

    @extend_schema(request=JobIn, responses={202: SuggestionJobOut, **REFUSED})
    def post(self, request, study_pk: int):
        """Start training (then suggesting), suggesting or evaluating in the background."""
        data = JobIn(data=request.data)
        data.is_valid(raise_exception=True)
        job = suggest_jobs.start(member=self.member, kind=data.validated_data["kind"])
        return Response(
            SuggestionJobOut(job, context={"member": self.member}).data,
            status=status.HTTP_202_ACCEPTED,
        )


class SuggestionJobDetail(StudyScopedMixin, APIView):
    @extend_schema(responses={200: SuggestionJobOut, **NOT_FOUND})
    def get(self, request, study_pk: int, job_pk: int):
        job = get_object_or_404(SuggestionJob, study=self.study, pk=job_pk)
        return Response(SuggestionJobOut(job, context={"member": self.member}).data)


class SuggestionModelList(StudyScopedMixin, APIView):
    @extend_schema(responses={200: SuggestionModelOut(many=True), **NOT_FOUND})
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
        rows = SuggestionModel.objects.visible_to(self.member).order_by("kind", "-version")
        return Response(SuggestionModelOut(rows.values(*fields), many=True).data)


class SuggestionEvaluation(StudyScopedMixin, APIView):
    @extend_schema(responses={200: EvaluationOut, **REFUSED})
    def get(self, request, study_pk: int):
        """The latest cross-validated evaluation (start one with a job of kind "evaluate").
        It scores against everyone's codings: coders see it once the blind phase is over."""
        require_sees_all(self.member, "The suggestion evaluation")
        job = suggest_jobs.latest_evaluation(self.study)
        if job is None:
            raise DomainError("evaluation", "No evaluation has run yet for this study.")
        return Response(EvaluationOut({"finished_at": job.finished_at, **job.result}).data)
