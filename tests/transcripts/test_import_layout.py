"""Imports end to end: metadata kept on the transcript, focus groups as several participants
(turns carry them), shown in the API and the workbench with a constant number of queries."""

from datetime import timedelta
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from transcripts.models import Participant, Transcript
from transcripts.trash import services as trash

FOCUS_GROUP = (
    b"# Focus group 2\n"
    b"Date: 2025-05-02\n"
    b"\n"
    b"[Moderator] Welcome, everyone.\n"
    b"[id1] Thanks.\n"
    b"[id2] Hello,\n"
    b"glad to be here.\n"
    b"[id1] Me too.\n"
)


def test_focus_group_metadata_and_participants_through_the_api(world):
    Participant.objects.create(study=world.study, code="P03")
    client = world.client("coder")
    url = reverse("api-transcript-import", kwargs={"study_pk": world.study.pk})
    upload = SimpleUploadedFile("group2.md", FOCUS_GROUP, content_type="text/markdown")
    response = client.post(url, {"files": [upload], "participant": "P09"}, format="multipart")
    assert response.status_code == 201
    [outcome] = response.json()
    assert outcome["message"] == (
        "4 turns, 4 sentences, focus group: P04 (id1), P05 (id2) (the code P09 is for "
        "one-to-one interviews: not used)."
    )
    transcript = Transcript.objects.get()
    assert transcript.participant is None and transcript.title == "Focus group (P04, P05)"
    assert Participant.objects.get(code="P05").attributes == {
        "focus_group_label": "id2",
        "focus_group_file": "group2.md",
    }
    assert not Participant.objects.filter(code="P09").exists()
    detail = client.get(
        reverse(
            "api-transcript-detail",
            kwargs={"study_pk": world.study.pk, "transcript_pk": transcript.pk},
        )
    ).json()
    assert detail["metadata"] == {
        "headings": [{"level": 1, "text": "Focus group 2", "before_turn": 0}],
        "fields": {"Date": "2025-05-02"},
        "notes": [],
    }
    assert [
        (t["speaker"], t["role"], t["participant"], t["start"], t["end"]) for t in detail["turns"]
    ] == [
        ("Moderator", "interviewer", None, 46, 64),
        ("id1", "client", "P04", 71, 78),
        ("id2", "client", "P05", 85, 108),
        ("id1", "client", "P04", 115, 122),
    ]
    assert detail["text"][85:108] == "Hello, glad to be here."  # the hard wrap joined
    assert detail["participant"] is None


def test_workbench_shows_metadata_and_participants_in_constant_queries(world):
    from tests.conftest import SMALL_INTERVIEW
    from transcripts import imports

    outcomes = imports.import_files(
        study=world.study,
        user=world.users["owner"],
        files=[("group.md", FOCUS_GROUP), ("P01.txt", SMALL_INTERVIEW)],
    )
    client = world.login(Client(), "viewer")
    counts = []
    for outcome in outcomes:
        url = reverse(
            "transcript-detail",
            kwargs={"study_pk": world.study.pk, "transcript_pk": outcome.transcript_id},
        )
        client.get(url)  # the first page of a session also loads the session's user
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
        if outcome.filename == "group.md":
            assert "<dt>Date</dt><dd>2025-05-02</dd>" in page
            assert '<a href="#turn-0">Focus group 2</a>' in page
            assert '<span class="participant" title="focus-group participant">P02</span>' in page
        else:
            assert 'id="transcript-metadata"' not in page
    assert counts[0] == counts[1]


def test_changing_a_transcripts_language_is_checked_too(world, transcript):
    url = reverse(
        "api-transcript-detail",
        kwargs={"study_pk": world.study.pk, "transcript_pk": transcript.pk},
    )
    owner = world.client("owner")
    response = owner.patch(url, {"language": "qq", "participant": "P44"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "language"
    assert not Participant.objects.filter(code="P44").exists()
    assert owner.patch(url, {"language": "fr"}, format="json").json()["language"] == "fr"


def test_a_study_with_a_focus_group_can_be_deleted(world):
    from transcripts import imports

    imports.import_files(
        study=world.study, user=world.users["owner"], files=[("group.md", FOCUS_GROUP)]
    )
    # Deleting moves the study to the trash; the purge 30 days later removes it for good, the
    # focus group's participants (referenced by its turns) included.
    url = reverse("api-study-detail", kwargs={"study_pk": world.study.pk})
    confirmed = f"{url}?{urlencode({'confirm': world.study.title})}"
    assert world.client("owner").delete(confirmed).status_code == 204
    later = timezone.now() + timedelta(days=31)
    assert trash.purge_trash(now=later)["studies"] == 1
    assert not Participant.objects.exists() and not Transcript.all_objects.exists()
