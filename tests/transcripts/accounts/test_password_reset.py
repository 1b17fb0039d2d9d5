"""Password reset by email with Django's views: linked from the login page, the same answer
whether or not the address has an account, a link that works once, and the API token revoked."""

import re

from django.core import mail
from django.urls import reverse
from rest_framework.authtoken.models import Token

from transcripts.accounts import tokens


def test_the_login_page_links_to_the_reset(client, db):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password-reset")}"' in page


def test_reset_by_email_sets_the_password_once_and_revokes_the_token(world, client):
    user = world.users["coder"]
    user.email = "coder@example.org"
    user.save()
    key = tokens.issue_token(user=user).key
    response = client.post(reverse("password-reset"), {"email": "coder@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password-reset-done")
    [email] = mail.outbox
    assert (email.to, email.subject) == (["coder@example.org"], "Reset your QualCode password")
    link = re.search(r"http://testserver(/password/reset/\S+/)", email.body).group(1)
    form = client.get(link, follow=True)  # Django moves the token out of the address first
    assert form.status_code == 200 and form.context["validlink"]
    chosen = {
        "new_password1": "a-fresh-long-passphrase",
        "new_password2": "a-fresh-long-passphrase",
    }
    done = client.post(form.redirect_chain[-1][0], chosen)
    assert done.status_code == 302 and done["Location"] == reverse("password-reset-complete")
    user.refresh_from_db()
    assert user.check_password("a-fresh-long-passphrase")
    assert not Token.objects.filter(key=key).exists()
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False  # used once


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db):
    response = client.post(reverse("password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password-reset-done")
    assert mail.outbox == []
