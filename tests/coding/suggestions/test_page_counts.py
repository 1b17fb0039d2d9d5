"""The suggestions page's stored counts (through the visibility layer) and the job panel: the
counts follow a finished job without a reload, and a job with no progress yet says so."""

import pytest

from coding.models import Code, Suggestion, SuggestionJob
from tests.conftest import make_user
from transcripts import imports
from transcripts.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(world):
    [outcome] = imports.import_files(
        study=world.study,
        user=world.users["owner"],
        files=[("P41.txt", b"Interviewer: Hi?\n\nClient: The room was calm.\n")],
    )
    other = make_user("second-coder")
    Membership.objects.create(study=world.study, user=other, role=Role.CODER)
    code = Code.objects.create(study=world.study, name="Room")
    common = {"study": world.study, "transcript_id": outcome.transcript_id, "code": code}
    Suggestion.objects.bulk_create(
        [
            Suggestion(**common, start=0, end=5, score=0.9, recommender="rules", version="r"),
            Suggestion(
                **common,
                start=0,
                end=5,
                score=0.7,
                recommender="model",
                version="m",
                for_user=world.users["coder"],
            ),
            Suggestion(
                **common,
                start=6,
                end=9,
                score=0.7,
                recommender="model",
                version="m",
                for_user=other,
            ),
        ]
    )
    return world


def test_counts_go_through_the_blind_phase(client, stored):
    world = stored
    world.study.blind_coding = True
    world.study.save()
    url = f"/studies/{world.study.pk}/suggestions/"
    world.login(client, "coder")
    # The shared rule suggestion and the coder's own model suggestion; not the other coder's.
    assert "Stored suggestions: 1 model, 1 rules." in client.get(url).content.decode()
    # Suggestions made for one coder are theirs alone, whoever asks (Suggestion.visible_to).
    world.login(client, "owner")
    assert "Stored suggestions: 1 rules." in client.get(url).content.decode()


def test_job_panel_says_what_it_is_doing_and_refreshes_the_counts(client, stored):
    world = stored
    world.login(client, "coder")
    job = SuggestionJob.objects.create(
        study=world.study, kind="suggest", status="running", created_by=world.users["owner"]
    )
    url = f"/studies/{world.study.pk}/suggestions/jobs/{job.pk}/"
    panel = client.get(url).content.decode()
    assert "0 of 0" not in panel
    assert "reading the study's transcripts and codings" in panel
    assert 'id="suggestion-counts"' not in panel
    job.status, job.done, job.total = "done", 1, 1
    job.result = {"transcripts": 1, "suggestions": {"rules": 1}}
    job.save()
    panel = client.get(url).content.decode()
    assert (
        '<p id="suggestion-counts" hx-swap-oob="true">Stored suggestions: 1 model, 1 rules.</p>'
        in panel
    )
