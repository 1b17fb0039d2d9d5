"""Rules of coding: offsets, scoping, merging of one coder's same-code spans, duplicates."""

import pytest
from django.urls import reverse

from coding.models import Coding, Memo
from tests.coding.conftest import code_it, span_of
from tests.conftest import make_world


def coding_url(world, pk=None):
    if pk is None:
        return reverse("api-coding-list", kwargs={"study_pk": world.study.pk})
    return reverse("api-coding-detail", kwargs={"study_pk": world.study.pk, "coding_pk": pk})


def test_quote_is_derived_from_the_text_with_code_point_offsets(world, book, interview):
    response = code_it(world, "coder", interview, book.safe, "calm 😊 and safe")
    assert response.status_code == 201
    body = response.json()
    assert body["quote"] == "calm 😊 and safe"
    # The emoji is one code point: end - start is the length in Python characters.
    assert body["end"] - body["start"] == len("calm 😊 and safe") == 15
    assert body["coder"] == world.users["coder"].username and body["merged"] == 0


def test_client_quote_must_match(world, book, interview):
    start, end = span_of(interview, "She understood me.")
    body = {"transcript": interview.pk, "code": book.understood.pk, "start": start, "end": end}
    ok = world.client("coder").post(
        coding_url(world), {**body, "quote": "She understood me."}, format="json"
    )
    assert ok.status_code == 201
    stale = world.client("coder").post(
        coding_url(world), {**body, "code": book.trust.pk, "quote": "She understood"}, format="json"
    )
    assert stale.status_code == 400 and stale.json()["errors"][0]["field"] == "quote"


@pytest.mark.parametrize(
    "start,end,field",
    [(-1, 5, "start"), (5, 5, "end"), (9, 4, "end"), (0, 10_000, "end")],
)
def test_bad_offsets_are_refused_with_the_field(world, book, interview, start, end, field):
    body = {"transcript": interview.pk, "code": book.safe.pk, "start": start, "end": end}
    response = world.client("coder").post(coding_url(world), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert Coding.objects.count() == 0


def test_codes_and_transcripts_of_another_study_are_refused(world, book, interview):
    other = make_world("Other study")
    from coding.models import Code
    from transcripts import imports

    foreign_code = Code.objects.create(study=other.study, name="Foreign")
    [outcome] = imports.import_files(
        study=other.study, user=other.users["owner"], files=[("P09.txt", b"Client: Hello there.\n")]
    )
    client = world.client("coder")
    body = {"transcript": interview.pk, "code": foreign_code.pk, "start": 0, "end": 5}
    wrong_code = client.post(coding_url(world), body, format="json")
    assert wrong_code.status_code == 400 and wrong_code.json()["errors"][0]["field"] == "code"
    body = {"transcript": outcome.transcript_id, "code": book.safe.pk, "start": 0, "end": 5}
    wrong_transcript = client.post(coding_url(world), body, format="json")
    assert wrong_transcript.status_code == 400
    assert wrong_transcript.json()["errors"][0]["field"] == "transcript"
    assert Coding.objects.count() == 0


def test_inactive_code_is_refused(world, book, interview):
    response = code_it(world, "coder", interview, book.retired, "She understood me.")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "code",
        "reason": "The code “Old code” is inactive; reactivate it first.",
    }


def test_identical_duplicate_is_not_created_twice(world, book, interview):
    first = code_it(world, "coder", interview, book.safe, "The room was calm")
    again = code_it(world, "coder", interview, book.safe, "The room was calm")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Coding.objects.count() == 1


def test_overlapping_and_touching_same_code_spans_merge(world, book, interview):
    a = code_it(world, "coder", interview, book.understood, "She understood me.", memo="warm")
    b = code_it(world, "coder", interview, book.understood, "me. The room", memo="room too")
    assert b.status_code == 200 and b.json()["merged"] == 1
    merged = b.json()
    assert merged["id"] == a.json()["id"]
    assert merged["quote"] == "She understood me. The room"
    assert merged["memo"] == "warm\n\nroom too"
    # Touching (end == start) merges too.
    start, end = span_of(interview, " was calm")
    c = code_it(world, "coder", interview, book.understood, " was calm")
    assert c.json()["quote"] == "She understood me. The room was calm"
    assert Coding.objects.filter(code=book.understood).count() == 1
    assert (start, end)[0] == merged["end"]


def test_spans_of_other_coders_or_codes_never_merge(world, book, interview):
    code_it(world, "coder", interview, book.understood, "She understood me.")
    code_it(world, "owner", interview, book.understood, "understood me. The room")
    code_it(world, "coder", interview, book.trust, "understood me.")
    assert Coding.objects.count() == 3


def test_nested_span_is_absorbed(world, book, interview):
    outer = code_it(world, "coder", interview, book.trust, "I trusted her after I told her.")
    inner = code_it(world, "coder", interview, book.trust, "after I told")
    assert inner.json()["id"] == outer.json()["id"]
    assert inner.json()["quote"] == "I trusted her after I told her."


def test_update_span_code_and_memo_then_remerge(world, book, interview):
    a = code_it(world, "coder", interview, book.safe, "The room was calm").json()
    b = code_it(world, "coder", interview, book.trust, "and safe.").json()
    start, end = span_of(interview, "calm 😊 and safe.")
    client = world.client("coder")
    moved = client.patch(
        coding_url(world, b["id"]),
        {"code": book.safe.pk, "start": start, "memo": "x"},
        format="json",
    )
    assert moved.status_code == 200
    # Now both are "Feeling safe" and touch/overlap: one span remains.
    assert moved.json()["quote"] == "The room was calm 😊 and safe."
    assert list(Coding.objects.values_list("id", flat=True)) == [a["id"]]
    bad = client.patch(coding_url(world, a["id"]), {"end": 10_000}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "end"


def test_delete_own_coding_and_its_memos(world, book, interview):
    coding = code_it(world, "coder", interview, book.safe, "safe").json()
    Memo.objects.create(
        study=world.study, author=world.users["coder"], coding_id=coding["id"], text="m"
    )
    assert world.client("coder").delete(coding_url(world, coding["id"])).status_code == 204
    assert Coding.objects.count() == 0 and Memo.objects.count() == 0


def test_someone_elses_coding_is_hidden_in_blind_phase_and_read_only_after(world, book, interview):
    theirs = code_it(world, "owner", interview, book.safe, "safe").json()
    url = coding_url(world, theirs["id"])
    coder = world.client("coder")
    assert coder.get(url).status_code == 404  # blind: invisible
    assert coder.patch(url, {"memo": "mine now"}, format="json").status_code == 404
    world.study.blind_coding = False
    world.study.save()
    assert coder.get(url).status_code == 200
    response = coder.patch(url, {"memo": "mine now"}, format="json")
    assert response.status_code == 403
    assert "your own" in response.json()["detail"]
    assert coder.delete(url).status_code == 403
    assert Coding.objects.get().memo == ""


def test_viewer_cannot_code(world, book, interview):
    response = code_it(world, "viewer", interview, book.safe, "safe")
    assert response.status_code == 403 and Coding.objects.count() == 0


def test_every_write_is_attributable(world, book, interview):
    code_it(world, "coder", interview, book.safe, "safe")
    coding = Coding.objects.get()
    assert coding.coder == world.users["coder"] and coding.created_at and coding.updated_at


def test_non_integer_offsets_are_refused(world, book, interview):
    body = {"transcript": interview.pk, "code": book.safe.pk, "start": "abc", "end": 4}
    response = world.client("coder").post(coding_url(world), body, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "start"


def test_memo_objects_follow_the_surviving_coding_when_spans_merge(world, book, interview):
    a = code_it(world, "coder", interview, book.safe, "She understood me.").json()
    b = code_it(world, "coder", interview, book.safe, "I trusted her").json()
    for coding in (a, b):
        Memo.objects.create(
            study=world.study, author=world.users["coder"], coding_id=coding["id"], text="m"
        )
    bridge = code_it(
        world, "coder", interview, book.safe, "me. The room was calm 😊 and safe. I trusted"
    ).json()
    assert bridge["merged"] == 2 and bridge["id"] == a["id"]
    assert set(Memo.objects.values_list("coding_id", flat=True)) == {a["id"]}
    assert Coding.objects.count() == 1
