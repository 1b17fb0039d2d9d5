"""Principles and the core category through the API: writing from codings and moments,
validation (400 with field, nothing stored), roles (viewer 403, outsider 404), the blind
phase, and the number of queries of the listing."""

import pytest
from django.urls import reverse

from coding.models import Principle
from tests.coding.conftest import code_it, span_of


def url(world, name="api-principle-list", **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


@pytest.fixture
def codings(world, book, interview):
    """Two codings by the coder, one by the owner, and a moment by the coder."""
    understood = code_it(world, "coder", interview, book.understood, "She understood me.").json()
    trust = code_it(world, "coder", interview, book.trust, "I trusted her after I told her.").json()
    safe = code_it(world, "owner", interview, book.safe, "The room was calm").json()
    start, end = span_of(interview, "She understood me. The room was calm")
    moment = (
        world.client("coder")
        .post(
            reverse("api-moment-list", kwargs={"study_pk": world.study.pk}),
            {"transcript": interview.pk, "start": start, "end": end, "valence": "helpful"},
            format="json",
        )
        .json()
    )
    return {
        "understood": understood["id"],
        "trust": trust["id"],
        "safe": safe["id"],
        "moment": moment["id"],
    }


def body(book, codings, **changes):
    return {
        "statement": "Clients risk being known when they feel understood.",
        "cluster": book.relationship.pk,
        "implication": "Check understanding aloud early.",
        "evidence": [codings["trust"]],
        "moments": [codings["moment"]],
        "quotes": [codings["understood"]],
        **changes,
    }


def test_coder_writes_a_principle_and_reads_it_back(world, book, codings):
    response = world.client("coder").post(url(world), body(book, codings), format="json")
    assert response.status_code == 201, response.json()
    got = response.json()
    assert got["statement"] == "Clients risk being known when they feel understood."
    assert (got["cluster"], got["cluster_name"]) == (book.relationship.pk, "Relationship")
    # The quote is evidence too.
    assert got["evidence"] == sorted([codings["trust"], codings["understood"]])
    assert got["quotes"] == [codings["understood"]]
    assert got["moments"] == [codings["moment"]]
    assert (got["order"], got["author"]) == (0, world.users["coder"].username)
    second = world.client("owner").post(url(world), body(book, codings, quotes=[]), format="json")
    assert second.json()["order"] == 1
    listed = world.client("viewer").get(url(world)).json()
    assert [p["id"] for p in listed] == [got["id"], second.json()["id"]]


@pytest.mark.parametrize(
    "change,field",
    [
        ({"statement": "   "}, "statement"),
        ({"statement": "x" * 2001}, "statement"),
        ({"cluster": 999_999}, "cluster"),
        ({"evidence": [999_999]}, "evidence"),
        ({"evidence": ["abc"]}, "evidence"),
        ({"quotes": [999_999]}, "quotes"),
        ({"moments": [999_999]}, "moments"),
        ({"order": -1}, "order"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_nothing_is_stored(
    world, book, codings, change, field
):
    response = world.client("coder").post(url(world), body(book, codings, **change), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].split("[")[0].split(".")[0] == field
    assert Principle.objects.count() == 0


def test_evidence_of_another_study_is_refused(world, book, codings):
    from tests.conftest import make_world

    other = make_world("Other study")
    other_cluster = other.study.clusters.create(name="Elsewhere")
    response = world.client("owner").post(
        url(world), body(book, codings, cluster=other_cluster.pk), format="json"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "cluster"


def test_viewer_cannot_write_and_outsider_sees_nothing(world, book, codings):
    assert (
        world.client("viewer").post(url(world), body(book, codings), format="json").status_code
        == 403
    )
    assert world.client("outsider").get(url(world)).status_code == 404
    assert (
        world.client("outsider").post(url(world), body(book, codings), format="json").status_code
        == 404
    )
    assert world.client("outsider").get(url(world, "api-core-category")).status_code == 404
    assert Principle.objects.count() == 0


def test_only_the_author_or_an_owner_changes_a_principle(world, book, codings):
    from transcripts.models import Membership, Role

    made = (
        world.client("owner")
        .post(
            url(world),
            body(book, codings, quotes=[], evidence=[codings["safe"]], moments=[]),
            format="json",
        )
        .json()
    )
    detail = url(world, "api-principle-detail", principle_pk=made["id"])
    world.study.blind_coding = False
    world.study.save()
    other = world.users["outsider"]
    Membership.objects.create(study=world.study, user=other, role=Role.CODER)
    assert (
        world.client("outsider").patch(detail, {"statement": "Mine now"}, format="json").status_code
        == 403
    )
    assert world.client("viewer").delete(detail).status_code == 403
    changed = world.client("owner").patch(
        detail, {"statement": "Sharper", "order": 5}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["statement"], changed.json()["order"]) == ("Sharper", 5)
    assert changed.json()["evidence"] == [codings["safe"]]  # untouched links stay
    assert world.client("owner").delete(detail).status_code == 204
    assert Principle.objects.count() == 0


def test_blind_phase_a_coder_sees_and_links_only_their_own(world, book, codings):
    # The owner's principle rests on the owner's coding: hidden from the coder in the blind phase.
    owner_made = (
        world.client("owner")
        .post(
            url(world),
            body(
                book, codings, evidence=[codings["safe"], codings["trust"]], quotes=[], moments=[]
            ),
            format="json",
        )
        .json()
    )
    assert owner_made["evidence"] == sorted([codings["safe"], codings["trust"]])
    assert world.client("coder").get(url(world)).json() == []
    detail = url(world, "api-principle-detail", principle_pk=owner_made["id"])
    assert world.client("coder").get(detail).status_code == 404
    # The coder cannot cite the owner's coding, nor learn that it exists.
    refused = world.client("coder").post(
        url(world), body(book, codings, evidence=[codings["safe"]]), format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0] == {
        "field": "evidence",
        "reason": f"No such coding in this study: {codings['safe']}.",
    }
    # After the blind phase the coder reads the owner's principle with all its evidence.
    world.study.blind_coding = False
    world.study.save()
    seen = world.client("coder").get(detail).json()
    assert seen["evidence"] == sorted([codings["safe"], codings["trust"]])


def test_an_edit_by_someone_who_cannot_see_every_link_keeps_the_hidden_ones(world, book, codings):
    # A coder's principle; the owner adds their own coding; back in the blind phase the coder
    # replaces the evidence they see, and the owner's coding stays linked.
    made = (
        world.client("coder").post(url(world), body(book, codings, quotes=[]), format="json").json()
    )
    detail = url(world, "api-principle-detail", principle_pk=made["id"])
    world.client("owner").patch(
        detail, {"evidence": [codings["trust"], codings["safe"]]}, format="json"
    )
    changed = world.client("coder").patch(
        detail, {"evidence": [codings["understood"]]}, format="json"
    )
    assert changed.json()["evidence"] == [codings["understood"]]
    principle = Principle.objects.get()
    assert sorted(principle.evidence.values_list("pk", flat=True)) == sorted(
        [codings["understood"], codings["safe"]]
    )


def test_core_category(world):
    core = url(world, "api-core-category")
    assert world.client("viewer").get(core).json() == {
        "statement": "",
        "author": None,
        "updated_at": None,
    }
    assert (
        world.client("viewer")
        .put(core, {"statement": "Enough structure"}, format="json")
        .status_code
        == 403
    )
    saved = world.client("owner").put(
        core, {"statement": "  Enough structure to reflect  "}, format="json"
    )
    assert saved.status_code == 200
    got = world.client("coder").get(core).json()
    assert (got["statement"], got["author"]) == (
        "Enough structure to reflect",
        world.users["owner"].username,
    )
    assert world.client("owner").put(core, {}, format="json").status_code == 400
    world.client("owner").put(core, {"statement": ""}, format="json")
    assert world.client("coder").get(core).json()["statement"] == ""


def test_listing_takes_a_constant_number_of_queries(
    world, book, codings, django_assert_max_num_queries
):
    for i in range(6):
        world.client("owner").post(
            url(world), body(book, codings, statement=f"Principle {i}"), format="json"
        )
    client = world.client("owner")
    with django_assert_max_num_queries(9):
        listed = client.get(url(world)).json()
    assert len(listed) == 6


def test_a_principle_after_one_at_the_largest_order_shares_its_place(world, book, codings):
    last = body(book, codings, quotes=[]) | {"order": 2**31 - 1}
    assert world.client("owner").post(url(world), last, format="json").status_code == 201
    after = world.client("owner").post(url(world), body(book, codings, quotes=[]), format="json")
    assert after.status_code == 201 and after.json()["order"] == 2**31 - 1
