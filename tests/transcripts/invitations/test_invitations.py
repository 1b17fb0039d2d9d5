"""Invitations: an owner's add invites (nobody joins silently), the invitee accepts or
declines on a page or through the API, owners see and revoke pending ones, invitations expire,
and each step is in the audit trail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PERSONAS, make_user
from transcripts.audit.models import AuditEvent
from transcripts.models import Invitation, Membership


@pytest.fixture
def newcomer(db):
    user = make_user("newcomer")
    user.email = "newcomer@example.org"
    user.save()
    return user


def invite(world, username="newcomer", role="coder", persona="owner"):
    url = reverse("api-member-list", kwargs={"study_pk": world.study.pk})
    return world.client(persona).post(url, {"username": username, "role": role}, format="json")


def as_user(user):
    from tests.schema_check import SchemaCheckingClient

    client = SchemaCheckingClient()
    client.force_authenticate(user)
    return client


def test_adding_a_user_invites_them_and_emails_the_link(
    world, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(world)
    assert response.status_code == 202
    body = response.json()
    invitation = Invitation.objects.get()
    assert (body["username"], body["role"], body["status"], body["invited_by"]) == (
        "newcomer",
        "coder",
        "pending",
        world.users["owner"].username,
    )
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    assert not Membership.objects.filter(user=newcomer).exists()
    [email] = mail.outbox
    assert email.to == ["newcomer@example.org"]
    assert email.subject == "Invitation to the study “Helpful moments” on QualCode"
    assert f"http://testserver/invitations/{invitation.token}/" in email.body
    event = AuditEvent.objects.get(kind="member")
    assert (event.action, event.object_type, event.after) == (
        "invited",
        "invitation",
        {"user": newcomer.pk, "role": "coder"},
    )


def test_a_member_role_changes_at_once(world):
    response = invite(world, username=world.users["viewer"].username, role="coder")
    assert response.status_code == 200 and response.json()["role"] == "coder"
    assert not Invitation.objects.exists()


def test_a_site_administrator_enrols_at_once(world, newcomer):
    owner = world.users["owner"]
    owner.is_superuser = True
    owner.save(update_fields=["is_superuser"])
    response = invite(world)
    assert response.status_code == 200 and response.json()["role"] == "coder"
    assert Membership.objects.get(user=newcomer, study=world.study).role == "coder"
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.get(kind="member").action == "added"


@pytest.mark.parametrize(
    "username,role,field",
    [("nobody", "coder", "username"), ("newcomer", "admin", "role")],
)
def test_bad_invitations(world, newcomer, username, role, field):
    response = invite(world, username=username, role=role)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == field
    assert not Invitation.objects.exists()


def test_accepting_through_the_api_makes_the_member(world, newcomer):
    token = invite(world, role="viewer").json()["token"]
    mine = as_user(newcomer).get(reverse("api-my-invitations")).json()
    assert [(i["study_title"], i["role"]) for i in mine] == [("Helpful moments", "viewer")]
    # Nobody else can answer it, not even an owner of the study.
    accept = reverse("api-invitation-accept", kwargs={"token": token})
    assert world.client("owner").post(accept).status_code == 404
    answer = as_user(newcomer).post(accept)
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    membership = Membership.objects.get(study=world.study, user=newcomer)
    assert (membership.role, membership.added_by) == ("viewer", world.users["owner"])
    assert as_user(newcomer).post(accept).status_code == 404  # answered once
    study = reverse("api-study-detail", kwargs={"study_pk": world.study.pk})
    assert as_user(newcomer).get(study).status_code == 200
    actions = list(
        AuditEvent.objects.filter(kind="member").order_by("id").values_list("action", "actor")
    )
    assert actions == [
        ("invited", world.users["owner"].pk),
        ("added", world.users["owner"].pk),
        ("accepted", newcomer.pk),
    ]


def test_declining_changes_nothing_in_the_study(world, newcomer):
    token = invite(world).json()["token"]
    decline = reverse("api-invitation-decline", kwargs={"token": token})
    assert as_user(newcomer).post(decline).json()["status"] == "declined"
    assert not Membership.objects.filter(user=newcomer).exists()
    study = reverse("api-study-detail", kwargs={"study_pk": world.study.pk})
    assert as_user(newcomer).get(study).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_owners_list_and_revoke_pending_invitations(world, newcomer, persona):
    invitation_id = invite(world).json()["id"]
    url = reverse("api-study-invitations", kwargs={"study_pk": world.study.pk})
    listing = world.client(persona).get(url)
    expected = {"owner": 200, "outsider": 404}.get(persona, 403)
    assert listing.status_code == expected
    detail = reverse(
        "api-study-invitation-detail",
        kwargs={"study_pk": world.study.pk, "invitation_pk": invitation_id},
    )
    revoked = world.client(persona).delete(detail)
    assert revoked.status_code == (204 if persona == "owner" else expected)
    if persona == "owner":
        assert [i["username"] for i in listing.json()] == ["newcomer"]
        assert Invitation.objects.get().status == "revoked"
        assert as_user(newcomer).get(reverse("api-my-invitations")).json() == []


def test_inviting_again_replaces_the_waiting_invitation(world, newcomer):
    first = invite(world).json()
    second = invite(world, role="viewer").json()
    assert first["token"] != second["token"]
    statuses = dict(Invitation.objects.values_list("token", "status"))
    assert statuses == {first["token"]: "revoked", second["token"]: "pending"}


def test_an_expired_invitation_cannot_be_accepted(world, newcomer):
    token = invite(world).json()["token"]
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    accept = reverse("api-invitation-accept", kwargs={"token": token})
    assert as_user(newcomer).post(accept).status_code == 404
    assert as_user(newcomer).get(reverse("api-my-invitations")).json() == []


def test_the_pages(world, newcomer, client):
    world.login(client, "owner")
    client.post(
        reverse("member-add", args=[world.study.pk]), {"username": "newcomer", "role": "coder"}
    )
    invitation = Invitation.objects.get()
    study_page = client.get(reverse("study-detail", args=[world.study.pk]))
    assert list(study_page.context["invitations"]) == [invitation]
    assert reverse("invitation-revoke", args=[world.study.pk, invitation.pk]) in (
        study_page.content.decode()
    )
    client.force_login(newcomer)
    page = client.get(reverse("my-invitations"))
    assert list(page.context["invitations"]) == [invitation]
    assert client.get(reverse("invitation", args=[invitation.token])).status_code == 200
    done = client.post(reverse("invitation-accept", args=[invitation.token]), follow=True)
    assert done.redirect_chain == [(reverse("study-detail", args=[world.study.pk]), 302)]
    assert [str(m) for m in done.context["messages"]] == ["Welcome to “Helpful moments” as coder."]
    assert client.get(reverse("invitation", args=[invitation.token])).status_code == 404
    # Another user's link leads nowhere.
    other = make_user("other")
    client.force_login(other)
    invite(world, username="other")
    token = Invitation.objects.get(user=other).token
    client.force_login(newcomer)
    assert client.get(reverse("invitation", args=[token])).status_code == 404


def test_my_invitations_in_a_constant_number_of_queries(
    world, newcomer, client, django_assert_max_num_queries
):
    from tests.conftest import make_world

    for n in range(3):
        invite(make_world(f"{n} other study"), username="newcomer")
    client.force_login(newcomer)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("my-invitations"))
    assert len(page.context["invitations"]) == 3
