from django.urls import path

from . import views

study = "studies/<int:study_pk>/"
urlpatterns = [
    path(study, views.study_detail, name="study-detail"),
    path(study + "import/", views.import_transcripts, name="transcript-import"),
    path(study + "imports/<int:job_pk>/", views.import_job, name="import-job"),
    path(study + "members/", views.add_member, name="member-add"),
    path(study + "members/<int:member_pk>/remove/", views.remove_member, name="member-remove"),
    path(study + "speaker-roles/", views.set_speaker_role, name="speaker-role-set"),
    path(
        study + "participants/<int:participant_pk>/",
        views.participant_detail,
        name="participant-detail",
    ),
]
