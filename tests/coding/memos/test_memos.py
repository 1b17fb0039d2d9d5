"""Typed memos: the kind through the API (default open, refused when unknown), the memo
filters (kind, target, author, search) and the memo page (list, filter, write, change,
delete), each through the blind phase and the roles."""

import pytest
from django.test import Client
from django.urls import reverse

from coding.models import Memo
from tests.coding.conftest import code_it


def api(world, name="api-memo-list", **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


@pytest.fixture
def memos(world, book, interview):
    """Four memos: the coder's open study memo, axial code memo and theoretical coding memo;
    the owner's methodological transcript memo."""
    coding = code_it(world, "coder", interview, book.understood, "She understood me.").json()
    coder, owner = world.client("coder"), world.client("owner")
    made = {
        "study": coder.post(api(world), {"text": "First thoughts on safety"}, format="json"),
        "code": coder.post(
            api(world),
            {"text": "Understanding relates to trust", "code": book.understood.pk, "kind": "axial"},
            format="json",
        ),
        "coding": coder.post(
            api(world),
            {
                "text": "Being understood lets clients risk",
                "coding": coding["id"],
                "kind": "theoretical",
            },
            format="json",
        ),
        "transcript": owner.post(
            api(world),
            {
                "text": "Interview ran short; SAFETY probe skipped",
                "transcript": interview.pk,
                "kind": "methodological",
            },
            format="json",
        ),
    }
    assert {k: r.status_code for k, r in made.items()} == dict.fromkeys(made, 201)
    return {k: r.json() for k, r in made.items()}


def test_kind_defaults_to_open_and_is_returned(memos):
    assert [memos[k]["kind"] for k in ("study", "code", "coding", "transcript")] == [
        "open",
        "axial",
        "theoretical",
        "methodological",
    ]


def test_unknown_kind_is_refused(world):
    response = world.client("coder").post(
        api(world), {"text": "x", "kind": "selective"}, format="json"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "kind"
    assert Memo.objects.count() == 0


def test_kind_changes_by_patch(world, memos):
    url = api(world, "api-memo-detail", memo_pk=memos["study"]["id"])
    response = world.client("coder").patch(url, {"kind": "methodological"}, format="json")
    assert response.status_code == 200
    assert (response.json()["kind"], response.json()["text"]) == (
        "methodological",
        "First thoughts on safety",
    )
    assert world.client("coder").patch(url, {}, format="json").status_code == 400
    assert world.client("coder").patch(url, {"kind": "nope"}, format="json").status_code == 400


@pytest.mark.parametrize(
    "query,expected",
    [
        ("kind=axial", ["code"]),
        ("target=study", ["study"]),
        ("target=coding", ["coding"]),
        ("target=transcript", ["transcript"]),
        ("q=safety", ["transcript", "study"]),
        ("kind=open&q=safety", ["study"]),
    ],
)
def test_api_filters_for_the_owner(world, memos, query, expected):
    got = world.client("owner").get(api(world) + "?" + query).json()
    assert [m["id"] for m in got] == [memos[k]["id"] for k in expected]


def test_api_filters_by_author_and_the_blind_phase(world, memos):
    owner_name = world.users["owner"].username
    assert [
        m["id"] for m in world.client("viewer").get(api(world) + f"?author={owner_name}").json()
    ] == [memos["transcript"]["id"]]
    # Blind phase: the coder reads only their own memos, whatever the filter asks for.
    assert world.client("coder").get(api(world) + f"?author={owner_name}").json() == []
    assert (
        world.client("coder").get(api(world) + "?q=safety").json()[0]["id"] == memos["study"]["id"]
    )
    assert len(world.client("coder").get(api(world) + "?q=safety").json()) == 1
    assert world.client("coder").get(api(world) + "?target=nothing").status_code == 400


# ---------------------------------------------------------------- the page


def page(world, persona, query=""):
    client = world.login(Client(), persona)
    return client, client.get(reverse("memos", args=[world.study.pk]) + query)


def listed_ids(response) -> list[int]:
    return [m.pk for m in response.context["page"].object_list]


def test_page_lists_filters_and_searches(world, memos):
    _, response = page(world, "owner")
    assert response.status_code == 200
    assert listed_ids(response) == [
        memos[k]["id"] for k in ("transcript", "coding", "code", "study")
    ]
    assert (
        b"Methodological" in response.content
        and b"the code \xe2\x80\x9cFeeling understood\xe2\x80\x9d" in response.content
    )
    _, response = page(world, "owner", "?kind=theoretical")
    assert listed_ids(response) == [memos["coding"]["id"]]
    _, response = page(world, "owner", "?q=SAFETY&target=transcript")
    assert listed_ids(response) == [memos["transcript"]["id"]]


def test_page_in_the_blind_phase_shows_a_coder_only_their_memos(world, memos):
    _, response = page(world, "coder")
    assert listed_ids(response) == [memos[k]["id"] for k in ("coding", "code", "study")]
    assert response.context["authors"] == [world.users["coder"].username]
    assert b"SAFETY probe" not in response.content


def test_page_writes_changes_and_deletes_a_memo(world, book):
    client, _ = page(world, "coder")
    url = reverse("memo-write", args=[world.study.pk])
    response = client.post(
        url, {"kind": "axial", "text": "Trust follows disclosure", "on": f"code:{book.trust.pk}"}
    )
    assert response.status_code == 302
    memo = Memo.objects.get()
    assert (memo.kind, memo.code_id, memo.text) == (
        "axial",
        book.trust.pk,
        "Trust follows disclosure",
    )
    client.post(
        reverse("memo-edit", args=[world.study.pk, memo.pk]),
        {"kind": "theoretical", "text": "Trust is earned"},
    )
    memo.refresh_from_db()
    assert (memo.kind, memo.text) == ("theoretical", "Trust is earned")
    client.post(url, {"kind": "open", "text": "bad target", "on": "code:abc"})
    assert Memo.objects.count() == 1
    owner, _ = page(world, "owner")
    assert owner.post(reverse("memo-delete", args=[world.study.pk, memo.pk])).status_code == 403
    client.post(reverse("memo-delete", args=[world.study.pk, memo.pk]))
    assert Memo.objects.count() == 0


def test_page_roles(world, memos):
    viewer, response = page(world, "viewer")
    assert response.status_code == 200 and b"Write a memo" not in response.content
    url = reverse("memo-write", args=[world.study.pk])
    assert viewer.post(url, {"kind": "open", "text": "x"}).status_code == 403
    outsider, response = page(world, "outsider")
    assert response.status_code == 404
    assert outsider.post(url, {"kind": "open", "text": "x"}).status_code == 404
    assert Memo.objects.count() == 4


def test_page_queries_do_not_grow_with_memos(world, memos, django_assert_max_num_queries):
    client, _ = page(world, "owner")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("memos", args=[world.study.pk]))
    assert len(listed_ids(response)) == 4
