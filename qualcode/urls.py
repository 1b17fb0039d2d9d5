"""Root routes: admin, login, the API's schema and docs, then each app's pages and API routes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from coding import urls as coding
from transcripts import urls as transcripts

api_v1 = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    *transcripts.api_urlpatterns,
    *coding.api_urlpatterns,
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(transcripts.urlpatterns)),
    path("", include(coding.urlpatterns)),
]
