"""Every coding endpoint, every persona: outsiders 404, viewers never write, owner-only
structure changes refused to coders, and a member's own items editable only by them."""

import pytest
from django.urls import reverse

from coding.models import Coding, Memo, SignificantMoment
from tests.coding.conftest import span_of
from tests.conftest import PERSONAS

RANK = {"viewer": 0, "coder": 1, "owner": 2}


def make_items(world, book, interview, author):
    start, end = span_of(interview, "She understood me.")
    coding = Coding.objects.create(
        transcript=interview, code=book.understood, coder=author, start=start, end=end
    )
    moment = SignificantMoment.objects.create(
        transcript=interview, rater=author, start=start, end=end, valence="helpful", intensity=3
    )
    memo = Memo.objects.create(study=world.study, author=author, text="note")
    return coding, moment, memo


READS = [
    ("api-cluster-list", lambda b, i: {}),
    ("api-cluster-detail", lambda b, i: {"cluster_pk": b.relationship.pk}),
    ("api-code-list", lambda b, i: {}),
    ("api-code-detail", lambda b, i: {"code_pk": b.safe.pk}),
    ("api-code-counts", lambda b, i: {}),
    ("api-codebook-history", lambda b, i: {}),
    ("api-coding-list", lambda b, i: {}),
    ("api-coding-detail", lambda b, i: {"coding_pk": i[0].pk}),
    ("api-coding-moments", lambda b, i: {"coding_pk": i[0].pk}),
    ("api-moment-list", lambda b, i: {}),
    ("api-moment-detail", lambda b, i: {"moment_pk": i[1].pk}),
    ("api-moment-codings", lambda b, i: {"moment_pk": i[1].pk}),
    ("api-memo-list", lambda b, i: {}),
    ("api-memo-detail", lambda b, i: {"memo_pk": i[2].pk}),
    ("api-segment-list", lambda b, i: {}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,kwargs", READS, ids=[r[0] for r in READS])
def test_reads(world, book, interview, persona, name, kwargs):
    world.study.blind_coding = False  # so every member may read the owner's items
    world.study.save()
    items = make_items(world, book, interview, world.users["owner"])
    response = world.client(persona).get(
        reverse(name, kwargs={"study_pk": world.study.pk, **kwargs(book, items)})
    )
    assert response.status_code == (404 if persona == "outsider" else 200), response.content


# (method, url name, kwargs, body, minimum role, success status)
STRUCTURE = [
    ("post", "api-cluster-list", lambda b: {}, lambda b: {"name": "New cluster"}, "owner", 201),
    (
        "patch",
        "api-cluster-detail",
        lambda b: {"cluster_pk": b.environment.pk},
        lambda b: {"description": "d"},
        "owner",
        200,
    ),
    (
        "delete",
        "api-cluster-detail",
        lambda b: {"cluster_pk": b.environment.pk},
        lambda b: None,
        "owner",
        204,
    ),
    ("post", "api-code-list", lambda b: {}, lambda b: {"name": "Brand new"}, "coder", 201),
    (
        "patch",
        "api-code-detail",
        lambda b: {"code_pk": b.safe.pk},
        lambda b: {"definition": "d"},
        "coder",
        200,
    ),
    (
        "patch",
        "api-code-detail",
        lambda b: {"code_pk": b.safe.pk},
        lambda b: {"name": "Renamed"},
        "owner",
        200,
    ),
    ("delete", "api-code-detail", lambda b: {"code_pk": b.trust.pk}, lambda b: None, "owner", 204),
    (
        "post",
        "api-code-merge",
        lambda b: {},
        lambda b: {"sources": [b.trust.pk], "target": b.safe.pk},
        "owner",
        200,
    ),
    (
        "post",
        "api-code-split",
        lambda b: {"code_pk": b.trust.pk},
        lambda b: {"parts": [{"name": "A"}, {"name": "B"}], "assignments": {}},
        "owner",
        201,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "method,name,kwargs,body,min_role,ok",
    STRUCTURE,
    ids=[f"{s[0]}-{s[1]}-{s[4]}" for s in STRUCTURE],
)
def test_codebook_writes(world, book, persona, method, name, kwargs, body, min_role, ok):
    target = reverse(name, kwargs={"study_pk": world.study.pk, **kwargs(book)})
    response = getattr(world.client(persona), method)(target, body(book), format="json")
    if persona == "outsider":
        expected = 404
    elif RANK[persona] < RANK[min_role]:
        expected = 403
    else:
        expected = ok
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_creating_items(world, book, interview, persona):
    start, end = span_of(interview, "Endings were abrupt.")
    client = world.client(persona)
    responses = [
        client.post(
            reverse("api-coding-list", kwargs={"study_pk": world.study.pk}),
            {"transcript": interview.pk, "code": book.safe.pk, "start": start, "end": end},
            format="json",
        ),
        client.post(
            reverse("api-moment-list", kwargs={"study_pk": world.study.pk}),
            {"transcript": interview.pk, "start": start, "end": end, "valence": "hindering"},
            format="json",
        ),
        client.post(
            reverse("api-memo-list", kwargs={"study_pk": world.study.pk}),
            {"text": "m"},
            format="json",
        ),
    ]
    expected = {"outsider": 404, "viewer": 403}.get(persona, 201)
    assert [r.status_code for r in responses] == [expected] * 3
    created = Coding.objects.count() + SignificantMoment.objects.count() + Memo.objects.count()
    assert created == (3 if expected == 201 else 0)


ITEM_ROUTES = [
    ("api-coding-detail", "coding_pk", 0, {"memo": "changed"}),
    ("api-moment-detail", "moment_pk", 1, {"intensity": 5}),
    ("api-memo-detail", "memo_pk", 2, {"text": "changed"}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,key,index,change", ITEM_ROUTES, ids=[r[0] for r in ITEM_ROUTES])
def test_editing_own_and_others_items(world, book, interview, persona, name, key, index, change):
    """Blind phase off, so everyone can see every item: only the author may edit or delete."""
    world.study.blind_coding = False
    world.study.save()
    mine = make_items(world, book, interview, world.users[persona])[index]
    theirs_author = world.users["owner" if persona != "owner" else "coder"]
    theirs = make_items(world, book, interview, theirs_author)[index]
    client = world.client(persona)
    mine_url = reverse(name, kwargs={"study_pk": world.study.pk, key: mine.pk})
    theirs_url = reverse(name, kwargs={"study_pk": world.study.pk, key: theirs.pk})
    if persona == "outsider":
        assert client.patch(mine_url, change, format="json").status_code == 404
        return
    if persona == "viewer":
        assert client.patch(mine_url, change, format="json").status_code == 403
        assert client.delete(theirs_url).status_code == 403
        return
    assert client.patch(theirs_url, change, format="json").status_code == 403
    assert client.delete(theirs_url).status_code == 403
    assert client.patch(mine_url, change, format="json").status_code == 200
    assert client.delete(mine_url).status_code == 204
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
