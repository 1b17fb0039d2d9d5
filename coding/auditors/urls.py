from django.urls import path

from coding.auditors import api, views

study = "studies/<int:study_pk>/"
urlpatterns = [
    path(study + "auditing/", views.audit_page, name="auditor"),
    path(study + "auditing/comments/", views.audit_comment, name="auditor-comment"),
    path(
        study + "auditing/comments/<int:comment_pk>/resolve/",
        views.audit_resolve,
        name="auditor-resolve",
    ),
    path(study + "auditing/auditors/", views.auditor_name, name="auditor-name"),
    path(
        study + "auditing/auditors/<int:auditor_pk>/delete/",
        views.auditor_unname,
        name="auditor-unname",
    ),
]

api_urlpatterns = [
    path(study + "auditing/comments/", api.AuditCommentList.as_view(), name="api-auditor-comments"),
    path(
        study + "auditing/comments/<int:comment_pk>/resolve/",
        api.AuditCommentResolve.as_view(),
        name="api-auditor-resolve",
    ),
    path(study + "auditing/auditors/", api.AuditorList.as_view(), name="api-auditors"),
    path(
        study + "auditing/auditors/<int:auditor_pk>/",
        api.AuditorDetail.as_view(),
        name="api-auditor-detail",
    ),
]
