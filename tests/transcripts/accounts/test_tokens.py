"""API tokens expire QUALCODE_TOKEN_TTL_HOURS after they were issued, and logging out (or a
password change, or DELETE on the token endpoint) revokes them."""

from datetime import timedelta

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from transcripts.accounts import tokens


def studies_with(key: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(reverse("api-study-list"))


def obtain(user) -> dict:
    response = APIClient().post(
        reverse("api-token"), {"username": user.username, "password": "pw-for-tests-1"}
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_a_token_says_when_it_expires_and_is_reused_until_then(world, settings):
    first = obtain(world.users["coder"])
    token = Token.objects.get(key=first["token"])
    assert first["expires"].startswith((token.created + timedelta(days=14)).isoformat()[:16])
    assert obtain(world.users["coder"])["token"] == first["token"]
    assert studies_with(first["token"]).status_code == 200


def test_an_expired_token_is_refused_and_deleted(world, settings):
    settings.QUALCODE_TOKEN_TTL_HOURS = 2
    key = obtain(world.users["coder"])["token"]
    Token.objects.filter(key=key).update(
        created=Token.objects.get(key=key).created - timedelta(hours=2)
    )
    response = studies_with(key)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert not Token.objects.filter(key=key).exists()


def test_asking_again_after_expiry_gives_a_new_token(world, settings):
    key = obtain(world.users["coder"])["token"]
    lifetime = timedelta(hours=settings.QUALCODE_TOKEN_TTL_HOURS)
    Token.objects.filter(key=key).update(created=Token.objects.get(key=key).created - lifetime)
    fresh = obtain(world.users["coder"])["token"]
    assert fresh != key
    assert studies_with(fresh).status_code == 200


def test_logging_out_revokes_the_token(world, client):
    user = world.users["coder"]
    key = tokens.issue_token(user=user).key
    other = tokens.issue_token(user=world.users["owner"]).key
    client.force_login(user)
    assert client.post(reverse("logout")).status_code == 302
    assert studies_with(key).status_code == 401
    assert studies_with(other).status_code == 200  # only the user's own


def test_delete_on_the_token_endpoint_revokes_it(world):
    key = obtain(world.users["viewer"])["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete(reverse("api-token")).status_code == 204
    assert studies_with(key).status_code == 401
    assert APIClient().delete(reverse("api-token")).status_code == 401


def test_wrong_or_missing_credentials_answer_in_the_error_shape(world):
    api = APIClient()
    wrong = api.post(reverse("api-token"), {"username": "nobody", "password": "x"}).json()
    assert wrong["errors"] == [
        {"field": "", "reason": "Unable to log in with the given username and password."}
    ]
    missing = api.post(reverse("api-token"), {"username": "nobody"})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "password"
