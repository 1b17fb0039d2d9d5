from django.urls import path

from transcripts.trash import api, views

study = "studies/<int:study_pk>/"
urlpatterns = [
    path("trash/", views.trash, name="trash"),
    path("trash/<int:study_pk>/restore/", views.study_restore, name="study-restore"),
    path(study + "delete/", views.study_delete, name="study-delete"),
    path(study + "trash/", views.study_trash, name="study-trash"),
    path(study + "trash/delete/", views.transcript_delete, name="transcript-delete"),
    path(
        study + "trash/<int:transcript_pk>/restore/",
        views.transcript_restore,
        name="transcript-restore",
    ),
]

api_urlpatterns = [
    path("trash/studies/", api.TrashedStudyList.as_view(), name="api-trash-studies"),
    path(
        "trash/studies/<int:study_pk>/restore/",
        api.TrashedStudyRestore.as_view(),
        name="api-trash-study-restore",
    ),
    path(study + "trash/", api.TrashedTranscriptList.as_view(), name="api-trash-transcripts"),
    path(
        study + "trash/<int:transcript_pk>/restore/",
        api.TrashedTranscriptRestore.as_view(),
        name="api-trash-transcript-restore",
    ),
]
