from django.urls import path

from coding.principles import api, summary_views, views

study = "studies/<int:study_pk>/"
urlpatterns = [
    path(study + "principles/", views.principles_page, name="principles"),
    path(study + "principles/new/", views.principle_create, name="principle-create"),
    path(
        study + "principles/<int:principle_pk>/",
        views.principle_update,
        name="principle-update",
    ),
    path(
        study + "principles/<int:principle_pk>/delete/",
        views.principle_delete,
        name="principle-delete",
    ),
    path(study + "core-category/", views.core_category_set, name="core-category-set"),
    path(study + "summary/", summary_views.summary_page, name="summary"),
    path(
        study + "summary/download/<str:fmt>/",
        summary_views.summary_download,
        name="summary-download",
    ),
    path(study + "summary/pseudonyms/", summary_views.pseudonym_add, name="pseudonym-add"),
    path(
        study + "summary/pseudonyms/<int:pseudonym_pk>/delete/",
        summary_views.pseudonym_delete,
        name="pseudonym-delete",
    ),
]

api_urlpatterns = [
    path(study + "principles/", api.PrincipleList.as_view(), name="api-principle-list"),
    path(
        study + "principles/<int:principle_pk>/",
        api.PrincipleDetail.as_view(),
        name="api-principle-detail",
    ),
    path(study + "core-category/", api.CoreCategoryDetail.as_view(), name="api-core-category"),
    path(study + "summary/<str:fmt>/", api.SummaryDownload.as_view(), name="api-summary"),
]
