from django.urls import path

from coding.principles import api, views

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
]

api_urlpatterns = [
    path(study + "principles/", api.PrincipleList.as_view(), name="api-principle-list"),
    path(
        study + "principles/<int:principle_pk>/",
        api.PrincipleDetail.as_view(),
        name="api-principle-detail",
    ),
    path(study + "core-category/", api.CoreCategoryDetail.as_view(), name="api-core-category"),
]
