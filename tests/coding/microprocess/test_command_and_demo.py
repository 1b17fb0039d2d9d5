"""`manage.py microprocess` prints what the API answers; the demo session has the reference
session's means (client 52.20, therapist 53.07), both measures and a 4 of 6 guess."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from coding.microprocess import demo, report, selectors
from coding.microprocess.models import Session
from transcripts import imports

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo"


def run(*args) -> str:
    out = StringIO()
    call_command("microprocess", *args, stdout=out)
    return out.getvalue()


def test_command_json_is_the_api_answer(world, rated):
    printed = json.loads(
        run("--transcript", str(rated.transcript.pk), "--segment", "10", "--step", "10", "--json")
    )
    api = (
        world.client("owner")
        .get(
            f"/api/v1/studies/{world.study.pk}/transcripts/{rated.transcript.pk}/ratings/analysis/",
            {"segment": 10, "step": 10},
        )
        .json()
    )
    assert printed == api


def test_command_table(world, rated):
    text = run("--transcript", str(rated.transcript.pk), "--segment", "10", "--step", "10")
    assert "client           2   60.00   56.57  20.0-100.0" in text
    assert "client - therapist (lag 0 s, n 4): pearson -0.632, spearman -0.632" in text
    assert "     0:20-0:30    mean   60.0  turns 2  codes: Being welcomed" in text


def test_command_as_a_blind_coder_sees_own_codings(world, rated):
    text = run(
        "--transcript",
        str(rated.transcript.pk),
        "--step",
        "10",
        "--segment",
        "10",
        "--as",
        world.users["coder"].username,
    )
    assert "0:30-0:40    mean   80.0  turns 3  codes: -" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--transcript", "999999"], "No transcript with id 999999."),
        (["--step", "0"], "step: must be between 0.01 and 60 seconds."),
        (["--as", "nobody"], "No such member of the transcript's study."),
    ],
)
def test_command_refusals(world, rated, args, message):
    if "--transcript" not in args:
        args = ["--transcript", str(rated.transcript.pk), *args]
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_command_without_series(world, timed):
    with pytest.raises(CommandError, match="no dial series yet"):
        run("--transcript", str(timed.transcript.pk))


def test_demo_session(world):
    path = DEMO / "interviews" / "P03.vtt"
    [outcome] = imports.import_files(
        study=world.study,
        user=world.users["owner"],
        files=[(path.name, path.read_bytes())],
        participant_code="P03",
    )
    assert demo.load_session(
        study=world.study, owner=world.users["owner"], folder=DEMO / "sessions"
    )
    assert not demo.load_session(
        study=world.study, owner=world.users["owner"], folder=DEMO / "sessions"
    )
    session = Session.objects.get()
    assert (session.number, session.therapist) == (1, "T02")
    member = world.study.memberships.get(user=world.users["owner"])
    data = selectors.session_data(world.study, outcome.transcript_id)
    found = report.session_report(data, member, step=1.0, segment=30.0, lag=0.0)
    assert round(found["means"]["client"], 2) == 52.20
    assert round(found["means"]["therapist"], 2) == 53.07
    assert found["means"]["client"] == pytest.approx(52.20, abs=1e-9)
    assert found["means"]["therapist"] == pytest.approx(53.07, abs=1e-9)
    assert found["samples"] == {"client": 2100, "therapist": 1050}
    assert 0.2 < found["pearson"][0]["r"] < 0.4  # modest, as in the reference session
    assert (found["guess"]["score"], found["guess"]["out_of"]) == (4, 6)
    totals = {(m.instrument, m.rater_role): m.total for m in session.measures.all()}
    assert totals == {
        ("wai_sr", "client"): 48,
        ("wai_sr", "therapist"): 44,
        ("srs", "client"): 33.5,
    }
    # every top segment lies over timed turns of the interview
    assert all(s["turns"] for s in found["top"]["client"])
