"""Codebook proposals: each kind proposed, discussed and accepted (applied through the codebook
services, the history naming the proposal), refusals with their field, roles, the blind phase,
and the page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coding.models import Code, CodebookEvent, CodebookProposal, CoreCategory
from tests.coding.conftest import code_it


def url(world, name="api-proposal-list", **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


def propose(world, persona, kind, change, reason="They describe the same experience.", segments=()):
    body = {"kind": kind, "change": change, "reason": reason, "segments": list(segments)}
    return world.client(persona).post(url(world), body, format="json")


def act(world, persona, name, proposal_id):
    return world.client(persona).post(url(world, name, proposal_pk=proposal_id), format="json")


def test_move_is_discussed_then_accepted_and_named_in_the_history(world, book, interview):
    seg = code_it(world, "coder", interview, book.safe, "The room was calm").json()["id"]
    made = propose(
        world,
        "coder",
        "move_code",
        {"code": book.safe.pk, "cluster": book.relationship.pk},
        segments=[seg],
    )
    assert made.status_code == 201, made.json()
    got = made.json()
    assert (got["summary"], got["status"], got["segments"]) == (
        "Move “Feeling safe” to “Relationship”",
        "open",
        [seg],
    )
    pk = got["id"]
    comments = url(world, "api-proposal-comments", proposal_pk=pk)
    world.client("coder").post(comments, {"stance": "agree"}, format="json")
    world.client("coder").post(
        comments, {"stance": "object", "text": "On reflection, no"}, format="json"
    )
    after = (
        world.client("owner")
        .post(comments, {"stance": "agree", "text": "Yes"}, format="json")
        .json()
    )
    assert after["tally"] == {"agree": 1, "object": 1}
    assert [c["stance"] for c in after["comments"]] == ["agree", "object", "agree"]
    assert act(world, "coder", "api-proposal-accept", pk).status_code == 403
    accepted = act(world, "owner", "api-proposal-accept", pk)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["decided_by"] == world.users["owner"].username
    assert Code.objects.get(pk=book.safe.pk).cluster_id == book.relationship.pk
    event = CodebookEvent.objects.get(action="move_code")
    assert event.details["proposal"] == pk
    assert event.reason == f"Proposal {pk}: They describe the same experience."
    assert act(world, "owner", "api-proposal-accept", pk).status_code == 400  # once only
    closed = world.client("coder").post(comments, {"stance": "agree"}, format="json")
    assert closed.status_code == 400


def test_merge_rename_and_core_category(world, book):
    merge = propose(
        world, "coder", "merge_codes", {"sources": [book.trust.pk], "target": book.understood.pk}
    ).json()
    rename = propose(
        world,
        "coder",
        "rename_cluster",
        {"cluster": book.environment.pk, "name": "Therapy environment"},
    ).json()
    core = propose(world, "coder", "core_category", {"statement": "Structure to reflect."}).json()
    assert merge["summary"] == "Merge “Trust after disclosure” into “Feeling understood”"
    assert rename["summary"] == "Rename “Environment” to “Therapy environment”"
    for made in (merge, rename, core):
        assert act(world, "owner", "api-proposal-accept", made["id"]).status_code == 200
    assert not Code.objects.filter(pk=book.trust.pk).exists()
    book.environment.refresh_from_db()
    assert book.environment.name == "Therapy environment"
    assert CoreCategory.objects.get(study=world.study).statement == "Structure to reflect."
    assert CodebookEvent.objects.get(action="merge_codes").details["proposal"] == merge["id"]


@pytest.mark.parametrize(
    "kind,change,reason,field",
    [
        ("move_code", {"code": 999_999, "cluster": None}, "why", "code"),
        ("merge_codes", {"sources": [], "target": 999_999}, "why", "target"),
        ("rename_cluster", {"cluster": None, "name": "X"}, "why", "cluster"),
        ("core_category", {"statement": "   "}, "why", "statement"),
        ("core_category", {"statement": "ok"}, "  ", "reason"),
        ("split_code", {}, "why", "kind"),
    ],
)
def test_bad_proposals_are_refused(world, book, kind, change, reason, field):
    response = propose(world, "coder", kind, change, reason=reason)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].split(".")[0] in (field, "change")
    assert CodebookProposal.objects.count() == 0


def test_merge_into_itself_and_a_code_gone_before_acceptance(world, book):
    itself = propose(
        world, "coder", "merge_codes", {"sources": [book.trust.pk], "target": book.trust.pk}
    )
    assert itself.json()["errors"][0] == {
        "field": "sources",
        "reason": "A code cannot be merged into itself.",
    }
    made = propose(
        world, "coder", "move_code", {"code": book.trust.pk, "cluster": book.environment.pk}
    ).json()
    Code.objects.filter(pk=book.trust.pk).delete()
    refused = act(world, "owner", "api-proposal-accept", made["id"])
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "code"
    assert CodebookProposal.objects.get().status == "open"


def test_roles_and_withdraw(world, book):
    assert propose(world, "viewer", "core_category", {"statement": "x"}).status_code == 403
    assert world.client("outsider").get(url(world)).status_code == 404
    made = propose(world, "coder", "core_category", {"statement": "x"}).json()
    assert act(world, "viewer", "api-proposal-withdraw", made["id"]).status_code == 403
    assert act(world, "owner", "api-proposal-withdraw", made["id"]).status_code == 403
    assert act(world, "coder", "api-proposal-reject", made["id"]).status_code == 403
    assert act(world, "coder", "api-proposal-withdraw", made["id"]).json()["status"] == "withdrawn"
    assert act(world, "owner", "api-proposal-reject", made["id"]).status_code == 400
    assert (
        world.client("viewer")
        .get(url(world, "api-proposal-detail", proposal_pk=made["id"]))
        .json()["status"]
        == "withdrawn"
    )


def test_blind_phase_segments(world, book, interview):
    mine = code_it(world, "owner", interview, book.safe, "The room was calm").json()["id"]
    refused = propose(world, "coder", "core_category", {"statement": "x"}, segments=[mine])
    assert refused.json()["errors"][0] == {
        "field": "segments",
        "reason": f"No such coding in this study: {mine}.",
    }
    made = propose(world, "owner", "core_category", {"statement": "x"}, segments=[mine]).json()
    assert made["segments"] == [mine]
    # The coder reads the proposal (the codebook is shared) but not the owner's coding.
    assert world.client("coder").get(url(world)).json()[0]["segments"] == []


def test_page_proposes_and_accepts(world, book, interview):
    from coding.models import Coding

    seg = code_it(world, "coder", interview, book.safe, "The room was calm").json()["id"]
    # Ids of two digits and more: a form field that reads one string would split "16" in two.
    Coding.objects.filter(pk=seg).update(id=seg + 1000)
    seg += 1000
    coder = world.login(Client(), "coder")
    page = coder.get(reverse("proposals", args=[world.study.pk]) + f"?code={book.safe.pk}")
    assert [s["id"] for s in page.context["segments"]] == [seg]
    coder.post(
        reverse("proposal-create", args=[world.study.pk]),
        {
            "kind": "move_code",
            "code": book.safe.pk,
            "cluster": book.relationship.pk,
            "reason": "Safety is relational",
            "segments": [seg],
        },
    )
    proposal = CodebookProposal.objects.get()
    assert list(proposal.segments.values_list("pk", flat=True)) == [seg]
    owner = world.login(Client(), "owner")
    with CaptureQueriesContext(connection) as one:
        owner.get(reverse("proposals", args=[world.study.pk]))
    for i in range(4):
        propose(world, "coder", "core_category", {"statement": f"idea {i}"}, segments=[seg])
    with CaptureQueriesContext(connection) as five:
        shown = owner.get(reverse("proposals", args=[world.study.pk])).content.decode()
    assert len(five) == len(one)
    assert "Move “Feeling safe” to “Relationship”" in shown and "“The room was calm”" in shown
    owner.post(reverse("proposal-accept", args=[world.study.pk, proposal.pk]))
    assert Code.objects.get(pk=book.safe.pk).cluster_id == book.relationship.pk
    assert (
        world.login(Client(), "viewer")
        .post(reverse("proposal-create", args=[world.study.pk]), {})
        .status_code
        == 403
    )


def test_cluster_view_per_coder_and_the_blind_phase(world, book, interview):
    from coding.proposals.selectors import cluster_view
    from transcripts.models import Membership

    code_it(world, "coder", interview, book.understood, "She understood me.")
    code_it(world, "coder", interview, book.trust, "I trusted her")
    code_it(world, "owner", interview, book.safe, "The room was calm")

    def view(persona):
        member = Membership.objects.select_related("study", "user").get(
            study=world.study, user=world.users[persona]
        )
        got = cluster_view(member)
        return [c["name"] for c in got["columns"]], [
            (r["cluster"], [(c["codings"], c["participants"]) for c in r["cells"]])
            for r in got["rows"]
        ]

    coder, owner = world.users["coder"].username, world.users["owner"].username
    assert view("owner") == (
        sorted([coder, owner]),
        [
            ("Relationship", [(2, 1), (0, 0)] if coder < owner else [(0, 0), (2, 1)]),
            ("Environment", [(0, 0), (1, 1)] if coder < owner else [(1, 1), (0, 0)]),
        ],
    )
    assert view("coder") == ([coder], [("Relationship", [(2, 1)]), ("Environment", [(0, 0)])])
