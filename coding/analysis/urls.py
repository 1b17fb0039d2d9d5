from django.urls import path

from coding.analysis import api

urlpatterns: list = []

study = "studies/<int:study_pk>/"
api_urlpatterns = [
    path(
        study + "analysis/frequencies/", api.Frequencies.as_view(), name="api-analysis-frequencies"
    ),
    path(
        study + "analysis/settings/",
        api.AnalysisSettingsView.as_view(),
        name="api-analysis-settings",
    ),
]
