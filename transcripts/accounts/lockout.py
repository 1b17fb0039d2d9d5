"""Login lockout (django-axes) plumbing: who is asking, and the answer once locked out.

Failures count per username and per client address (settings: AXES_*). Behind the TLS proxy
every request comes from the proxy's address, so for a request from a trusted proxy the client
is the last address in X-Forwarded-For: the one that proxy appended. Addresses a client put
in front of it are ignored, so nobody spreads attempts over made-up addresses."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from transcripts.errors import error_body


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and remote in settings.QUALCODE_TRUSTED_PROXIES:
        return forwarded.split(",")[-1].strip() or remote
    return remote


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """429: the one error shape on the API, the login form with the reason on the page."""
    wait = settings.AXES_COOLOFF_TIME.total_seconds()
    reason = f"Too many failed logins: try again in {max(1, round(wait / 60))} minutes."
    match = request.resolver_match
    if match is not None and (match.url_name or "").startswith("api-"):
        response = JsonResponse(error_body([{"field": "", "reason": reason}]), status=429)
    else:
        context = {"form": AuthenticationForm(request), "lockout": reason}
        response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(int(wait))
    return response
