"""The session pages: access, the timeline chart and figures, forms that refuse bad input with
400 and store nothing, the blind phase in the linked segments, constant queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coding.microprocess.models import RatingSeries, Session, SessionMeasure
from coding.models import Code
from tests.coding.microprocess.conftest import CLIENT_CSV
from tests.conftest import PERSONAS


def page(world, transcript, name="session"):
    return reverse(name, args=[world.study.pk, transcript.pk])


@pytest.mark.parametrize("persona", PERSONAS)
def test_session_page_per_persona(world, rated, client, persona):
    world.login(client, persona)
    response = client.get(page(world, rated.transcript), {"step": 10, "segment": 10})
    assert response.status_code == (404 if persona == "outsider" else 200)
    if persona != "outsider":
        html = response.content.decode()
        assert ('id="ratings-form"' in html) == (persona != "viewer")


def test_chart_figures_and_links(world, rated, client):
    world.login(client, "owner")
    html = client.get(page(world, rated.transcript), {"step": 10, "segment": 10}).content.decode()
    workbench = reverse("transcript-detail", args=[world.study.pk, rated.transcript.pk])
    assert '<td class="mean">60.00</td>' in html and '<td class="mean">53.33</td>' in html
    assert 'class="series series-client"' in html and 'class="series series-therapist"' in html
    assert f'href="{workbench}#turn-2"' in html  # a click on the chart opens the turn
    assert 'class="mark mark-helpful"' in html  # the coder's moment (the owner sees it)
    assert "client top: 0:30–0:40, mean 80.0" in html
    assert "<script" not in html.split("</head>")[1]  # nothing inline under the CSP


def test_coder_in_blind_phase_sees_only_own_codings_in_segments(world, rated, client):
    rated.owner_coding.code = Code.objects.create(study=world.study, name="Owner's own code")
    rated.owner_coding.save()
    for persona, shown in (("owner", True), ("coder", False)):
        world.login(client, persona)
        html = client.get(page(world, rated.transcript), {"step": 10, "segment": 10})
        assert ("Owner&#x27;s own code" in html.content.decode()) == shown


def test_bad_analysis_parameters_are_a_form_error(world, rated, client):
    world.login(client, "viewer")
    response = client.get(page(world, rated.transcript), {"step": 0})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0.01" in response.content.decode()


def test_page_query_count_is_constant(world, rated, client, django_assert_max_num_queries):
    world.login(client, "owner")
    client.get(page(world, rated.transcript))
    with django_assert_max_num_queries(20):
        assert client.get(page(world, rated.transcript)).status_code == 200


def test_import_form_lists_bad_rows_and_stores_nothing(world, timed, client):
    world.login(client, "coder")
    bad = SimpleUploadedFile("dial.csv", b"0,50\n1,500\n2,x\n")
    response = client.post(
        page(world, timed.transcript, "session-ratings"), {"rater_role": "client", "file": bad}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "line 2: value 500 is outside 0-100" in html and "line 3: seconds and value" in html
    assert not RatingSeries.objects.exists() and not Session.objects.exists()
    good = SimpleUploadedFile("dial.csv", CLIENT_CSV)
    response = client.post(
        page(world, timed.transcript, "session-ratings"), {"rater_role": "client", "file": good}
    )
    assert response.status_code == 302 and RatingSeries.objects.get().values == [20, 100]


def test_viewer_cannot_post_forms(world, timed, client):
    world.login(client, "viewer")
    for name in ("session-ratings", "session-measure", "session-edit", "session-guess"):
        assert client.post(page(world, timed.transcript, name), {}).status_code == 403


def test_measure_form(world, timed, client):
    world.login(client, "coder")
    items = {f"item_{n}": 4 for n in range(1, 13)}
    bad = {"instrument": "wai_sr", "rater_role": "client", **items, "item_12": 6}
    response = client.post(page(world, timed.transcript, "session-measure"), bad)
    assert response.status_code == 400 and not SessionMeasure.objects.exists()
    assert "Ensure this value is less than or equal to 5" in response.content.decode()
    good = {"instrument": "wai_sr", "rater_role": "client", **items}
    assert client.post(page(world, timed.transcript, "session-measure"), good).status_code == 302
    srs = {
        "instrument": "srs",
        "rater_role": "client",
        "item_1": "9.5",
        "item_2": 10,
        "item_3": 0,
        "item_4": "7.2",
    }
    assert client.post(page(world, timed.transcript, "session-measure"), srs).status_code == 302
    totals = dict(SessionMeasure.objects.values_list("instrument", "total"))
    assert totals == {"wai_sr": 48, "srs": 26.7}
    html = client.get(page(world, timed.transcript)).content.decode()
    assert "goal 16, task 16, bond 16" in html


def test_session_form_and_list(world, timed, client):
    world.login(client, "coder")
    form = {"number": 2, "date": "2026-05-04", "therapist": "T09"}
    assert client.post(page(world, timed.transcript, "session-edit"), form).status_code == 302
    session = Session.objects.get()
    assert (session.number, str(session.date), session.therapist) == (2, "2026-05-04", "T09")
    html = client.get(reverse("session-list", args=[world.study.pk])).content.decode()
    assert "Session 2" in html and "T09" in html
    study_page = client.get(reverse("study-detail", args=[world.study.pk])).content.decode()
    assert reverse("session-list", args=[world.study.pk]) in study_page


def test_timed_transcripts_are_offered_as_sessions(world, timed, client):
    world.login(client, "viewer")
    html = client.get(reverse("session-list", args=[world.study.pk])).content.decode()
    assert "No sessions yet." in html and page(world, timed.transcript) in html


def test_guess_form(world, rated, client):
    world.login(client, "owner")
    url = page(world, rated.transcript, "session-guess")
    labels = {f"label_{i}": v for i, v in enumerate(["bottom", "bottom", "top", "top"])}
    response = client.post(url, {"step": 10, "segment": 10, **labels})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Score: <strong>3 of 4</strong>" in html


@pytest.fixture
def two_sessions(world, timed):
    """The timed transcript as session 1 of P01 and a second transcript as session 2."""
    from transcripts import imports

    [outcome] = imports.import_files(
        study=world.study,
        user=world.users["owner"],
        files=[("S02.txt", b"Therapist: Hello again.\n\nClient: Hi.\n")],
        participant_code=timed.transcript.participant.code,
    )
    member = world.study.memberships.get(user=world.users["owner"])
    from coding.microprocess import services

    services.save_session(member=member, transcript_id=timed.transcript.pk)
    services.save_session(member=member, transcript_id=outcome.transcript_id)
    return timed.transcript.participant


def measures_page(world, participant):
    return reverse("participant-measures", args=[world.study.pk, participant.pk])


def test_measures_import_and_participant_view(world, two_sessions, client):
    world.login(client, "coder")
    rows = "session,instrument,rater_role,items\n1,WAI-SR,client," + ",".join(["5"] * 12)
    rows += "\n2,WAI-SR,client," + ",".join(["1"] * 12) + "\n2,SRS,client,9.5,9,8,7.5\n"
    upload = SimpleUploadedFile("measures.csv", rows.encode())
    response = client.post(measures_page(world, two_sessions), {"file": upload})
    assert response.status_code == 302
    html = client.get(measures_page(world, two_sessions)).content.decode()
    assert "<th>WAI-SR (client)</th><th>SRS (client)</th>" in html
    assert '60 <span class="muted">(goal 20, task 20, bond 20)</span>' in html
    assert '12 <span class="muted">(goal 4, task 4, bond 4)</span>' in html and "34" in html
    assert (
        reverse("participant-measures", args=[world.study.pk, two_sessions.pk])
        in client.get(
            reverse("participant-detail", args=[world.study.pk, two_sessions.pk])
        ).content.decode()
    )


@pytest.mark.parametrize(
    "rows, reason",
    [
        ("1,SRS,client,9,9,9,11\n", "line 1: items.4: must be 0-10"),
        (
            "1,SRS,client,1,1,1,1\n3,SRS,client,1,1,1,1\n",
            "no such session of this participant: line 2.",
        ),
        ("session,instrument\n", "no rows: give session,instrument,rater_role,item1,..."),
        ("", "The submitted file is empty."),
    ],
)
def test_measures_import_refuses_and_stores_nothing(world, two_sessions, client, rows, reason):
    world.login(client, "owner")
    upload = SimpleUploadedFile("measures.csv", rows.encode())
    response = client.post(measures_page(world, two_sessions), {"file": upload})
    assert response.status_code == 400 and reason in response.content.decode()
    assert not SessionMeasure.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_participant_measures_per_persona(world, two_sessions, client, persona):
    world.login(client, persona)
    read = client.get(measures_page(world, two_sessions)).status_code
    upload = SimpleUploadedFile("m.csv", b"1,SRS,client,1,1,1,1\n")
    wrote = client.post(measures_page(world, two_sessions), {"file": upload}).status_code
    expected = {"owner": (200, 302), "coder": (200, 302), "viewer": (200, 403)}
    assert (read, wrote) == expected.get(persona, (404, 404))
