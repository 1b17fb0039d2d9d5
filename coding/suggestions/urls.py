from django.urls import path

from coding.suggestions import api
from coding.suggestions.views import job_status, save_settings, start_job, suggestions_page

urlpatterns = [
    path("studies/<int:study_pk>/suggestions/", suggestions_page, name="suggestions"),
    path(
        "studies/<int:study_pk>/suggestions/settings/",
        save_settings,
        name="suggestion-settings",
    ),
    path("studies/<int:study_pk>/suggestions/jobs/", start_job, name="suggestion-job-start"),
    path(
        "studies/<int:study_pk>/suggestions/jobs/<int:job_pk>/",
        job_status,
        name="suggestion-job",
    ),
]

study = "studies/<int:study_pk>/"
api_urlpatterns = [
    path(study + "suggestions/", api.SuggestionList.as_view(), name="api-suggestion-list"),
    path(
        study + "suggestions/accept-all/",
        api.SuggestionAcceptAll.as_view(),
        name="api-suggestion-accept-all",
    ),
    path(
        study + "suggestions/<int:suggestion_pk>/accept/",
        api.SuggestionAccept.as_view(),
        name="api-suggestion-accept",
    ),
    path(
        study + "suggestions/<int:suggestion_pk>/reject/",
        api.SuggestionReject.as_view(),
        name="api-suggestion-reject",
    ),
    path(
        study + "suggestion-settings/",
        api.SuggestionSettingsView.as_view(),
        name="api-suggestion-settings",
    ),
    path(
        study + "suggestion-jobs/",
        api.SuggestionJobList.as_view(),
        name="api-suggestion-jobs",
    ),
    path(
        study + "suggestion-jobs/<int:job_pk>/",
        api.SuggestionJobDetail.as_view(),
        name="api-suggestion-job",
    ),
    path(
        study + "suggestion-models/",
        api.SuggestionModelList.as_view(),
        name="api-suggestion-models",
    ),
    path(
        study + "suggestion-evaluation/",
        api.SuggestionEvaluation.as_view(),
        name="api-suggestion-evaluation",
    ),
]
