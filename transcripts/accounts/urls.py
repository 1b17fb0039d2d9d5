from django.contrib.auth import views as auth_views
from django.urls import path

from transcripts.accounts import api, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
]

api_urlpatterns = [
    path("auth/token/", api.AuthToken.as_view(), name="api-token"),
]
