"""The password change page: linked from every page, keeps the session, revokes the token."""

from django.urls import reverse
from rest_framework.authtoken.models import Token

from transcripts.accounts import tokens


def test_every_page_links_to_the_password_change(world, client):
    world.login(client, "viewer")
    page = client.get(reverse("study-list")).content.decode()
    assert f'href="{reverse("password-change")}"' in page


def test_changing_the_password_keeps_the_session_and_revokes_the_token(world, client):
    user = world.users["coder"]
    key = tokens.issue_token(user=user).key
    world.login(client, "coder")
    form = client.get(reverse("password-change"))
    assert form.status_code == 200 and 'name="new_password2"' in form.content.decode()
    response = client.post(
        reverse("password-change"),
        {
            "old_password": "pw-for-tests-1",
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password-change-done")
    assert client.get(reverse("study-list")).status_code == 200  # still logged in
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")
    assert not Token.objects.filter(key=key).exists()


def test_a_wrong_old_password_changes_nothing(world, client):
    world.login(client, "coder")
    response = client.post(
        reverse("password-change"),
        {
            "old_password": "nope",
            "new_password1": "x-long-enough-1",
            "new_password2": "x-long-enough-1",
        },
    )
    assert response.status_code == 200
    world.users["coder"].refresh_from_db()
    assert world.users["coder"].check_password("pw-for-tests-1")
