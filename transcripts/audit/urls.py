from django.urls import path

from transcripts.audit import api, views

study = "studies/<int:study_pk>/"
urlpatterns = [
    path(study + "audit/", views.audit_trail, name="audit"),
    path(study + "audit.csv", views.audit_export, name="audit-export"),
]

api_urlpatterns = [
    path(study + "audit/", api.AuditList.as_view(), name="api-audit-list"),
]
