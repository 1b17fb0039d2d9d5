from django.urls import path

from coding.studies import api, views

urlpatterns = [
    path("", views.study_list, name="study-list"),
]

api_urlpatterns = [
    path("studies/", api.StudyList.as_view(), name="api-study-list"),
]
