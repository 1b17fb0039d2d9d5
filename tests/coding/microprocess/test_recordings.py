"""Recordings: attach through the storage API (kind sniffed, size limit), members only, byte
ranges for seeking, replace and remove without leaving files behind, the workbench's player."""

import io
import json
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coding.microprocess.models import Recording
from tests.conftest import PERSONAS


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A short silent mono WAV, 8-bit."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * int(seconds * rate))
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def url(world, transcript, name):
    return reverse(name, args=[world.study.pk, transcript.pk])


def attach(client, world, transcript, data: bytes, name="session.wav"):
    return client.post(
        url(world, transcript, "recording-upload"), {"file": SimpleUploadedFile(name, data)}
    )


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("persona", PERSONAS)
def test_attach_and_stream_by_persona(world, timed, client, persona, settings):
    data = wav_bytes()
    world.login(client, "owner")
    assert attach(client, world, timed.transcript, data).status_code == 302
    world.login(client, persona)
    response = client.get(url(world, timed.transcript, "recording"))
    assert response.status_code == (404 if persona == "outsider" else 200)
    if persona != "outsider":
        assert b"".join(response.streaming_content) == data
        assert response["Content-Type"] == "audio/wav"
        assert response["Accept-Ranges"] == "bytes"
        assert response["Cache-Control"] == "private, no-store"
    wrote = attach(client, world, timed.transcript, data).status_code
    assert wrote == {"owner": 302, "coder": 302, "viewer": 403}.get(persona, 404)


def test_byte_ranges(world, timed, client):
    data = wav_bytes()
    world.login(client, "coder")
    attach(client, world, timed.transcript, data)
    world.login(client, "viewer")
    part = client.get(url(world, timed.transcript, "recording"), HTTP_RANGE="bytes=4-11")
    assert part.status_code == 206 and b"".join(part.streaming_content) == data[4:12]
    assert part["Content-Range"] == f"bytes 4-11/{len(data)}" and part["Content-Length"] == "8"
    tail = client.get(url(world, timed.transcript, "recording"), HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == data[-10:]
    beyond = client.get(url(world, timed.transcript, "recording"), HTTP_RANGE="bytes=99999-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n", "not an audio or video file"),
        (b"MZ\x90\x00" + b"\x00" * 60, "not an audio or video file"),
    ],
)
def test_files_that_are_not_media_are_refused(world, timed, client, settings, data, message):
    world.login(client, "owner")
    response = attach(client, world, timed.transcript, data)
    page = client.get(response["Location"]).content.decode()
    assert message in page
    assert not Recording.objects.exists() and stored_files(settings) == []


def test_size_limit(world, timed, client, settings):
    settings.QUALCODE_MAX_MEDIA_BYTES = 100
    world.login(client, "owner")
    response = attach(client, world, timed.transcript, wav_bytes())
    assert "larger than the limit" in client.get(response["Location"]).content.decode()
    assert not Recording.objects.exists() and stored_files(settings) == []


def test_replace_and_remove_leave_no_files(
    world, timed, client, settings, django_capture_on_commit_callbacks
):
    world.login(client, "owner")
    with django_capture_on_commit_callbacks(execute=True):
        attach(client, world, timed.transcript, wav_bytes(1.0))
        attach(client, world, timed.transcript, wav_bytes(2.0), name="second.wav")
    recording = Recording.objects.get()
    assert recording.name == "second.wav" and recording.size == len(wav_bytes(2.0))
    assert len(stored_files(settings)) == 1
    assert str(world.study.pk) in recording.file.name and "second" not in recording.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(world, timed.transcript, "recording-remove"))
    assert not Recording.objects.exists() and stored_files(settings) == []


def test_workbench_ships_the_player_with_timed_turns(world, timed, client):
    world.login(client, "coder")
    workbench = reverse("transcript-detail", args=[world.study.pk, timed.transcript.pk])
    assert 'id="player"' not in client.get(workbench).content.decode()
    attach(client, world, timed.transcript, wav_bytes())
    html = client.get(workbench).content.decode()
    start = html.index('id="player-config"')
    config = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert config == {
        "src": url(world, timed.transcript, "recording"),
        "turns": [[0, 0.0, 10.0], [1, 10.0, 20.0], [2, 20.0, 30.0], [3, 30.0, 40.0]],
        "order": [],  # every turn is timed: nothing to tap along
        "timesApi": times_url(world, timed.transcript),
        "canWrite": True,
    }
    assert '<audio id="player-media"' in html


def times_url(world, transcript):
    return f"/api/v1/studies/{world.study.pk}/transcripts/{transcript.pk}/turn-times/"


def test_tapped_turn_times_are_stored(world, transcript):
    """An untimed transcript (plain text) gets its turn times from tapping along."""
    indices = list(transcript.turns.values_list("index", flat=True))
    times = [[index, 2.0 * n, 2.0 * n + 2] for n, index in enumerate(indices)]
    answer = world.client("coder").put(
        times_url(world, transcript), {"times": times}, format="json"
    )
    assert answer.status_code == 200 and answer.json() == {"timed": len(indices)}
    stored = list(transcript.turns.values_list("index", "start_seconds", "end_seconds"))
    assert stored == [tuple(row) for row in times]
    transcript.refresh_from_db()
    assert transcript.media_duration == 2.0 * len(indices)


@pytest.mark.parametrize(
    "times, field, reason",
    [
        ([[99, 0, 1]], "times[0]", "no turn 99 in this transcript."),
        ([[0, 5, 1]], "times[0]", "start must be 0 or more and before the end."),
        ([[0, -1, 1]], "times[0]", "start must be 0 or more and before the end."),
        ([[0, 0, 5], [1, 4, 6]], "times", "turn 1 starts before turn 0 ends."),
        ([[0, 0, 1], [0, 1, 2]], "times", "turn 0 is timed twice."),
    ],
)
def test_bad_turn_times_store_nothing(world, transcript, times, field, reason):
    answer = world.client("owner").put(
        times_url(world, transcript), {"times": times}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == [{"field": field, "reason": reason}]
    assert not transcript.turns.filter(start_seconds__isnull=False).exists()


@pytest.mark.parametrize("persona, status", [("viewer", 403), ("outsider", 404)])
def test_turn_times_refused(world, transcript, persona, status):
    answer = world.client(persona).put(
        times_url(world, transcript), {"times": [[0, 0, 1]]}, format="json"
    )
    assert answer.status_code == status


def test_untimed_transcript_offers_tap_along(world, transcript, client):
    world.login(client, "coder")
    attach(client, world, transcript, wav_bytes())
    html = client.get(reverse("transcript-detail", args=[world.study.pk, transcript.pk]))
    html = html.content.decode()
    assert 'id="tap-start"' in html
    world.login(client, "viewer")
    html = client.get(reverse("transcript-detail", args=[world.study.pk, transcript.pk]))
    assert 'id="tap-start"' not in html.content.decode()
