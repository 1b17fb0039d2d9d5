"""The study pages, per persona: outsiders 404, viewers read but never write."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import PERSONAS, SMALL_INTERVIEW, make_user
from transcripts.models import ImportJob, Invitation, Membership, Transcript

RANK = {"viewer": 0, "coder": 1, "owner": 2}


def _pages(world, transcript):
    study = world.study.pk
    return [
        reverse("study-detail", args=[study]),
        reverse("transcript-detail", args=[study, transcript.pk]),
        reverse("participant-detail", args=[study, transcript.participant_id]),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_reading_pages(world, transcript, client, persona):
    world.login(client, persona)
    for url in _pages(world, transcript):
        response = client.get(url)
        assert response.status_code == (404 if persona == "outsider" else 200), url


def test_login_required(world, transcript, client):
    for url in [reverse("study-list"), *_pages(world, transcript)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_study_list_shows_only_member_studies(world, client):
    from tests.conftest import make_world

    make_world("Private other study")
    world.login(client, "viewer")
    page = client.get(reverse("study-list")).content.decode()
    assert "Helpful moments" in page and "Private other study" not in page
    world.login(client, "outsider")
    assert "Helpful moments" not in client.get(reverse("study-list")).content.decode()


def test_create_study_in_browser(db, client):
    client.force_login(make_user("founder"))
    response = client.post(
        reverse("study-list"),
        {"title": "Mentoring", "starter_codebook": "on", "blind_coding": "on"},
    )
    membership = Membership.objects.get(study__title="Mentoring")
    assert response.status_code == 302 and membership.role == "owner"
    assert membership.study.codes.count() == 21


def test_transcript_page_shows_turns_and_participant(world, transcript, client):
    transcript.participant.attributes = {"months_since_therapy": 5}
    transcript.participant.save()
    world.login(client, "viewer")
    page = client.get(reverse("transcript-detail", args=[world.study.pk, transcript.pk]))
    html = page.content.decode()
    assert html.count('class="turn role-client"') == 2
    assert f'data-start="{transcript.text.index("Honestly")}"' in html
    assert "months_since_therapy" in html


def _import(client, world, name="P05.txt", data=SMALL_INTERVIEW + b"\nInterviewer: Bye.\n"):
    url = reverse("transcript-import", args=[world.study.pk])
    upload = SimpleUploadedFile(name, data, content_type="text/plain")
    return client.post(url, {"files": [upload], "language": "en"}, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("persona", PERSONAS)
def test_import_in_browser_per_persona(world, client, persona):
    world.login(client, persona)
    response = _import(client, world)
    expected = {"outsider": 404, "viewer": 403}.get(persona, 200)
    assert response.status_code == expected
    assert Transcript.objects.filter(study=world.study).count() == (1 if expected == 200 else 0)
    if expected == 200:
        job = ImportJob.objects.get()
        # The test backend runs the task at once; the page then shows the outcome table.
        assert job.status == "done" and job.done == 1 and job.files.count() == 0
        assert "imported" in response.content.decode()


def test_import_job_page_polls_until_done(world, client):
    job = ImportJob.objects.create(study=world.study, created_by=world.users["coder"], total=2)
    world.login(client, "viewer")
    url = reverse("import-job", args=[world.study.pk, job.pk])
    assert 'hx-trigger="every 1s"' in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    job.status, job.done = "done", 2
    job.save()
    assert "every 1s" not in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    world.login(client, "outsider")
    assert client.get(url).status_code == 404


def test_import_form_errors_are_shown(world, client):
    world.login(client, "coder")
    url = reverse("transcript-import", args=[world.study.pk])
    response = client.post(url, {"language": "en"})
    assert response.status_code == 400 and "files" in response.content.decode()
    upload = SimpleUploadedFile("x.txt", SMALL_INTERVIEW)
    named = client.post(url, {"files": [upload], "participant": "John Smith", "language": "en"})
    assert named.status_code == 400 and "never a name" in named.content.decode()
    assert Transcript.objects.count() == 0


def test_bad_files_in_browser_are_reported_per_file(world, client):
    world.login(client, "coder")
    url = reverse("transcript-import", args=[world.study.pk])
    files = [
        SimpleUploadedFile("good.txt", SMALL_INTERVIEW),
        SimpleUploadedFile("bad.docx", b"PK not really"),
    ]
    response = client.post(url, {"files": files, "language": "en"})
    html = response.content.decode()
    assert html.count('class="imported"') == 1 and html.count('class="failed"') == 1
    assert Transcript.objects.count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_member_management_per_persona(world, client, persona):
    newcomer = make_user("newcomer")
    world.login(client, persona)
    response = client.post(
        reverse("member-add", args=[world.study.pk]), {"username": "newcomer", "role": "coder"}
    )
    expected = {"outsider": 404, "viewer": 403, "coder": 403}.get(persona, 302)
    assert response.status_code == expected
    # An owner invites; nobody is added before they accept.
    assert not Membership.objects.filter(study=world.study, user=newcomer).exists()
    invited = Invitation.objects.filter(study=world.study, user=newcomer, status="pending")
    assert invited.exists() == (persona == "owner")
    viewer = Membership.objects.get(study=world.study, user=world.users["viewer"])
    removal = client.post(reverse("member-remove", args=[world.study.pk, viewer.pk]))
    assert removal.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_speaker_role_page_action_per_persona(world, transcript, client, persona):
    world.login(client, persona)
    url = reverse("speaker-role-set", args=[world.study.pk])
    response = client.post(url, {"label": "Client", "role": "therapist"})
    expected = {"outsider": 404, "viewer": 403, "coder": 403}.get(persona, 302)
    assert response.status_code == expected
    roles = set(transcript.turns.filter(speaker="Client").values_list("role", flat=True))
    assert roles == ({"therapist"} if persona == "owner" else {"client"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_participant_attributes_per_persona(world, transcript, client, persona):
    world.login(client, persona)
    url = reverse("participant-detail", args=[world.study.pk, transcript.participant_id])
    response = client.post(url, {"attributes": "months_since_therapy: 7\norientation: CBT"})
    expected = {"outsider": 404, "viewer": 403}.get(persona, 302)
    assert response.status_code == expected
    transcript.participant.refresh_from_db()
    if expected == 302:
        assert transcript.participant.attributes == {
            "months_since_therapy": 7,
            "orientation": "CBT",
        }
    else:
        assert transcript.participant.attributes == {}


def test_participant_attributes_bad_line(world, transcript, client):
    world.login(client, "coder")
    url = reverse("participant-detail", args=[world.study.pk, transcript.participant_id])
    response = client.post(url, {"attributes": "just words"})
    assert response.status_code == 200 and "Line 1" in response.content.decode()


def test_participant_attributes_page_keeps_numbers_json_can_hold(world, transcript, client):
    from transcripts.models import Participant

    world.login(client, "coder")
    url = reverse("participant-detail", args=[world.study.pk, transcript.participant_id])
    lines = "age: 40\nscore: 1e400\nodd: nan\nbig: 99999999999999999999\nrate: 0.5"
    client.post(url, {"attributes": lines})
    stored = Participant.objects.get(pk=transcript.participant_id).attributes
    assert stored == {
        "age": 40,
        "score": "1e400",
        "odd": "nan",
        "big": "99999999999999999999",
        "rate": 0.5,
    }


def test_clock_filter():
    from coding.templatetags.qualcode_time import clock

    assert [clock(None), clock(4.9), clock(75.2), clock(3725)] == ["", "0:04", "1:15", "1:02:05"]


def test_stylesheet_is_served_in_debug(client, settings):
    from django.contrib.staticfiles import finders

    assert finders.find("qualcode/app.css")


def test_an_empty_file_is_reported_in_its_row_and_the_others_import(world, client):
    world.login(client, "coder")
    url = reverse("transcript-import", args=[world.study.pk])
    files = [SimpleUploadedFile("good.txt", SMALL_INTERVIEW), SimpleUploadedFile("empty.txt", b"")]
    html = client.post(url, {"files": files, "language": "en"}).content.decode()
    assert html.count('class="imported"') == 1 and html.count('class="failed"') == 1
    assert "The file is empty." in html
    assert "2 of 2 files read: 1 imported, 1 failed." in html
    assert Transcript.objects.count() == 1


def test_a_batch_where_every_file_failed_says_so(world, client):
    world.login(client, "coder")
    url = reverse("transcript-import", args=[world.study.pk])
    files = [SimpleUploadedFile("a.txt", b""), SimpleUploadedFile("b.docx", b"PK not really")]
    html = client.post(url, {"files": files, "language": "en"}).content.decode()
    assert "2 of 2 files read: 0 imported, 2 failed." in html
    assert "No file was imported" in html
    assert Transcript.objects.count() == 0


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_import_address_opened_in_the_browser_leads_to_the_form(world, client, persona):
    world.login(client, persona)
    response = client.get(reverse("transcript-import", args=[world.study.pk]))
    if persona == "outsider":
        assert response.status_code == 404
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("study-detail", args=[world.study.pk]) + "#import"


def test_the_study_list_counts_every_member(world, client):
    world.login(client, "coder")
    html = client.get(reverse("study-list")).content.decode()
    # The world study has owner, coder and viewer (the outsider is not a member); no transcripts.
    assert "<td>0</td><td>3</td>" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_owner_ends_and_restarts_the_blind_phase_from_the_study_page(world, client, persona):
    world.login(client, persona)
    url = reverse("blind-phase-set", args=[world.study.pk])
    response = client.post(url, {"blind": "off"})
    expected = {"outsider": 404, "viewer": 403, "coder": 403}.get(persona, 302)
    assert response.status_code == expected
    world.study.refresh_from_db()
    assert world.study.blind_coding is (persona != "owner")
    if persona == "owner":
        page = client.get(reverse("study-detail", args=[world.study.pk])).content.decode()
        assert '<strong id="blind-phase">off</strong>' in page and "Restart the blind phase" in page
        client.post(url, {"blind": "on"})
        world.study.refresh_from_db()
        assert world.study.blind_coding is True


@pytest.mark.parametrize("persona", PERSONAS)
def test_owner_names_a_coder_reconciler_from_the_study_page(world, client, persona):
    coder = Membership.objects.get(study=world.study, user=world.users["coder"])
    world.login(client, persona)
    url = reverse("member-reconciler", args=[world.study.pk, coder.pk])
    response = client.post(url, {"named": "on"})
    assert response.status_code == {"outsider": 404, "viewer": 403, "coder": 403}.get(persona, 302)
    coder.refresh_from_db()
    assert coder.named_reconciler is (persona == "owner")
    if persona == "owner":
        page = client.get(reverse("study-detail", args=[world.study.pk])).content.decode()
        assert "stop reconciling" in page
        client.post(url, {"named": "off"})
        coder.refresh_from_db()
        assert coder.named_reconciler is False
