from django.urls import path

from coding.agreement import api
from coding.agreement.views import agreement_page, export_agreement

urlpatterns = [
    path("studies/<int:study_pk>/agreement/", agreement_page, name="agreement"),
    path(
        "studies/<int:study_pk>/agreement/export.<str:fmt>",
        export_agreement,
        name="agreement-export",
    ),
]

study = "studies/<int:study_pk>/"
api_urlpatterns = [
    path(study + "agreement/", api.Agreement.as_view(), name="api-agreement"),
    path(
        study + "agreement/confusion/",
        api.Confusion.as_view(),
        name="api-agreement-confusion",
    ),
]
