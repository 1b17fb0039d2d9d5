"""Root routes: admin, login, the API's schema and docs, then each app's pages and API routes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken

from coding import urls as coding
from transcripts import urls as transcripts
from transcripts.serializers import ErrorOut


@extend_schema_view(post=extend_schema(responses={200: AuthTokenSerializer, 400: ErrorOut}))
class ObtainToken(ObtainAuthToken):
    """DRF's token view, with its refusal documented: wrong credentials answer 400 in our
    error shape (transcripts/errors.py)."""


api_v1 = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
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
