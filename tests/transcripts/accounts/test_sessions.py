"""Idle timeout: a session lives SESSION_COOKIE_AGE after its last request, renewed by a
request once it has run down by a few minutes (one write then, none on the requests between)."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from transcripts.accounts.sessions import RENEW_AFTER


def expiry_of(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_idle_timeout_defaults_to_eight_hours(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_a_request_renews_a_session_that_has_run_down(world, client, settings):
    world.login(client, "coder")
    key = client.session.session_key
    stale = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE) - 2 * RENEW_AFTER
    Session.objects.filter(session_key=key).update(expire_date=stale)
    response = client.get(reverse("study-list"))
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    renewed = expiry_of(client)
    assert renewed - timezone.now() > timedelta(seconds=settings.SESSION_COOKIE_AGE) - RENEW_AFTER


def test_a_fresh_session_is_not_written_again(world, client):
    world.login(client, "coder")
    before = expiry_of(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("study-list"))
    assert "sessionid" not in response.cookies
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert expiry_of(client) == before


def test_an_idle_session_has_ended(world, client):
    world.login(client, "coder")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("study-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
