from django.urls import path, re_path

from coding.microprocess import api, playback, views

transcript = "studies/<int:study_pk>/transcripts/<int:transcript_pk>/"

urlpatterns = [
    path("studies/<int:study_pk>/sessions/", views.session_list, name="session-list"),
    path(transcript + "session/", views.session_page, name="session"),
    path(transcript + "session/edit/", views.session_edit, name="session-edit"),
    path(transcript + "session/ratings/", views.ratings_import, name="session-ratings"),
    path(
        transcript + "session/ratings/<str:rater_role>/remove/",
        views.series_remove,
        name="session-series-remove",
    ),
    path(transcript + "session/measures/", views.measure_entry, name="session-measure"),
    path(transcript + "session/guess/", views.guess_entry, name="session-guess"),
    path(transcript + "recording/", playback.recording_file, name="recording"),
    path(transcript + "recording/upload/", playback.recording_upload, name="recording-upload"),
    path(transcript + "recording/remove/", playback.recording_remove, name="recording-remove"),
    path(
        "studies/<int:study_pk>/participants/<int:participant_pk>/measures/",
        views.participant_measures,
        name="participant-measures",
    ),
]

api_urlpatterns = [
    path("studies/<int:study_pk>/alliance/", api.Alliance.as_view(), name="api-alliance"),
    path(transcript + "session/", api.SessionDetail.as_view(), name="api-session"),
    path(transcript + "ratings/", api.Ratings.as_view(), name="api-ratings"),
    path(
        transcript + "ratings/analysis/",
        api.RatingsAnalysis.as_view(),
        name="api-ratings-analysis",
    ),
    path(transcript + "ratings/span/", api.SpanDial.as_view(), name="api-ratings-span"),
    re_path(
        r"^studies/(?P<study_pk>\d+)/transcripts/(?P<transcript_pk>\d+)/ratings/"
        r"(?P<rater_role>client|therapist|observer)/$",
        api.RatingsSeries.as_view(),
        name="api-ratings-series",
    ),
    path(transcript + "ratings/guess/", api.Guess.as_view(), name="api-ratings-guess"),
    path(transcript + "measures/", api.Measures.as_view(), name="api-measures"),
    path(transcript + "turn-times/", api.TurnTimes.as_view(), name="api-turn-times"),
    path(
        "studies/<int:study_pk>/participants/<int:participant_pk>/measures/",
        api.ParticipantMeasures.as_view(),
        name="api-participant-measures",
    ),
]
