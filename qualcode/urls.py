from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from coding import agreement_api, codings_api, reconcile_api, suggest_api
from coding import api as coding_api
from coding import views as coding_views
from transcripts import api

study = "studies/<int:study_pk>/"
api_v1 = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("studies/", coding_api.StudyList.as_view(), name="api-study-list"),
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
    path(study + "clusters/", coding_api.ClusterList.as_view(), name="api-cluster-list"),
    path(
        study + "clusters/<int:cluster_pk>/",
        coding_api.ClusterDetail.as_view(),
        name="api-cluster-detail",
    ),
    path(study + "codes/", coding_api.CodeList.as_view(), name="api-code-list"),
    path(study + "codes/merge/", coding_api.CodeMerge.as_view(), name="api-code-merge"),
    path(study + "codes/<int:code_pk>/", coding_api.CodeDetail.as_view(), name="api-code-detail"),
    path(
        study + "codes/<int:code_pk>/split/", coding_api.CodeSplit.as_view(), name="api-code-split"
    ),
    path(study + "code-counts/", codings_api.CodeCounts.as_view(), name="api-code-counts"),
    path(
        study + "codebook-history/",
        coding_api.CodebookHistory.as_view(),
        name="api-codebook-history",
    ),
    path(
        study + "codebook-history/<int:event_pk>/recheck/",
        coding_api.CodebookRecheck.as_view(),
        name="api-codebook-recheck",
    ),
    path(study + "codings/", codings_api.CodingList.as_view(), name="api-coding-list"),
    path(
        study + "codings/<int:coding_pk>/",
        codings_api.CodingDetail.as_view(),
        name="api-coding-detail",
    ),
    path(
        study + "codings/<int:coding_pk>/moments/",
        codings_api.CodingMoments.as_view(),
        name="api-coding-moments",
    ),
    path(study + "moments/", codings_api.MomentList.as_view(), name="api-moment-list"),
    path(
        study + "moments/<int:moment_pk>/",
        codings_api.MomentDetail.as_view(),
        name="api-moment-detail",
    ),
    path(
        study + "moments/<int:moment_pk>/codings/",
        codings_api.MomentCodings.as_view(),
        name="api-moment-codings",
    ),
    path(study + "memos/", codings_api.MemoList.as_view(), name="api-memo-list"),
    path(study + "memos/<int:memo_pk>/", codings_api.MemoDetail.as_view(), name="api-memo-detail"),
    path(
        study + "transcripts/<int:transcript_pk>/disagreements/",
        reconcile_api.Disagreements.as_view(),
        name="api-disagreements",
    ),
    path(study + "reconciliation/", reconcile_api.Decisions.as_view(), name="api-decisions"),
    path(study + "segments/", codings_api.SegmentList.as_view(), name="api-segment-list"),
    path(study + "agreement/", agreement_api.Agreement.as_view(), name="api-agreement"),
    path(
        study + "agreement/confusion/",
        agreement_api.Confusion.as_view(),
        name="api-agreement-confusion",
    ),
    path(study + "suggestions/", suggest_api.SuggestionList.as_view(), name="api-suggestion-list"),
    path(
        study + "suggestions/accept-all/",
        suggest_api.SuggestionAcceptAll.as_view(),
        name="api-suggestion-accept-all",
    ),
    path(
        study + "suggestions/<int:suggestion_pk>/accept/",
        suggest_api.SuggestionAccept.as_view(),
        name="api-suggestion-accept",
    ),
    path(
        study + "suggestions/<int:suggestion_pk>/reject/",
        suggest_api.SuggestionReject.as_view(),
        name="api-suggestion-reject",
    ),
    path(
        study + "suggestion-settings/",
        suggest_api.SuggestionSettingsView.as_view(),
        name="api-suggestion-settings",
    ),
    path(
        study + "suggestion-jobs/",
        suggest_api.SuggestionJobList.as_view(),
        name="api-suggestion-jobs",
    ),
    path(
        study + "suggestion-jobs/<int:job_pk>/",
        suggest_api.SuggestionJobDetail.as_view(),
        name="api-suggestion-job",
    ),
    path(
        study + "suggestion-models/",
        suggest_api.SuggestionModelList.as_view(),
        name="api-suggestion-models",
    ),
    path(
        study + "suggestion-evaluation/",
        suggest_api.SuggestionEvaluation.as_view(),
        name="api-suggestion-evaluation",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", coding_views.study_list, name="study-list"),
    path("", include("transcripts.urls")),
    path("", include("coding.urls")),
]
