from django.urls import path

from coding.codebook import api
from coding.codebook.views import (
    cluster_create,
    cluster_delete,
    cluster_move,
    cluster_update,
    code_create,
    code_delete,
    code_move,
    code_rename,
    code_split,
    code_update,
    codebook_history,
    codebook_page,
    codes_merge,
)

codebook_url = "studies/<int:study_pk>/codebook/"
urlpatterns = [
    path(codebook_url, codebook_page, name="codebook"),
    path(codebook_url + "clusters/", cluster_create, name="codebook-cluster-create"),
    path(
        codebook_url + "clusters/<int:cluster_pk>/",
        cluster_update,
        name="codebook-cluster-update",
    ),
    path(
        codebook_url + "clusters/<int:cluster_pk>/delete/",
        cluster_delete,
        name="codebook-cluster-delete",
    ),
    path(
        codebook_url + "clusters/<int:cluster_pk>/move/",
        cluster_move,
        name="codebook-cluster-move",
    ),
    path(codebook_url + "codes/", code_create, name="codebook-code-create"),
    path(codebook_url + "codes/merge/", codes_merge, name="codebook-merge"),
    path(codebook_url + "codes/delete/", code_delete, name="codebook-code-delete"),
    path(codebook_url + "codes/<int:code_pk>/", code_update, name="codebook-code-update"),
    path(codebook_url + "codes/<int:code_pk>/rename/", code_rename, name="codebook-code-rename"),
    path(codebook_url + "codes/<int:code_pk>/move/", code_move, name="codebook-code-move"),
    path(codebook_url + "codes/<int:code_pk>/split/", code_split, name="code-split"),
    path(codebook_url + "history/", codebook_history, name="codebook-history"),
]

study = "studies/<int:study_pk>/"
api_urlpatterns = [
    path(study + "clusters/", api.ClusterList.as_view(), name="api-cluster-list"),
    path(
        study + "clusters/<int:cluster_pk>/",
        api.ClusterDetail.as_view(),
        name="api-cluster-detail",
    ),
    path(study + "codes/", api.CodeList.as_view(), name="api-code-list"),
    path(study + "codes/merge/", api.CodeMerge.as_view(), name="api-code-merge"),
    path(study + "codes/<int:code_pk>/", api.CodeDetail.as_view(), name="api-code-detail"),
    path(study + "codes/<int:code_pk>/split/", api.CodeSplit.as_view(), name="api-code-split"),
    path(
        study + "codebook-history/",
        api.CodebookHistory.as_view(),
        name="api-codebook-history",
    ),
    path(
        study + "codebook-history/<int:event_pk>/recheck/",
        api.CodebookRecheck.as_view(),
        name="api-codebook-recheck",
    ),
]
