"""Significant moments and memos: validation, codings within a moment, moments around a coding."""

import pytest
from django.urls import reverse

from coding.models import Memo, SignificantMoment
from tests.coding.conftest import code_it, span_of


def url(world, name, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


def mark(world, persona, transcript, quote, valence="helpful", intensity=4, note=""):
    start, end = span_of(transcript, quote)
    body = {
        "transcript": transcript.pk,
        "start": start,
        "end": end,
        "valence": valence,
        "intensity": intensity,
        "note": note,
    }
    return world.client(persona).post(url(world, "api-moment-list"), body, format="json")


def test_mark_moment_and_read_it_back(world, interview):
    response = mark(
        world, "coder", interview, "She understood me. The room was calm", note="felt seen"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["valence"], body["intensity"], body["note"]) == ("helpful", 4, "felt seen")
    assert body["quote"] == "She understood me. The room was calm"
    assert body["rater"] == world.users["coder"].username


@pytest.mark.parametrize(
    "change,field",
    [
        ({"intensity": 0}, "intensity"),
        ({"intensity": 6}, "intensity"),
        ({"valence": "great"}, "valence"),
    ],
)
def test_moment_validation(world, interview, change, field):
    start, end = span_of(interview, "Endings were abrupt.")
    body = {
        "transcript": interview.pk,
        "start": start,
        "end": end,
        "valence": "hindering",
        **change,
    }
    response = world.client("coder").post(url(world, "api-moment-list"), body, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == field
    assert SignificantMoment.objects.count() == 0


def test_moment_offsets_checked(world, interview):
    body = {"transcript": interview.pk, "start": 5, "end": 99_999, "valence": "mixed"}
    response = world.client("coder").post(url(world, "api-moment-list"), body, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "end"


def test_codings_within_a_moment_and_moments_around_a_coding(world, book, interview):
    moment = mark(
        world, "coder", interview, "She understood me. The room was calm 😊 and safe."
    ).json()
    inside = code_it(world, "coder", interview, book.understood, "She understood me.").json()
    code_it(world, "coder", interview, book.trust, "I trusted her")  # outside the moment
    within = (
        world.client("coder").get(url(world, "api-moment-codings", moment_pk=moment["id"])).json()
    )
    assert [row["id"] for row in within] == [inside["id"]]
    around = (
        world.client("coder").get(url(world, "api-coding-moments", coding_pk=inside["id"])).json()
    )
    assert [row["id"] for row in around] == [moment["id"]]


def test_update_and_delete_own_moment_only(world, interview):
    moment = mark(world, "coder", interview, "Endings were abrupt.", valence="hindering").json()
    detail = url(world, "api-moment-detail", moment_pk=moment["id"])
    changed = world.client("coder").patch(
        detail, {"intensity": 2, "note": "less so"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["intensity"] == 2
    world.study.blind_coding = False
    world.study.save()
    assert world.client("owner").patch(detail, {"intensity": 5}, format="json").status_code == 403
    assert world.client("coder").delete(detail).status_code == 204


def test_memos_on_each_target(world, book, interview):
    coding = code_it(world, "coder", interview, book.safe, "safe").json()
    client = world.client("coder")
    targets = [{}, {"transcript": interview.pk}, {"code": book.safe.pk}, {"coding": coding["id"]}]
    for target in targets:
        response = client.post(
            url(world, "api-memo-list"), {"text": "Thinking...", **target}, format="json"
        )
        assert response.status_code == 201, response.content
    assert Memo.objects.count() == 4
    listed = client.get(url(world, "api-memo-list"), {"coding": coding["id"]}).json()
    assert len(listed) == 1 and listed[0]["coding"] == coding["id"]
    two = client.post(
        url(world, "api-memo-list"),
        {"text": "x", "code": book.safe.pk, "transcript": interview.pk},
        format="json",
    )
    assert two.status_code == 400
    empty = client.post(url(world, "api-memo-list"), {"text": "   "}, format="json")
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "text"


def test_memo_edit_is_the_authors(world):
    memo = (
        world.client("owner")
        .post(url(world, "api-memo-list"), {"text": "Core idea"}, format="json")
        .json()
    )
    detail = url(world, "api-memo-detail", memo_pk=memo["id"])
    world.study.blind_coding = False
    world.study.save()
    assert world.client("coder").patch(detail, {"text": "hijack"}, format="json").status_code == 403
    assert (
        world.client("owner").patch(detail, {"text": "Core idea, v2"}, format="json").json()["text"]
        == "Core idea, v2"
    )


def test_memo_on_invisible_coding_is_refused(world, book, interview):
    theirs = code_it(world, "owner", interview, book.safe, "safe").json()
    response = world.client("coder").post(
        url(world, "api-memo-list"), {"text": "peek", "coding": theirs["id"]}, format="json"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "coding"
