from django.urls import path

from coding.search import api, views

urlpatterns = [
    path("studies/<int:study_pk>/search/", views.search, name="search"),
    path("studies/<int:study_pk>/search/code/", views.code_hits, name="search-code"),
]

study = "studies/<int:study_pk>/"
api_urlpatterns = [
    path(study + "search/", api.Search.as_view(), name="api-search"),
    path(study + "search/code/", api.CodeHits.as_view(), name="api-search-code"),
]
