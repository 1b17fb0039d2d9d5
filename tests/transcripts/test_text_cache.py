"""The text API keeps a transcript's turns per process under its turns_revision: every change of
turns (speaker roles, times, a focus-group participant's code, a saved turn) shows at once, and
an unchanged transcript is answered without reading its turns again."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coding.microprocess.recordings import set_turn_times
from tests.transcripts.test_import_layout import FOCUS_GROUP
from transcripts import studies
from transcripts.access import get_study_for_user
from transcripts.models import Participant, Transcript, Turn


def text_api(world, transcript, persona="coder"):
    url = reverse(
        "api-transcript-detail", kwargs={"study_pk": world.study.pk, "transcript_pk": transcript.pk}
    )
    with CaptureQueriesContext(connection) as queries:
        response = world.client(persona).get(url)
    assert response.status_code == 200
    return response.json(), len(queries)


def roles(body):
    return [(t["speaker"], t["role"]) for t in body["turns"]]


def test_an_unchanged_transcript_is_answered_without_reading_its_turns_again(world, transcript):
    first, cold = text_api(world, transcript)
    again, warm = text_api(world, transcript, "viewer")
    assert again == first and (cold, warm) == (3, 2)  # door, transcript (+ turns when cold)


def test_a_speaker_role_set_after_a_read_shows_at_once(world, transcript):
    before, _ = text_api(world, transcript)
    assert roles(before)[0] == ("Interviewer", "interviewer")
    studies.set_speaker_role(study=world.study, label="Interviewer", role="other")
    after, queries = text_api(world, transcript)
    assert roles(after) == [("Interviewer", "other"), ("Client", "client")] * 2
    assert queries == 3  # the turns were read again


def test_turn_times_and_a_saved_turn_show_at_once(world, transcript):
    text_api(world, transcript)
    _, member = get_study_for_user(world.users["coder"], world.study.pk)
    set_turn_times(member=member, transcript_id=transcript.pk, times=[[0, 1.5, 4.0]])
    body, _ = text_api(world, transcript)
    assert (body["turns"][0]["start_seconds"], body["turns"][0]["end_seconds"]) == (1.5, 4.0)
    turn = Turn.objects.get(transcript=transcript, index=1)
    turn.speaker = "Client (P01)"
    turn.save()
    body, _ = text_api(world, transcript)
    assert body["turns"][1]["speaker"] == "Client (P01)"


def test_a_focus_group_participants_new_code_shows_at_once(world):
    url = reverse("api-transcript-import", kwargs={"study_pk": world.study.pk})
    upload = SimpleUploadedFile("group2.md", FOCUS_GROUP, content_type="text/markdown")
    assert (
        world.client("coder").post(url, {"files": [upload]}, format="multipart").status_code == 201
    )
    transcript = Transcript.objects.get()
    body, _ = text_api(world, transcript)
    assert [t["participant"] for t in body["turns"]] == [None, "P01", "P02", "P01"]
    studies.update_participant(participant=Participant.objects.get(code="P02"), code="P07")
    body, _ = text_api(world, transcript)
    assert [t["participant"] for t in body["turns"]] == [None, "P01", "P07", "P01"]
    revision = Transcript.objects.get().turns_revision
    studies.update_participant(participant=Participant.objects.get(code="P07"), code="P07")
    assert Transcript.objects.get().turns_revision == revision  # the same code: nothing stale


def test_the_etag_moves_with_every_change_of_the_answer(world, transcript):
    url = reverse(
        "api-transcript-detail", kwargs={"study_pk": world.study.pk, "transcript_pk": transcript.pk}
    )
    client = world.client("owner")
    tags = [client.get(url)["ETag"]]
    assert client.get(url, HTTP_IF_NONE_MATCH=tags[0]).status_code == 304
    assert client.patch(url, {"title": "Interview one"}, format="json").status_code == 200
    tags.append(client.get(url)["ETag"])
    studies.set_speaker_role(study=world.study, label="Client", role="other")
    tags.append(client.get(url)["ETag"])
    assert len(set(tags)) == 3
    response = client.get(url, HTTP_IF_NONE_MATCH=tags[0])
    assert response.status_code == 200 and response.json()["title"] == "Interview one"
    assert client.get(url, HTTP_IF_NONE_MATCH=tags[2]).status_code == 304
