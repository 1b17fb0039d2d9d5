from django.urls import path

from transcripts import api, views
from transcripts.audit import urls as audit
from transcripts.invitations import urls as invitations
from transcripts.pseudonyms import urls as pseudonyms
from transcripts.trash import urls as trash

study = "studies/<int:study_pk>/"
urlpatterns = [
    path(study, views.study_detail, name="study-detail"),
    path(study + "import/", views.import_transcripts, name="transcript-import"),
    path(study + "imports/<int:job_pk>/", views.import_job, name="import-job"),
    path(study + "members/", views.add_member, name="member-add"),
    path(study + "members/<int:member_pk>/remove/", views.remove_member, name="member-remove"),
    path(study + "speaker-roles/", views.set_speaker_role, name="speaker-role-set"),
    path(study + "blind-phase/", views.set_blind_phase, name="blind-phase-set"),
    path(
        study + "members/<int:member_pk>/reconciler/",
        views.set_reconciler,
        name="member-reconciler",
    ),
    path(
        study + "participants/<int:participant_pk>/",
        views.participant_detail,
        name="participant-detail",
    ),
    *trash.urlpatterns,
    *audit.urlpatterns,
    *invitations.urlpatterns,
    *pseudonyms.urlpatterns,
]

api_urlpatterns = [
    path(study, api.StudyDetail.as_view(), name="api-study-detail"),
    path(study + "members/", api.MemberList.as_view(), name="api-member-list"),
    path(study + "members/<int:member_pk>/", api.MemberDetail.as_view(), name="api-member-detail"),
    path(study + "participants/", api.ParticipantList.as_view(), name="api-participant-list"),
    path(
        study + "participants/<int:participant_pk>/",
        api.ParticipantDetail.as_view(),
        name="api-participant-detail",
    ),
    path(study + "speaker-roles/", api.SpeakerRoles.as_view(), name="api-speaker-roles"),
    path(study + "transcripts/", api.TranscriptList.as_view(), name="api-transcript-list"),
    path(
        study + "transcripts/import/", api.TranscriptImport.as_view(), name="api-transcript-import"
    ),
    path(study + "import-jobs/", api.ImportJobList.as_view(), name="api-import-job-list"),
    path(
        study + "import-jobs/<int:job_pk>/",
        api.ImportJobDetail.as_view(),
        name="api-import-job-detail",
    ),
    path(
        study + "transcripts/<int:transcript_pk>/",
        api.TranscriptDetail.as_view(),
        name="api-transcript-detail",
    ),
    path(
        study + "transcripts/<int:transcript_pk>/sentences/",
        api.TranscriptSentences.as_view(),
        name="api-transcript-sentences",
    ),
    *trash.api_urlpatterns,
    *audit.api_urlpatterns,
    *invitations.api_urlpatterns,
    *pseudonyms.api_urlpatterns,
]
