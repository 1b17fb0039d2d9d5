"""REST endpoints of a transcript's session: the session itself, the dial-rating series (list,
import), their analysis, a coding's or moment's dial values, the session measures and the
therapist-guess exercise. The study comes through StudyScopedMixin (404 outsiders, 403 viewers'
writes); one service call per write; reads through coding/microprocess/selectors.py."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from coding.codings.params import int_param
from coding.microprocess import measures, recordings, report, selectors, services
from coding.microprocess.serializers import (
    AllianceOut,
    AllianceParams,
    DialAnalysisOut,
    DialAnalysisParams,
    DialGuessIn,
    MeasuresImportIn,
    MeasuresImportOut,
    RatingsImportIn,
    RatingsOut,
    SeriesOut,
    SessionIn,
    SessionMeasureIn,
    SessionMeasureOut,
    SessionOut,
    SpanDialOut,
    TurnTimesIn,
    TurnTimesOut,
)
from transcripts.access import StudyScopedMixin
from transcripts.imports import read_upload
from transcripts.serializers import NOT_FOUND, REFUSED


def _params(request) -> dict:
    params = DialAnalysisParams(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


class SessionDetail(StudyScopedMixin, APIView):
    @extend_schema(request=SessionIn, responses={200: SessionOut, **REFUSED})
    def put(self, request, study_pk: int, transcript_pk: int):
        """Make the transcript a session, or change its number, date and therapist code."""
        data = SessionIn(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.save_session(
            member=self.member, transcript_id=transcript_pk, **data.validated_data
        )
        return Response(SessionOut(session).data)


class Ratings(StudyScopedMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: RatingsOut, **NOT_FOUND})
    def get(self, request, study_pk: int, transcript_pk: int):
        data = selectors.session_data(self.study, transcript_pk)
        body = {"transcript": data.transcript.pk, "session": data.session, "series": data.series}
        return Response(RatingsOut(body).data)

    @extend_schema(
        request=RatingsImportIn,
        responses={201: SeriesOut, **REFUSED},
        description="Import one rater role's dial series (CSV `seconds,value` 0-100, or a "
        "CARMA/DARMA export), replacing that role's series. Every bad row is listed in the "
        "400 answer (field `file`, reason `line N: ...`) and nothing is stored.",
    )
    def post(self, request, study_pk: int, transcript_pk: int):
        data = RatingsImportIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        series = services.import_ratings(
            member=self.member,
            transcript_id=transcript_pk,
            rater_role=data.validated_data["rater_role"],
            data=read_upload(upload),
            source_name=upload.name or "",
        )
        return Response(SeriesOut(series).data, status=status.HTTP_201_CREATED)


class RatingsSeries(StudyScopedMixin, APIView):
    @extend_schema(responses={204: None, **NOT_FOUND})
    def delete(self, request, study_pk: int, transcript_pk: int, rater_role: str):
        """Remove one rater role's series."""
        if not services.remove_series(
            member=self.member, transcript_id=transcript_pk, rater_role=rater_role
        ):
            raise Http404("No series of that rater role.")
        return Response(status=status.HTTP_204_NO_CONTENT)


class RatingsAnalysis(StudyScopedMixin, APIView):
    @extend_schema(parameters=[DialAnalysisParams], responses={200: DialAnalysisOut, **REFUSED})
    def get(self, request, study_pk: int, transcript_pk: int):
        data = selectors.session_data(self.study, transcript_pk)
        body = report.session_report(data, self.member, **_params(request))
        return Response(DialAnalysisOut(body).data)


class SpanDial(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("coding", int, description="A coding id (or moment)."),
            OpenApiParameter("moment", int, description="A moment id (or coding)."),
        ],
        responses={200: SpanDialOut, **REFUSED},
        description="A visible coding's or moment's time span (from the timed turns) and "
        "each rater's mean dial value over it (null outside the series).",
    )
    def get(self, request, study_pk: int, transcript_pk: int):
        data = selectors.session_data(self.study, transcript_pk)
        body = selectors.span_dial(
            data,
            self.member,
            coding=int_param(request, "coding"),
            moment=int_param(request, "moment"),
        )
        return Response(SpanDialOut(body).data)


def _measure_dict(measure) -> dict:
    scored = measures.score(measure.instrument, measure.items)
    return {
        "instrument": measure.instrument,
        "rater_role": measure.rater_role,
        "items": measure.items,
        "total": scored.total,
        "subscales": scored.subscales,
    }


class Measures(StudyScopedMixin, APIView):
    @extend_schema(responses={200: SessionMeasureOut(many=True), **NOT_FOUND})
    def get(self, request, study_pk: int, transcript_pk: int):
        data = selectors.session_data(self.study, transcript_pk)
        found = data.session.measures.all() if data.session else []
        return Response(SessionMeasureOut([_measure_dict(m) for m in found], many=True).data)

    @extend_schema(request=SessionMeasureIn, responses={200: SessionMeasureOut, **REFUSED})
    def post(self, request, study_pk: int, transcript_pk: int):
        """Enter (or replace) one rater's answers to WAI-SR (12 items 1-5) or SRS (4 items
        0-10, one decimal)."""
        data = SessionMeasureIn(data=request.data)
        data.is_valid(raise_exception=True)
        measure = services.save_measure(
            member=self.member, transcript_id=transcript_pk, **data.validated_data
        )
        return Response(SessionMeasureOut(_measure_dict(measure)).data)


class ParticipantMeasures(StudyScopedMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=MeasuresImportIn,
        responses={200: MeasuresImportOut, **REFUSED},
        description="Import a participant's answer sheets; every row names an existing session "
        "of the participant by number. One bad row (all are listed) stores nothing.",
    )
    def post(self, request, study_pk: int, participant_pk: int):
        data = MeasuresImportIn(data=request.data)
        data.is_valid(raise_exception=True)
        participant = get_object_or_404(self.study.participants, pk=participant_pk)
        stored = services.import_measures(
            member=self.member,
            participant_id=participant.pk,
            data=read_upload(data.validated_data["file"]),
        )
        return Response(MeasuresImportOut({"stored": stored}).data)


class TurnTimes(StudyScopedMixin, APIView):
    @extend_schema(
        request=TurnTimesIn,
        responses={200: TurnTimesOut, **REFUSED},
        description="Set turns' start and end seconds (tapped along the recording).",
    )
    def put(self, request, study_pk: int, transcript_pk: int):
        data = TurnTimesIn(data=request.data)
        data.is_valid(raise_exception=True)
        timed = recordings.set_turn_times(
            member=self.member, transcript_id=transcript_pk, times=data.validated_data["times"]
        )
        return Response(TurnTimesOut({"timed": timed}).data)


class Alliance(StudyScopedMixin, APIView):
    @extend_schema(
        parameters=[AllianceParams],
        responses={200: AllianceOut, **REFUSED},
        description="Mean session-measure score (participant means over sessions) of the "
        "participants endorsing each cluster and each moment valence, beside the others'; "
        "from the codings and moments this member may see.",
    )
    def get(self, request, study_pk: int):
        params = AllianceParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        body = selectors.alliance(self.member, **params.validated_data)
        return Response(AllianceOut(body).data)


class Guess(StudyScopedMixin, APIView):
    @extend_schema(
        request=DialGuessIn,
        responses={200: DialAnalysisOut, **REFUSED},
        description="The therapist's labels (top or bottom) for the client's segments of "
        "that length, in time order as the analysis lists them under guess.segments.",
    )
    def put(self, request, study_pk: int, transcript_pk: int):
        data = DialGuessIn(data=request.data)
        data.is_valid(raise_exception=True)
        params = {**data.validated_data, "lag": 0.0}
        labels = params.pop("labels")
        shown = report.session_report(
            selectors.session_data(self.study, transcript_pk), self.member, **params
        )
        services.save_guess(
            member=self.member,
            transcript_id=transcript_pk,
            step=params["step"],
            segment=params["segment"],
            starts=[s["start"] for s in (shown["guess"] or {}).get("segments", [])],
            labels=labels,
        )
        found = report.session_report(
            selectors.session_data(self.study, transcript_pk), self.member, **params
        )
        return Response(DialAnalysisOut(found).data)
