"""Session details, WAI-SR and SRS entry through the API (bounds, refusals, personas), and the
therapist-guess exercise."""

import pytest

from coding.microprocess.models import Session, SessionMeasure
from tests.conftest import PERSONAS


def url(world, transcript, tail: str) -> str:
    return f"/api/v1/studies/{world.study.pk}/transcripts/{transcript.pk}/{tail}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_session_details_by_persona(world, timed, persona):
    answer = world.client(persona).put(
        url(world, timed.transcript, "session/"),
        {"number": 3, "date": "2026-02-01", "therapist": " T07 "},
        format="json",
    )
    expected = {"owner": 200, "coder": 200, "viewer": 403}.get(persona, 404)
    assert answer.status_code == expected
    if expected == 200:
        assert answer.json() == {
            "transcript": timed.transcript.pk,
            "number": 3,
            "date": "2026-02-01",
            "therapist": "T07",
        }


def test_session_number_must_be_positive(world, timed):
    answer = world.client("owner").put(
        url(world, timed.transcript, "session/"), {"number": 0}, format="json"
    )
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "number"
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "instrument, items, total, subscales",
    [
        ("wai_sr", [1] * 12, 12, {"goal": 4, "task": 4, "bond": 4}),
        ("wai_sr", [5] * 12, 60, {"goal": 20, "task": 20, "bond": 20}),
        ("srs", [0, 0, 0, 0], 0, {}),
        ("srs", [10, 10, 10, 10], 40, {}),
        ("srs", [8.7, 8.1, 7.9, 8.8], 33.5, {}),
    ],
)
def test_measures_at_their_bounds(world, timed, instrument, items, total, subscales):
    client = world.client("coder")
    body = {"instrument": instrument, "rater_role": "client", "items": items}
    answer = client.post(url(world, timed.transcript, "measures/"), body, format="json")
    assert answer.status_code == 200
    assert (answer.json()["total"], answer.json()["subscales"]) == (total, subscales)
    listed = world.client("viewer").get(url(world, timed.transcript, "measures/")).json()
    assert [(m["instrument"], m["total"]) for m in listed] == [(instrument, total)]


@pytest.mark.parametrize(
    "items, field",
    [([1] * 11 + [6], "items.12"), ([1] * 11, "items"), ([0.55, 1, 1, 1], "items.1")],
)
def test_measures_out_of_range(world, timed, items, field):
    instrument = "srs" if len(items) == 4 else "wai_sr"
    body = {"instrument": instrument, "rater_role": "therapist", "items": items}
    answer = world.client("owner").post(
        url(world, timed.transcript, "measures/"), body, format="json"
    )
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == field
    assert not SessionMeasure.objects.exists() and not Session.objects.exists()


def test_viewer_cannot_enter_measures(world, timed):
    body = {"instrument": "srs", "rater_role": "client", "items": [1, 1, 1, 1]}
    answer = world.client("viewer").post(
        url(world, timed.transcript, "measures/"), body, format="json"
    )
    assert answer.status_code == 403


def test_therapist_guess_is_scored(world, rated):
    client = world.client("owner")
    # client segments at 10 s: bottom 0-10, top 10-20, 20-30, 30-40
    labels = ["top", "bottom", "top", "top"]
    body = {"segment": 10, "step": 10, "labels": labels}
    answer = client.put(url(world, rated.transcript, "ratings/guess/"), body, format="json")
    assert answer.status_code == 200
    assert answer.json()["guess"] == {
        "segments": [{"start": float(t), "end": float(t + 10)} for t in (0, 10, 20, 30)],
        "labels": labels,
        "score": 2,
        "out_of": 4,
    }
    # other segments (another length) were not what the therapist labelled: no score
    other = client.get(
        url(world, rated.transcript, "ratings/analysis/"), {"segment": 20, "step": 10}
    )
    assert other.json()["guess"]["score"] is None and other.json()["guess"]["labels"] is None


@pytest.mark.parametrize(
    "labels", [["top"], ["top", "bottom", "top", "middle"]], ids=["count", "label"]
)
def test_guess_needs_a_label_for_each_segment(world, rated, labels):
    body = {"segment": 10, "step": 10, "labels": labels}
    answer = world.client("coder").put(
        url(world, rated.transcript, "ratings/guess/"), body, format="json"
    )
    assert answer.status_code == 400
    assert Session.objects.get().guess == {}


def test_guess_needs_the_client_series(world, timed):
    body = {"segment": 10, "labels": []}
    answer = world.client("owner").put(
        url(world, timed.transcript, "ratings/guess/"), body, format="json"
    )
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "segment"


def test_session_numbers_are_unique_per_participant(world, timed):
    from transcripts import imports

    [outcome] = imports.import_files(
        study=world.study,
        user=world.users["owner"],
        files=[("S02.txt", b"Therapist: Hello again.\n\nClient: Hi.\n")],
        participant_code=timed.transcript.participant.code,
    )
    client = world.client("owner")
    assert (
        client.put(
            url(world, timed.transcript, "session/"), {"number": 1}, format="json"
        ).status_code
        == 200
    )
    second = world.study.transcripts.get(pk=outcome.transcript_id)
    answer = client.put(url(world, second, "session/"), {"number": 1}, format="json")
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {
            "field": "number",
            "reason": f"session 1 of this participant is {timed.transcript.title!r}.",
        }
    ]
    # without a number it becomes the participant's next session
    assert client.put(url(world, second, "session/"), {}, format="json").json()["number"] == 2


@pytest.mark.parametrize("persona", PERSONAS)
def test_measures_csv_through_the_api(world, timed, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    world.client("owner").put(url(world, timed.transcript, "session/"), {}, format="json")
    participant = timed.transcript.participant
    path = f"/api/v1/studies/{world.study.pk}/participants/{participant.pk}/measures/"
    rows = (
        b"session,instrument,rater_role\n1,SRS,client,9,9,9,9.5\n1,wai-sr,therapist,"
        + b",".join([b"3"] * 12)
    )
    answer = world.client(persona).post(
        path, {"file": SimpleUploadedFile("m.csv", rows)}, format="multipart"
    )
    expected = {"owner": 200, "coder": 200, "viewer": 403}.get(persona, 404)
    assert answer.status_code == expected
    if expected == 200:
        assert answer.json() == {"stored": 2}
        totals = dict(SessionMeasure.objects.values_list("instrument", "total"))
        assert totals == {"srs": 36.5, "wai_sr": 36}
    bad = world.client("owner").post(
        path, {"file": SimpleUploadedFile("m.csv", b"1,SRS,client,11,0,0,0\n")}, format="multipart"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"field": "file", "reason": "line 1: items.1: must be 0-10"}]
