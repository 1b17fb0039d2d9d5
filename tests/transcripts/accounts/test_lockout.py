"""Login lockout (django-axes): wrong passwords on the login page and the token endpoint count
alike; at the limit the answer is 429, and then even the right password is refused."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from transcripts.accounts.lockout import client_ip

LIMIT = 4  # a small limit keeps these tests fast; production reads QUALCODE_LOGIN_FAILURE_LIMIT


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True  # off for the rest of the suite (tests/conftest.py)
    settings.AXES_FAILURE_LIMIT = LIMIT


def login_form(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def token(client, username, password, **extra):
    return client.post(reverse("api-token"), {"username": username, "password": password}, **extra)


def test_the_login_page_locks_a_username_out(world, lockout, client):
    name = world.users["coder"].username
    for _ in range(LIMIT - 1):
        response = login_form(client, name, "wrong")
        assert response.status_code == 200  # the form again, with its error
        assert "_auth_user_id" not in client.session
    locked = login_form(client, name, "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60
    right = login_form(client, name, "pw-for-tests-1")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_token_endpoint_locks_a_username_out(world, lockout):
    api = APIClient()
    name = world.users["viewer"].username
    for _ in range(LIMIT - 1):
        response = token(api, name, "wrong")
        assert response.status_code == 400
        assert response.json()["detail"].startswith("Unable to log in")
    locked = token(api, name, "wrong")
    assert locked.status_code == 429
    assert locked.json()["detail"].startswith("Too many failed logins")
    assert token(api, name, "pw-for-tests-1").status_code == 429


def test_failures_on_both_doors_add_up(world, lockout, client):
    name = world.users["owner"].username
    for attempt in range(LIMIT - 1):
        door = login_form if attempt % 2 else token
        door(APIClient() if door is token else client, name, "wrong")
    assert token(APIClient(), name, "wrong").status_code == 429
    assert login_form(client, name, "pw-for-tests-1").status_code == 429


def test_one_address_trying_many_usernames_is_locked_out(world, lockout, client):
    spray = {"REMOTE_ADDR": "203.0.113.7"}
    for i in range(LIMIT - 1):
        assert login_form(client, f"guess-{i}", "Summer2026!", **spray).status_code == 200
    assert login_form(client, "guess-last", "Summer2026!", **spray).status_code == 429
    owner = world.users["owner"].username
    assert login_form(client, owner, "pw-for-tests-1", **spray).status_code == 429
    # Someone else, from another address, is not affected.
    elsewhere = login_form(client, owner, "pw-for-tests-1", REMOTE_ADDR="198.51.100.2")
    assert elsewhere.status_code == 302


def test_a_right_password_before_the_limit_resets_the_count(world, lockout, client):
    name = world.users["coder"].username
    for _ in range(LIMIT - 1):
        login_form(client, name, "wrong")
    assert login_form(client, name, "pw-for-tests-1").status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert login_form(client, name, "wrong").status_code == 200


def test_the_suite_runs_without_lockout(world, client):
    """Everywhere else the suite logs in freely (AXES_ENABLED is off in tests/conftest.py)."""
    name = world.users["coder"].username
    for _ in range(LIMIT + 2):
        login_form(client, name, "wrong")
    assert login_form(client, name, "pw-for-tests-1").status_code == 302


@pytest.mark.parametrize(
    "remote,forwarded,expected",
    [
        ("127.0.0.1", "10.9.8.7", "10.9.8.7"),  # from our proxy: the address it appended
        ("127.0.0.1", "6.6.6.6, 10.9.8.7", "10.9.8.7"),  # a client's own prefix is ignored
        ("198.51.100.2", "6.6.6.6", "198.51.100.2"),  # not from a trusted proxy: its address
        ("127.0.0.1", "", "127.0.0.1"),  # no proxy in front (make serve on plain HTTP)
    ],
)
def test_client_address_behind_the_proxy(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
