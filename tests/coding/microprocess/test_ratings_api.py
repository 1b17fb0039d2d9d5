"""The ratings API: personas, import with bad rows (nothing stored), the analysis with exact
values and segments linked to turns, codings and moments through the blind phase."""

import math

import pytest
from django.urls import reverse

from coding.microprocess.models import RatingSeries, Session
from tests.coding.microprocess.conftest import CLIENT_CSV, upload
from tests.conftest import PERSONAS, make_world


def url(world, transcript, tail: str = "ratings/") -> str:
    return f"/api/v1/studies/{world.study.pk}/transcripts/{transcript.pk}/{tail}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_reading_and_importing_by_persona(world, timed, persona):
    client = world.client(persona)
    read = client.get(url(world, timed.transcript))
    wrote = upload(client, world, timed.transcript, "client", CLIENT_CSV)
    expected = {"owner": (200, 201), "coder": (200, 201), "viewer": (200, 403)}
    assert (read.status_code, wrote.status_code) == expected.get(persona, (404, 404))


def test_import_makes_the_session_and_lists_samples(world, rated):
    body = world.client("viewer").get(url(world, rated.transcript)).json()
    assert body["session"]["number"] == 1 and body["session"]["therapist"] == ""
    assert [s["rater_role"] for s in body["series"]] == ["client", "therapist"]
    assert body["series"][0]["samples"] == [[0.0, 20.0], [40.0, 100.0]]
    assert body["series"][1]["samples"] == [[0.0, 60.0], [20.0, 40.0], [40.0, 60.0]]
    # importing a role again replaces its series
    upload(world.client("coder"), world, rated.transcript, "client", b"0,1\n5,2\n")
    assert RatingSeries.objects.get(rater_role="client").values == [1, 2]


def test_bad_rows_are_listed_and_nothing_is_stored(world, timed):
    bad = b"seconds,value\n0,50\n1,xx\n2,150\n"
    answer = upload(world.client("owner"), world, timed.transcript, "client", bad)
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"field": "file", "reason": "line 3: seconds and value must be numbers"},
        {"field": "file", "reason": "line 4: value 150 is outside 0-100"},
    ]
    assert not Session.objects.exists() and not RatingSeries.objects.exists()


@pytest.mark.parametrize(
    "role, data, field",
    [
        ("friend", CLIENT_CSV, "rater_role"),
        ("client", b"\x00\x01\x02binary", "file"),
        ("client", b"", "file"),
    ],
)
def test_bad_imports(world, timed, role, data, field):
    answer = upload(world.client("owner"), world, timed.transcript, role, data)
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == field
    assert not RatingSeries.objects.exists()


def test_transcript_of_another_study_is_404(world, timed, db):
    other = make_world("Other study")
    answer = upload(world.client("owner"), other, timed.transcript, "client", CLIENT_CSV)
    assert answer.status_code == 404
    assert world.client("owner").get(url(other, timed.transcript)).status_code == 404


def test_analysis_exact_values(world, rated, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        answer = world.client("owner").get(
            url(world, rated.transcript, "ratings/analysis/"), {"step": 10, "segment": 10}
        )
    body = answer.json()
    assert body["means"] == {"client": 60.0, "therapist": pytest.approx(160 / 3)}
    assert body["sds"]["client"] == pytest.approx(math.sqrt(3200))
    assert body["sds"]["therapist"] == pytest.approx(math.sqrt(400 / 3))
    # grid 0..30 (each point stands for 10 s): client 20 40 60 80, therapist 60 50 40 50
    # devs -30 -10 10 30 and 10 0 -10 0: products -400, sums of squares 2000 and 200;
    # ranks of the therapist 4 2.5 1 2.5: products -3, sums of squares 5 and 4.5
    assert body["grid_points"] == 4
    [pearson] = body["pearson"]
    assert (pearson["a"], pearson["b"], pearson["n"]) == ("client", "therapist", 4)
    assert pearson["r"] == pytest.approx(-400 / math.sqrt(2000 * 200), abs=1e-12)
    assert body["spearman"][0]["r"] == pytest.approx(-3 / math.sqrt(22.5), abs=1e-12)
    spans = {k: [(s["start"], s["end"], s["mean"]) for s in v] for k, v in body["top"].items()}
    assert spans == {
        "client": [(30, 40, 80), (20, 30, 60), (10, 20, 40)],
        "therapist": [(0, 10, 60), (10, 20, 50), (30, 40, 50)],
    }
    assert [(s["start"], s["mean"]) for s in body["bottom"]["client"]] == [(0, 20)]
    assert [(s["start"], s["mean"]) for s in body["bottom"]["therapist"]] == [(20, 40)]
    [pair] = body["divergent"]
    assert [(s["start"], s["mean"]) for s in pair["segments"]] == [(0, -40), (30, 30), (20, 20)]
    assert body["guess"]["segments"] == [
        {"start": float(t), "end": float(t + 10)} for t in (0, 10, 20, 30)
    ]


def segment_at(body: dict, start: float) -> dict:
    return next(s for s in body["top"]["client"] if s["start"] == start)


def test_segments_list_turns_codings_and_moments(world, rated):
    body = (
        world.client("owner")
        .get(url(world, rated.transcript, "ratings/analysis/"), {"step": 10, "segment": 10})
        .json()
    )
    middle = segment_at(body, 20)
    assert middle["turns"] == [2]
    coder = world.users["coder"].username
    assert middle["codings"] == [
        {"id": rated.coder_coding.pk, "code": "Being welcomed", "coder": coder}
    ]
    assert middle["moments"] == [
        {"id": rated.coder_moment.pk, "valence": "helpful", "rater": coder}
    ]
    assert [c["id"] for c in segment_at(body, 30)["codings"]] == [rated.owner_coding.pk]
    assert segment_at(body, 10)["turns"] == [1] and segment_at(body, 10)["codings"] == []


def test_coder_in_the_blind_phase_sees_only_own_codings_in_segments(world, rated):
    assert world.study.blind_coding
    body = (
        world.client("coder")
        .get(url(world, rated.transcript, "ratings/analysis/"), {"step": 10, "segment": 10})
        .json()
    )
    assert [c["id"] for c in segment_at(body, 20)["codings"]] == [rated.coder_coding.pk]
    assert segment_at(body, 30)["codings"] == []
    # the owner's coding has no dial values for the coder either: it does not exist for them
    answer = world.client("coder").get(
        url(world, rated.transcript, "ratings/span/"), {"coding": rated.owner_coding.pk}
    )
    assert answer.status_code == 404


def test_a_codings_dial_values(world, rated):
    answer = world.client("owner").get(
        url(world, rated.transcript, "ratings/span/"), {"coding": rated.coder_coding.pk}
    )
    # the coding is the whole 20-30 s turn: client 60 -> 80 (mean 70), therapist 40 -> 50
    assert answer.json() == {
        "kind": "coding",
        "id": rated.coder_coding.pk,
        "start_seconds": 20.0,
        "end_seconds": 30.0,
        "means": {"client": 70.0, "therapist": 45.0},
    }
    moment = world.client("coder").get(
        url(world, rated.transcript, "ratings/span/"), {"moment": rated.coder_moment.pk}
    )
    assert moment.json()["kind"] == "moment" and moment.json()["start_seconds"] == 20.0


@pytest.mark.parametrize(
    "params, field",
    [
        ({"step": 0}, "step"),
        ({"step": "abc"}, "step"),
        ({"segment": 0.5, "step": 1}, "segment"),
        ({"lag": "nan"}, "lag"),
        ({"lag": 700}, "lag"),
    ],
)
def test_bad_analysis_parameters(world, rated, params, field):
    answer = world.client("owner").get(url(world, rated.transcript, "ratings/analysis/"), params)
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("params", [{}, {"coding": 1, "moment": 1}, {"coding": "x"}])
def test_span_needs_one_id(world, rated, params):
    answer = world.client("owner").get(url(world, rated.transcript, "ratings/span/"), params)
    assert answer.status_code == 400


def test_lagged_correlation(world, rated):
    body = (
        world.client("owner")
        .get(
            url(world, rated.transcript, "ratings/analysis/"),
            {"step": 10, "segment": 10, "lag": -10},
        )
        .json()
    )
    # client 40 60 80 (10-30 s) with the therapist ten seconds before, 60 50 40: r = -1
    [pair] = body["pearson"]
    assert (pair["lag"], pair["n"], pair["r"]) == (-10.0, 3, -1.0)


def test_analysis_without_series(world, timed):
    body = world.client("owner").get(url(world, timed.transcript, "ratings/analysis/")).json()
    assert body["means"] == {} and body["pearson"] == [] and body["guess"] is None
    assert world.client("owner").get(url(world, timed.transcript)).json()["session"] is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_removing_a_series(world, rated, persona):
    answer = world.client(persona).delete(url(world, rated.transcript, "ratings/therapist/"))
    expected = {"owner": 204, "coder": 204, "viewer": 403}.get(persona, 404)
    assert answer.status_code == expected
    roles = set(RatingSeries.objects.values_list("rater_role", flat=True))
    assert roles == ({"client"} if expected == 204 else {"client", "therapist"})
    if expected == 204:  # gone: a second delete finds nothing
        again = world.client(persona).delete(url(world, rated.transcript, "ratings/therapist/"))
        assert again.status_code == 404


def test_series_listing_query_count_is_constant(world, rated, django_assert_max_num_queries):
    upload(world.client("owner"), world, rated.transcript, "observer", CLIENT_CSV)
    with django_assert_max_num_queries(5):
        body = world.client("viewer").get(url(world, rated.transcript)).json()
    assert [s["rater_role"] for s in body["series"]] == ["client", "therapist", "observer"]


def test_a_transcript_not_in_the_study_is_a_404_in_every_address(world):
    # The transcript is part of the address: an unknown one is a 404, as an unknown study is
    # (schemathesis found a 400 the schema did not list).
    url = reverse(
        "api-ratings-series",
        kwargs={"study_pk": world.study.pk, "transcript_pk": 999999, "rater_role": "client"},
    )
    assert world.client("owner").delete(url).status_code == 404
