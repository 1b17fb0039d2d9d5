"""Root routes: admin, login, the API's schema and docs, then each app's pages and API routes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
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


@csrf_exempt
def api_not_found(request, *args, **kwargs) -> JsonResponse:
    """Any other /api/v1/ path (an id that is not a number, say): 404 in the API's shape rather
    than Django's HTML page. Paths without the final slash still get APPEND_SLASH's redirect."""
    return JsonResponse({"detail": "Not found."}, status=404)


api_v1 = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    *transcripts.api_urlpatterns,
    *coding.api_urlpatterns,
    re_path(r"^(?:[\s\S]*/)?$", api_not_found),  # [\s\S]: ids with a line break too
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
