from django.urls import path

from coding.audit import api, views

study = "studies/<int:study_pk>/"
urlpatterns = [
    path(study + "audit/", views.audit_page, name="audit"),
    path(study + "audit/comments/", views.audit_comment, name="audit-comment"),
    path(
        study + "audit/comments/<int:comment_pk>/resolve/",
        views.audit_resolve,
        name="audit-resolve",
    ),
    path(study + "audit/auditors/", views.auditor_name, name="auditor-name"),
    path(
        study + "audit/auditors/<int:auditor_pk>/delete/",
        views.auditor_unname,
        name="auditor-unname",
    ),
]

api_urlpatterns = [
    path(study + "audit/comments/", api.AuditCommentList.as_view(), name="api-audit-comments"),
    path(
        study + "audit/comments/<int:comment_pk>/resolve/",
        api.AuditCommentResolve.as_view(),
        name="api-audit-resolve",
    ),
    path(study + "audit/auditors/", api.AuditorList.as_view(), name="api-auditors"),
    path(
        study + "audit/auditors/<int:auditor_pk>/",
        api.AuditorDetail.as_view(),
        name="api-auditor-detail",
    ),
]
