"""Start-up checks for serving the app (WSGI/ASGI), which management commands do not need."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured("Set SECRET_KEY to serve QualCode (or DEBUG=1 for a local run).")
