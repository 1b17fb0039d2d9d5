"""Root routes: admin, the API's schema and docs, then each app's pages and API routes
(accounts first: login, logout, password change and the token endpoint)."""

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from coding import urls as coding
from transcripts import urls as transcripts
from transcripts.accounts import urls as accounts


@csrf_exempt
def api_not_found(request, *args, **kwargs) -> JsonResponse:
    """Any other /api/v1/ path (an id that is not a number, say): 404 in the API's shape rather
    than Django's HTML page. Paths without the final slash still get APPEND_SLASH's redirect."""
    return JsonResponse({"detail": "Not found."}, status=404)


api_v1 = [
    *accounts.api_urlpatterns,
    *transcripts.api_urlpatterns,
    *coding.api_urlpatterns,
    re_path(r"^(?:[\s\S]*/)?$", api_not_found),  # [\s\S]: ids with a line break too
]

# The split view serves Swagger UI's start-up script as a file: no inline script under the CSP.
api_docs = SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api_docs.html")


def favicon(request) -> HttpResponsePermanentRedirect:
    """Browsers and feed readers ask for /favicon.ico whatever the page's <link> says. The
    hashed name is looked up per request: the manifest exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("qualcode/favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
    *accounts.urlpatterns,
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("", include(transcripts.urlpatterns)),
    path("", include(coding.urlpatterns)),
]
