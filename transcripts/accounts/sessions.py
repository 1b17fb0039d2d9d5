"""Idle timeout: a session ends SESSION_COOKIE_AGE after its last request.

Django renews a session's expiry by saving it on every request (SESSION_SAVE_EVERY_REQUEST):
one write per request, on the paths we keep fast. Instead the store remembers the expiry it
read, and the middleware renews it once it has run down by RENEW_AFTER: at most one write per
session every few minutes, and a session idles out between AGE - RENEW_AFTER and AGE after
its last request."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone

RENEW_AFTER = timedelta(minutes=5)


class SessionStore(db.SessionStore):
    """Database sessions that remember the expiry they were loaded with."""

    loaded_expiry = None

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        self.loaded_expiry = session.expire_date if session else None
        return session


def needs_renewal(expiry) -> bool:
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return expiry - timezone.now() < age - min(RENEW_AFTER, age / 2)


class IdleTimeoutMiddleware:
    """Marks a loaded session for saving (new expiry, new cookie) once it has run down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        expiry = getattr(session, "loaded_expiry", None)
        if expiry is not None and session.session_key and needs_renewal(expiry):
            session.modified = True
        return response
