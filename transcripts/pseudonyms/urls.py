from django.urls import path

from transcripts.pseudonyms import api, views

base = "studies/<int:study_pk>/pseudonyms/"
urlpatterns = [
    path(base, views.pseudonyms, name="pseudonyms"),
    path(base + "known-names/", views.add_known_name, name="known-name-add"),
    path(
        base + "known-names/<int:name_pk>/remove/",
        views.remove_known_name,
        name="known-name-remove",
    ),
    path(base + "reviews/", views.start_review, name="pseudonym-review-start"),
    path(base + "reviews/<int:review_pk>/", views.review, name="pseudonym-review"),
    path(
        base + "reviews/<int:review_pk>/cancel/",
        views.cancel_review,
        name="pseudonym-review-cancel",
    ),
]

api_urlpatterns = [
    path(base, api.PseudonymMap.as_view(), name="api-pseudonym-map"),
    path(base + "known-names/", api.KnownNameList.as_view(), name="api-known-name-list"),
    path(
        base + "known-names/<int:name_pk>/",
        api.KnownNameDetail.as_view(),
        name="api-known-name-detail",
    ),
    path(base + "flags/", api.FlagNames.as_view(), name="api-pseudonym-flags"),
]
