from django.urls import path

from transcripts.invitations import api, views

study = "studies/<int:study_pk>/"
urlpatterns = [
    path("invitations/", views.my_invitations, name="my-invitations"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("invitations/<str:token>/accept/", views.accept, name="invitation-accept"),
    path("invitations/<str:token>/decline/", views.decline, name="invitation-decline"),
    path(
        study + "invitations/<int:invitation_pk>/revoke/",
        views.revoke,
        name="invitation-revoke",
    ),
]

api_urlpatterns = [
    path("invitations/", api.MyInvitationList.as_view(), name="api-my-invitations"),
    path(
        "invitations/<str:token>/accept/",
        api.InvitationAccept.as_view(),
        name="api-invitation-accept",
    ),
    path(
        "invitations/<str:token>/decline/",
        api.InvitationDecline.as_view(),
        name="api-invitation-decline",
    ),
    path(
        study + "invitations/",
        api.StudyInvitationList.as_view(),
        name="api-study-invitations",
    ),
    path(
        study + "invitations/<int:invitation_pk>/",
        api.StudyInvitationDetail.as_view(),
        name="api-study-invitation-detail",
    ),
]
