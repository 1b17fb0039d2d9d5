"""Alliance against clusters and moments: participants' mean WAI-SR (over sessions) for those
who endorse each cluster or valence, through the visibility layer."""

import pytest
from django.urls import reverse

from coding.microprocess import alliance, services
from coding.models import Cluster, Code, Coding
from transcripts import imports


def test_group_means_by_hand():
    scores = alliance.participant_scores([(1, 40), (1, 50), (2, 30), (3, 20)])
    assert scores == {1: 45.0, 2: 30.0, 3: 20.0}
    [a, b] = alliance.group_means({"A": {1, 2, 4}, "B": {3}}, scores)
    # A: participants 1, 2 scored (45, 30) and 4 unscored; others: 3 (20)
    assert (a.participants, a.scored, a.mean, a.others_scored, a.others_mean) == (3, 2, 37.5, 1, 20)
    assert (b.mean, b.others_scored, b.others_mean) == (20.0, 2, 37.5)
    [empty] = alliance.group_means({"C": set()}, {})
    assert (empty.mean, empty.others_mean) == (None, None)


@pytest.fixture
def two_participants(world, timed):
    """P01 (the timed session, WAI-SR 48 and 36 over two sessions -> 42) and P02 (24)."""
    owner = world.study.memberships.get(user=world.users["owner"])
    first = services.save_session(member=owner, transcript_id=timed.transcript.pk)
    [extra, other] = imports.import_files(
        study=world.study,
        user=world.users["owner"],
        files=[("S02.txt", b"Client: Second session.\n"), ("Q.txt", b"Client: Other person.\n")],
    )
    world.study.transcripts.filter(pk=extra.transcript_id).update(
        participant=timed.transcript.participant
    )
    second = services.save_session(member=owner, transcript_id=extra.transcript_id)
    p02 = world.study.transcripts.get(pk=other.transcript_id)
    third = services.save_session(member=owner, transcript_id=p02.pk)
    for session, value in ((first, 4), (second, 3), (third, 2)):
        services.save_measure(
            member=owner,
            transcript_id=session.transcript_id,
            instrument="wai_sr",
            rater_role="client",
            items=[value] * 12,
        )
    cluster_a = Cluster.objects.create(study=world.study, name="Relationship")
    cluster_b = Cluster.objects.create(study=world.study, name="Environment")
    timed.code.cluster = cluster_a
    timed.code.save()  # the coder's and the owner's codings on P01 are in Relationship
    room = Code.objects.create(study=world.study, cluster=cluster_b, name="Room")
    Coding.objects.create(transcript=p02, code=room, coder=world.users["owner"], start=0, end=6)
    Coding.objects.create(
        transcript=p02, code=timed.code, coder=world.users["owner"], start=0, end=6
    )
    return p02


def rows(body: dict, key: str) -> list:
    return [(r["name"], r["participants"], r["mean"], r["others_mean"]) for r in body[key]]


def test_alliance_for_the_owner(world, two_participants):
    body = world.client("owner").get(f"/api/v1/studies/{world.study.pk}/alliance/").json()
    assert body["participants_scored"] == 2
    assert rows(body, "clusters") == [
        ("Environment", 1, 24.0, 42.0),
        ("Relationship", 2, 33.0, None),
    ]
    assert rows(body, "moments") == [("helpful", 1, 42.0, 24.0)]


def test_alliance_for_a_coder_in_the_blind_phase(world, two_participants, client):
    body = world.client("coder").get(f"/api/v1/studies/{world.study.pk}/alliance/").json()
    assert rows(body, "clusters") == [("Relationship", 1, 42.0, 24.0)]  # own codings only
    world.login(client, "coder")
    html = client.get(reverse("session-list", args=[world.study.pk])).content.decode()
    assert "from your own codings and moments (blind phase)" in html
    assert "<td>Relationship</td><td>1</td><td>1</td><td>42.0</td><td>1</td><td>24.0</td>" in html
    assert "Environment" not in html


def test_alliance_parameters(world, two_participants):
    srs = world.client("viewer").get(
        f"/api/v1/studies/{world.study.pk}/alliance/", {"instrument": "srs"}
    )
    assert srs.json()["participants_scored"] == 0 and srs.json()["clusters"][0]["mean"] is None
    bad = world.client("viewer").get(
        f"/api/v1/studies/{world.study.pk}/alliance/", {"rater_role": "friend"}
    )
    assert bad.status_code == 400
