"""The auditor: named by an owner (viewers only), reads everything, comments on codes,
clusters, decisions and principles; owners read the open comments and resolve them; coders
and outsiders are refused. API and page."""

import pytest
from django.test import Client
from django.urls import reverse

from coding.models import AuditComment, Auditor, Principle, ReconciliationDecision
from tests.coding.conftest import code_it


def url(world, name, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


@pytest.fixture
def audited(world, book, interview):
    """The viewer named auditor, a principle and a decision to comment on."""
    response = world.client("owner").post(
        url(world, "api-auditors"), {"username": world.users["viewer"].username}, format="json"
    )
    assert response.status_code == 201, response.json()
    principle = Principle.objects.create(
        study=world.study, statement="P", author=world.users["owner"]
    )
    decision = ReconciliationDecision.objects.create(
        study=world.study,
        transcript=interview,
        start=0,
        end=5,
        kind="missing",
        versions=[],
        outcome="accept_none",
    )
    return {"principle": principle, "decision": decision}


def comment(world, persona, target, target_id, text="Definition overlaps another code."):
    body = {"target": target, "target_id": target_id, "text": text}
    return world.client(persona).post(url(world, "api-auditor-comments"), body, format="json")


def test_auditor_comments_on_each_kind_and_owner_resolves(world, book, audited):
    made = [
        comment(world, "viewer", "code", book.trust.pk),
        comment(world, "viewer", "cluster", book.environment.pk),
        comment(world, "viewer", "decision", audited["decision"].pk),
        comment(world, "viewer", "principle", audited["principle"].pk),
    ]
    assert [r.status_code for r in made] == [201] * 4
    assert [r.json()["target_label"] for r in made] == [
        "code “Trust after disclosure”",
        "cluster “Environment”",
        f"decision {audited['decision'].pk} (accept none)",
        "principle “P”",
    ]
    open_ = world.client("owner").get(url(world, "api-auditor-comments") + "?status=open").json()
    assert [c["id"] for c in open_] == [r.json()["id"] for r in made]
    first = made[0].json()["id"]
    assert (
        world.client("viewer").post(url(world, "api-auditor-resolve", comment_pk=first)).status_code
        == 403
    )
    resolved = (
        world.client("owner").post(url(world, "api-auditor-resolve", comment_pk=first)).json()
    )
    assert resolved["resolved_by"] == world.users["owner"].username
    assert (
        len(world.client("viewer").get(url(world, "api-auditor-comments") + "?status=open").json())
        == 3
    )
    assert [
        c["id"]
        for c in world.client("owner")
        .get(url(world, "api-auditor-comments") + "?status=resolved")
        .json()
    ] == [first]


def test_refusals(world, book, audited):
    assert comment(world, "owner", "code", book.trust.pk).status_code == 403  # not the auditor
    assert comment(world, "coder", "code", book.trust.pk).status_code == 403
    assert world.client("coder").get(url(world, "api-auditor-comments")).status_code == 403
    assert world.client("outsider").get(url(world, "api-auditor-comments")).status_code == 404
    bad = comment(world, "viewer", "code", 999_999)
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "target_id"
    assert comment(world, "viewer", "memo", 1).status_code == 400
    assert comment(world, "viewer", "code", book.trust.pk, text="  ").status_code == 400
    assert (
        world.client("owner").get(url(world, "api-auditor-comments") + "?status=x").status_code
        == 400
    )
    coder_named = world.client("owner").post(
        url(world, "api-auditors"), {"username": world.users["coder"].username}, format="json"
    )
    assert coder_named.status_code == 400 and coder_named.json()["errors"][0]["field"] == "username"
    assert (
        world.client("coder")
        .post(
            url(world, "api-auditors"), {"username": world.users["viewer"].username}, format="json"
        )
        .status_code
        == 403
    )
    assert AuditComment.objects.count() == 0


def test_unnamed_auditor_can_no_longer_comment(world, book, audited):
    auditor = Auditor.objects.get()
    assert (
        world.client("owner")
        .delete(url(world, "api-auditor-detail", auditor_pk=auditor.pk))
        .status_code
        == 204
    )
    assert comment(world, "viewer", "code", book.trust.pk).status_code == 403


def test_auditor_reads_everything_in_the_blind_phase(world, book, interview, audited):
    code_it(world, "coder", interview, book.understood, "She understood me.")
    code_it(world, "owner", interview, book.safe, "The room was calm")
    listed = (
        world.client("viewer")
        .get(url(world, "api-coding-list") + f"?transcript={interview.pk}")
        .json()
    )
    assert len(listed) == 2  # the auditor is a viewer: never blind


def test_page(world, book, audited):
    auditor = world.login(Client(), "viewer")
    page = auditor.get(reverse("auditor", args=[world.study.pk]))
    assert page.status_code == 200 and page.context["auditing"]
    auditor.post(
        reverse("auditor-comment", args=[world.study.pk]),
        {"target": "code", "code_id": book.trust.pk, "text": "Too broad"},
    )
    owner = world.login(Client(), "owner")
    shown = owner.get(reverse("auditor", args=[world.study.pk])).content.decode()
    assert "on code “Trust after disclosure”" in shown and "Too broad" in shown
    pk = AuditComment.objects.get().pk
    owner.post(reverse("auditor-resolve", args=[world.study.pk, pk]))
    assert AuditComment.objects.get().resolved_at is not None
    assert (
        world.login(Client(), "coder").get(reverse("auditor", args=[world.study.pk])).status_code
        == 403
    )
    assert (
        world.login(Client(), "outsider").get(reverse("auditor", args=[world.study.pk])).status_code
        == 404
    )
