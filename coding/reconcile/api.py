"""Reconciliation endpoints: a transcript's disagreement queue, decisions and their audit trail."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.codings.filters import StudyFilterBackend, filter_list
from coding.codings.params import int_param
from coding.models import ReconciliationDecision
from coding.reconcile import services as reconcile
from coding.reconcile.filters import DecisionFilter
from coding.reconcile.serializers import DecisionConflictOut, DecisionIn, DecisionOut, QueueOut
from transcripts.access import StudyScopedMixin
from transcripts.serializers import REFUSED


class Disagreements(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("tolerance", OpenApiTypes.INT, description="characters (default 10)"),
            OpenApiParameter("coders", OpenApiTypes.STR, description="comma-separated usernames"),
        ],
        responses={200: QueueOut, **REFUSED},
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
        return Response(QueueOut(data).data)


class Decisions(StudyScopedMixin, APIView):
    queryset = ReconciliationDecision.objects.none()  # the model, for the schema
    filter_backends = [StudyFilterBackend]
    filterset_class = DecisionFilter

    @extend_schema(responses={200: DecisionOut(many=True), **REFUSED})
    def get(self, request, study_pk: int):
        reconcile.require_reconciler(self.member)
        rows = (
            self.study.decisions.filter(transcript__deleted_at=None)
            .select_related("decided_by")
            .order_by("-decided_at", "-id")
        )
        return Response(DecisionOut(filter_list(self, rows)[:500], many=True).data)

    @extend_schema(
        request=DecisionIn,
        responses={201: DecisionOut, 409: DecisionConflictOut, **REFUSED},
    )
    def post(self, request, study_pk: int):
        data = DecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        decision = reconcile.decide(
            member=self.member, transcript_id=values.pop("transcript"), **values
        )
        return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)
