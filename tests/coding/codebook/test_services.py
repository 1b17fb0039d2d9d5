"""Codebook changes: each in one transaction, nothing lost, every change in the history."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from coding.codebook import clusters, restructure
from coding.models import Cluster, Code, CodebookEvent, Coding, Memo
from tests.coding.conftest import code_it
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError


def url(world, name, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


def as_member(world, persona):
    """This persona's membership, as the door hands it to the views and they to the services."""
    return get_study_for_user(world.users[persona], world.study.pk)[1]


def test_coder_creates_and_refines_codes_owner_restructures(world, book):
    coder = world.client("coder")
    created = coder.post(
        url(world, "api-code-list"),
        {
            "name": "Therapist remembered",
            "cluster_id": book.relationship.pk,
            "keywords": ["remembered"],
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["cluster"] == book.relationship.pk
    code_url = url(world, "api-code-detail", code_pk=created.json()["id"])
    refined = coder.patch(
        code_url, {"definition": "Details recalled", "reason": "P03"}, format="json"
    )
    assert refined.status_code == 200 and refined.json()["definition"] == "Details recalled"
    assert coder.patch(code_url, {"name": "Remembering"}, format="json").status_code == 403
    assert (
        coder.patch(code_url, {"cluster_id": book.environment.pk}, format="json").status_code == 403
    )
    owner = world.client("owner")
    assert (
        owner.patch(
            code_url, {"name": "Remembering", "cluster_id": book.environment.pk}, format="json"
        ).json()["cluster"]
        == book.environment.pk
    )
    actions = list(CodebookEvent.objects.order_by("id").values_list("action", "actor__username"))
    assert [a for a, _ in actions] == ["create_code", "update_code", "rename_code", "move_code"]
    assert CodebookEvent.objects.get(action="update_code").reason == "P03"


def test_code_names_are_unique_in_a_study_ignoring_case(world, book):
    response = world.client("coder").post(
        url(world, "api-code-list"), {"name": "feeling SAFE"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "name"


def test_merge_keeps_every_coding_and_memo(world, book, interview):
    code_it(world, "coder", interview, book.understood, "She understood me.")
    code_it(world, "coder", interview, book.trust, "I trusted her after I told her.")
    code_it(world, "owner", interview, book.trust, "I trusted her")
    Memo.objects.create(study=world.study, author=world.users["owner"], code=book.trust, text="why")
    response = world.client("owner").post(
        url(world, "api-code-merge"),
        {"sources": [book.trust.pk], "target": book.understood.pk, "reason": "same idea"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["coding_count"] == 3
    assert not Code.objects.filter(pk=book.trust.pk).exists()
    assert Memo.objects.get().code_id == book.understood.pk
    event = CodebookEvent.objects.get(action="merge_codes")
    assert event.reason == "same idea" and event.details["codings"] == 2
    assert (
        event.summary
        == "“Trust after disclosure” merged into “Feeling understood” (2 codings re-pointed)"
    )


def test_merge_unites_one_coders_overlapping_spans(world, book, interview):
    code_it(world, "coder", interview, book.understood, "She understood me.")
    code_it(world, "coder", interview, book.trust, "understood me. The room")
    world.client("owner").post(
        url(world, "api-code-merge"),
        {"sources": [book.trust.pk], "target": book.understood.pk},
        format="json",
    )
    [coding] = Coding.objects.all()
    assert interview.text[coding.start : coding.end] == "She understood me. The room"


def test_merge_refuses_self_and_foreign_codes(world, book):
    owner = world.client("owner")
    same = owner.post(
        url(world, "api-code-merge"),
        {"sources": [book.safe.pk], "target": book.safe.pk},
        format="json",
    )
    assert same.status_code == 400 and same.json()["errors"][0]["field"] == "sources"
    from tests.conftest import make_world

    other = make_world("Elsewhere")
    foreign = Code.objects.create(study=other.study, name="Foreign")
    wrong = owner.post(
        url(world, "api-code-merge"),
        {"sources": [foreign.pk], "target": book.safe.pk},
        format="json",
    )
    assert wrong.status_code == 400 and Code.objects.filter(pk=foreign.pk).exists()


def test_split_assigns_every_coding(world, book, interview):
    ids = [
        code_it(world, "coder", interview, book.safe, q).json()["id"]
        for q in ("She understood me.", "The room was calm", "I cried in the car.")
    ]
    split_url = url(world, "api-code-split", code_pk=book.safe.pk)
    parts = [{"name": "Safe with therapist"}, {"name": "Safe room", "colour": "#112233"}]
    owner = world.client("owner")
    incomplete = owner.post(
        split_url, {"parts": parts, "assignments": {str(ids[0]): 0}}, format="json"
    )
    assert (
        incomplete.status_code == 400 and incomplete.json()["errors"][0]["field"] == "assignments"
    )
    assert (
        Code.objects.filter(pk=book.safe.pk).exists()
        and not Code.objects.filter(name="Safe room").exists()
    )
    plan = {str(ids[0]): 0, str(ids[1]): 1, str(ids[2]): 0}
    response = owner.post(
        split_url, {"parts": parts, "assignments": plan, "reason": "two senses"}, format="json"
    )
    assert response.status_code == 201
    counts = {row["name"]: row["coding_count"] for row in response.json()}
    assert counts == {"Safe with therapist": 2, "Safe room": 1}
    assert Coding.objects.count() == 3 and not Code.objects.filter(pk=book.safe.pk).exists()
    assert Code.objects.get(name="Safe room").cluster == book.environment
    event = CodebookEvent.objects.get(action="split_code")
    assert event.summary == "“Feeling safe” split into “Safe with therapist” (2), “Safe room” (1)"


def test_split_names_the_part_with_a_bad_name(world, book, interview):
    coding = code_it(world, "coder", interview, book.safe, "safe").json()["id"]
    member = as_member(world, "owner")
    codes_before = list(Code.objects.order_by("id").values_list("id", "name"))
    for parts, field, reason in (
        ([{"name": "Calm"}, {"name": "  "}], "parts[1].name", "A name is needed."),
        ([{}, {"name": "Calm"}], "parts[0].name", "A name is needed."),
        ([{"name": "Calm"}, {"name": "x" * 121}], "parts[1].name", "Keep names to 120 characters."),
        (
            [{"name": "Calm"}, {"name": "Person"}, {"name": " calm "}],
            "parts[2].name",
            "Another part is already named “calm”.",
        ),
        (
            [{"name": "Calm"}, {"name": "feeling UNDERSTOOD"}],
            "parts[1].name",
            "A code named “feeling UNDERSTOOD” already exists in this study.",
        ),
    ):
        with pytest.raises(DomainError) as refused:
            restructure.split_code(
                member=member, code_id=book.safe.pk, parts=parts, assignments={coding: 0}
            )
        assert (refused.value.field, refused.value.reason) == (field, reason)
    assert list(Code.objects.order_by("id").values_list("id", "name")) == codes_before
    assert Coding.objects.get(pk=coding).code_id == book.safe.pk
    assert not CodebookEvent.objects.filter(action="split_code").exists()
    duplicate = world.client("owner").post(
        url(world, "api-code-split", code_pk=book.safe.pk),
        {"parts": [{"name": "Calm"}, {"name": "CALM"}], "assignments": {str(coding): 0}},
        format="json",
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"][0]["field"] == "parts[1].name"


def test_split_is_owner_only(world, book):
    split_url = url(world, "api-code-split", code_pk=book.safe.pk)
    body = {"parts": [{"name": "A"}, {"name": "B"}], "assignments": {}}
    assert world.client("coder").post(split_url, body, format="json").status_code == 403


def test_deleting_a_code_with_codings_needs_a_choice(world, book, interview):
    code_it(world, "coder", interview, book.safe, "safe")
    owner = world.client("owner")
    code_url = url(world, "api-code-detail", code_pk=book.safe.pk)
    refused = owner.delete(code_url)
    assert refused.status_code == 400 and refused.json()["errors"][0] == {
        "field": "code",
        "reason": "“Feeling safe” has 1 coding(s): merge them into another code, "
        "or confirm that they are deleted too.",
    }
    assert Coding.objects.count() == 1
    merged = owner.delete(code_url, {"merge_into": book.understood.pk}, format="json")
    assert merged.status_code == 204 and Coding.objects.get().code == book.understood
    other_url = url(world, "api-code-detail", code_pk=book.understood.pk)
    assert (
        owner.delete(
            other_url, {"delete_codings": True, "reason": "noise"}, format="json"
        ).status_code
        == 204
    )
    assert Coding.objects.count() == 0
    assert CodebookEvent.objects.get(action="delete_code").details["codings_deleted"] == 1


def test_empty_code_deletes_without_choice(world, book):
    assert (
        world.client("owner")
        .delete(url(world, "api-code-detail", code_pk=book.trust.pk))
        .status_code
        == 204
    )


def test_clusters_create_update_delete(world, book):
    owner = world.client("owner")
    core = owner.post(url(world, "api-cluster-list"), {"name": "Core"}, format="json").json()
    patched = owner.patch(
        url(world, "api-cluster-detail", cluster_pk=book.relationship.pk),
        {"parent_id": core["id"], "description": "bond"},
        format="json",
    )
    assert patched.status_code == 200 and patched.json()["parent"] == core["id"]
    cycle = owner.patch(
        url(world, "api-cluster-detail", cluster_pk=core["id"]),
        {"parent_id": book.relationship.pk},
        format="json",
    )
    assert cycle.status_code == 400 and cycle.json()["errors"][0]["field"] == "parent"
    assert (
        owner.delete(url(world, "api-cluster-detail", cluster_pk=book.environment.pk)).status_code
        == 204
    )
    assert Code.objects.get(pk=book.safe.pk).cluster is None
    assert (
        world.client("coder")
        .post(url(world, "api-cluster-list"), {"name": "X"}, format="json")
        .status_code
        == 403
    )
    assert not Cluster.objects.filter(name="X").exists()


def test_history_lists_who_when_what_why(world, book):
    owner = world.client("owner")
    owner.patch(
        url(world, "api-code-detail", code_pk=book.safe.pk),
        {"name": "Safety", "reason": "shorter"},
        format="json",
    )
    rows = world.client("viewer").get(url(world, "api-codebook-history")).json()["results"]
    assert rows[0]["summary"] == "Code “Feeling safe” renamed to “Safety”"
    assert rows[0]["actor"] == world.users["owner"].username and rows[0]["reason"] == "shorter"
    assert rows[0]["at"]


def sibling_orders(parent=None):
    return list(Cluster.objects.filter(parent=parent).values_list("name", "order"))


def test_move_cluster_swaps_with_its_neighbour(world, book):
    member = as_member(world, "owner")
    owner = member.user
    core = Cluster.objects.create(study=world.study, name="Core", order=0)
    Cluster.objects.create(study=world.study, name="Endings", order=3)
    moved = clusters.move_cluster(
        member=member, cluster_id=book.environment.pk, direction=-1, reason="setting"
    )
    assert (moved.pk, moved.order) == (book.environment.pk, 1)
    assert sibling_orders() == [
        ("Core", 0),
        ("Environment", 1),
        ("Relationship", 2),
        ("Endings", 3),
    ]
    event = CodebookEvent.objects.get()
    assert (event.action, event.summary, event.reason, event.actor) == (
        "update_cluster",
        "Cluster “Environment” moved up",
        "setting",
        owner,
    )
    assert event.details == {
        "cluster": book.environment.pk,
        "orders": {str(book.environment.pk): [2, 1], str(book.relationship.pk): [1, 2]},
    }
    clusters.move_cluster(member=member, cluster_id=core.pk, direction=1)
    assert sibling_orders() == [
        ("Environment", 0),
        ("Core", 1),
        ("Relationship", 2),
        ("Endings", 3),
    ]
    assert CodebookEvent.objects.order_by("-id").first().summary == "Cluster “Core” moved down"
    assert CodebookEvent.objects.count() == 2
    # At either end nothing moves and nothing is recorded.
    for name, direction in (("Environment", -1), ("Endings", 1)):
        cluster = Cluster.objects.get(name=name)
        clusters.move_cluster(member=member, cluster_id=cluster.pk, direction=direction)
    assert sibling_orders() == [
        ("Environment", 0),
        ("Core", 1),
        ("Relationship", 2),
        ("Endings", 3),
    ]
    assert CodebookEvent.objects.count() == 2
    with pytest.raises(DomainError) as refused:
        clusters.move_cluster(member=member, cluster_id=core.pk, direction=2)
    assert refused.value.field == "direction"


def test_move_cluster_renumbers_tied_siblings_and_leaves_others(world, book):
    member = as_member(world, "owner")
    core = Cluster.objects.create(study=world.study, name="Core", order=0)
    for name in ("Alliance", "Bond", "Care"):
        Cluster.objects.create(study=world.study, name=name, order=0, parent=core)
    top = sibling_orders()
    care = Cluster.objects.get(name="Care")
    moved = clusters.move_cluster(member=member, cluster_id=care.pk, direction=-1)
    assert moved.order == 2
    assert sibling_orders(core) == [("Alliance", 1), ("Care", 2), ("Bond", 3)]
    assert sibling_orders() == top
    assert CodebookEvent.objects.get().summary == "Cluster “Care” moved up"


def test_move_cluster_is_owner_only(world, book, client):
    before = sibling_orders()
    with pytest.raises(PermissionDenied):
        clusters.move_cluster(
            member=as_member(world, "coder"),
            cluster_id=book.environment.pk,
            direction=-1,
        )
    world.login(client, "coder")
    page = url(world, "codebook-cluster-move", cluster_pk=book.environment.pk)
    assert client.post(page, {"direction": "up"}).status_code == 403
    assert sibling_orders() == before and not CodebookEvent.objects.exists()


def test_catastrophic_regex_patterns_are_refused(world, book):
    url = reverse("api-code-detail", kwargs={"study_pk": world.study.pk, "code_pk": book.safe.pk})
    for pattern in ([{"TEXT": {"REGEX": "(a+)+$"}}], [{"LOWER": {"regex": "x"}}]):
        refused = world.client("coder").patch(url, {"patterns": [pattern]}, format="json")
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["field"] == "patterns"
        assert "REGEX is not allowed" in refused.json()["errors"][0]["reason"]
    fine = world.client("coder").patch(
        url, {"patterns": [[{"LOWER": {"IN": ["safe"]}}]]}, format="json"
    )
    assert fine.status_code == 200


def test_free_text_of_the_codebook_is_bounded(world, book):
    url = reverse("api-code-detail", kwargs={"study_pk": world.study.pk, "code_pk": book.safe.pk})
    huge = world.client("coder").patch(url, {"definition": "x" * 10_001}, format="json")
    assert huge.status_code == 400 and huge.json()["errors"][0]["field"] == "definition"
    fits = world.client("coder").patch(url, {"definition": "x" * 10_000}, format="json")
    assert fits.status_code == 200
