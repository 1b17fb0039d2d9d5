from django.urls import path

from coding.memos import views

study = "studies/<int:study_pk>/"
urlpatterns = [
    path(study + "memos/", views.memos_page, name="memos"),
    path(study + "memos/new/", views.memo_write, name="memo-write"),
    path(study + "memos/<int:memo_pk>/", views.memo_edit, name="memo-edit"),
    path(study + "memos/<int:memo_pk>/delete/", views.memo_delete, name="memo-delete"),
]
api_urlpatterns: list = []  # the memo API is coding/codings' (/api/v1/studies/{id}/memos/)
