"""Reconciliation endpoints: a transcript's disagreement queue, decisions and their audit trail."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.codings.params import int_param
from coding.models import ReconciliationDecision
from coding.reconcile import services as reconcile
from transcripts.access import StudyScopedMixin


class DecisionIn(serializers.Serializer):
    transcript = serializers.IntegerField()
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=1)
    outcome = serializers.ChoiceField(choices=ReconciliationDecision.Outcome.choices)
    coder = serializers.CharField(required=False, allow_blank=True, default="")
    codings = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    tolerance = serializers.IntegerField(required=False, min_value=0, max_value=1000, default=10)


class DecisionOut(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username", default=None, read_only=True)

    class Meta:
        model = ReconciliationDecision
        fields = [
            "id",
            "transcript",
            "start",
            "end",
            "kind",
            "versions",
            "outcome",
            "accepted_coder",
            "result",
            "reason",
            "decided_by",
            "decided_at",
        ]


class Disagreements(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("tolerance", OpenApiTypes.INT, description="characters (default 10)"),
            OpenApiParameter("coders", OpenApiTypes.STR, description="comma-separated usernames"),
        ],
        responses=dict,
    )
    def get(self, request, study_pk: int, transcript_pk: int):
        tolerance = int_param(request, "tolerance")
        coders = [c for c in (request.query_params.get("coders") or "").split(",") if c] or None
        data = reconcile.queue(
            member=self.member,
            transcript_id=transcript_pk,
            coders=coders,
            tolerance=10 if tolerance is None else tolerance,
        )
        return Response(data)


class Decisions(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[OpenApiParameter("transcript", OpenApiTypes.INT)],
        responses=DecisionOut(many=True),
    )
    def get(self, request, study_pk: int):
        reconcile.require_reconciler(self.member)
        rows = self.study.decisions.select_related("decided_by").order_by("-decided_at", "-id")
        transcript = int_param(request, "transcript")
        if transcript is not None:
            rows = rows.filter(transcript_id=transcript)
        return Response(DecisionOut(rows[:500], many=True).data)

    @extend_schema(request=DecisionIn, responses={201: DecisionOut})
    def post(self, request, study_pk: int):
        data = DecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        decision = reconcile.decide(
            member=self.member, transcript_id=values.pop("transcript"), **values
        )
        return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)
