from django.urls import path

from coding.reconcile import api
from coding.reconcile.views import reconcile_decide, reconcile_page

urlpatterns = [
    path("studies/<int:study_pk>/reconcile/", reconcile_page, name="reconcile"),
    path("studies/<int:study_pk>/reconcile/decide/", reconcile_decide, name="reconcile-decide"),
]

study = "studies/<int:study_pk>/"
api_urlpatterns = [
    path(
        study + "transcripts/<int:transcript_pk>/disagreements/",
        api.Disagreements.as_view(),
        name="api-disagreements",
    ),
    path(study + "reconciliation/", api.Decisions.as_view(), name="api-decisions"),
]
