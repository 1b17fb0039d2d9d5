from django.urls import path

from coding.exchange import api, views

study = "studies/<int:study_pk>/"
urlpatterns = [
    path(study + "exchange/", views.exchange_page, name="exchange"),
    path(study + "exchange/project.qdpx", views.project_download, name="exchange-project"),
    path(study + "exchange/codebook.qdc", views.codebook_download, name="exchange-codebook"),
    path(study + "exchange/import/", views.project_import, name="exchange-import-into"),
    path(study + "exchange/<str:what>.<str:fmt>", views.researcher_export, name="exchange-report"),
    path("exchange/import/", views.project_import, name="exchange-import"),
    path("exchange/jobs/<int:job_pk>/", views.job_status, name="exchange-job"),
]

api_urlpatterns = [
    path(study + "exchange/project/", api.ProjectExport.as_view(), name="api-exchange-project"),
    path(study + "exchange/codebook/", api.Codebook.as_view(), name="api-exchange-codebook"),
    path(
        study + "exchange/<str:what>/<str:fmt>/",
        api.ResearcherExport.as_view(),
        name="api-exchange-report",
    ),
    path("exchange/imports/", api.ProjectImport.as_view(), name="api-exchange-import"),
    path(
        "exchange/imports/<int:job_pk>/",
        api.ProjectImportJob.as_view(),
        name="api-exchange-import-job",
    ),
]
