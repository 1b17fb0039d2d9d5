"""Blind-phase visibility for each role, and retrieval: segments with context, filters, counts."""

import pytest
from django.urls import reverse

from coding.models import Coding
from tests.coding.conftest import code_it, span_of


def url(world, name, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


@pytest.fixture
def coded(world, book, interview):
    """Owner and coder both code; a second coder ("extra") too; each marks one moment."""
    from tests.conftest import make_user
    from transcripts.models import Membership

    extra = make_user("extra-coder")
    Membership.objects.create(study=world.study, user=extra, role="coder")
    world.users["extra"] = extra
    code_it(world, "coder", interview, book.understood, "She understood me.")
    code_it(world, "coder", interview, book.safe, "The room was calm 😊 and safe.")
    code_it(world, "owner", interview, book.understood, "She understood me. The room")
    code_it(world, "extra", interview, book.trust, "I trusted her after I told her.")
    for persona, quote, valence in (
        ("coder", "She understood me.", "helpful"),
        ("owner", "Endings were abrupt.", "hindering"),
    ):
        start, end = span_of(interview, quote)
        world.client(persona).post(
            url(world, "api-moment-list"),
            {"transcript": interview.pk, "start": start, "end": end, "valence": valence},
            format="json",
        )
    return world


BLIND_VISIBLE = {"owner": 4, "coder": 2, "extra": 1, "viewer": 4}


@pytest.mark.parametrize("persona", ["owner", "coder", "extra", "viewer", "outsider"])
def test_blind_phase_visibility_per_role(coded, interview, persona):
    world = coded
    client = world.client(persona)
    listing = client.get(url(world, "api-coding-list"), {"transcript": interview.pk})
    segments = client.get(url(world, "api-segment-list"))
    moments = client.get(url(world, "api-moment-list"))
    if persona == "outsider":
        assert {listing.status_code, segments.status_code, moments.status_code} == {404}
        return
    coders = {row["coder"] for row in listing.json()}
    assert len(listing.json()) == BLIND_VISIBLE[persona]
    if persona in ("coder", "extra"):
        assert coders == {world.users[persona].username}
        assert {m["rater"] for m in moments.json()} <= {world.users[persona].username}
    assert segments.json()["count"] == BLIND_VISIBLE[persona]
    counts = client.get(url(world, "api-code-counts")).json()
    assert sum(row["codings"] for row in counts["codes"]) == BLIND_VISIBLE[persona]
    # The blind phase ends: every member sees everything.
    world.study.blind_coding = False
    world.study.save()
    assert len(client.get(url(world, "api-coding-list"), {"transcript": interview.pk}).json()) == 4
    assert len(client.get(url(world, "api-moment-list")).json()) == 2


def test_only_the_owner_ends_the_blind_phase(coded):
    detail = reverse("api-study-detail", kwargs={"study_pk": coded.study.pk})
    assert (
        coded.client("coder").patch(detail, {"blind_coding": False}, format="json").status_code
        == 403
    )
    assert (
        coded.client("owner")
        .patch(detail, {"blind_coding": False}, format="json")
        .json()["blind_coding"]
        is False
    )


def test_segments_have_quote_context_participant_and_coder(coded, book, interview):
    rows = (
        coded.client("owner")
        .get(url(coded, "api-segment-list"), {"code": book.safe.pk})
        .json()["results"]
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["quote"] == "The room was calm 😊 and safe."
    assert row["before"].endswith("She understood me. ")
    assert row["after"].startswith(" I trusted her")
    assert (row["participant"], row["coder"], row["code_name"]) == (
        "P01",
        coded.users["coder"].username,
        "Feeling safe",
    )
    assert row["cluster"] == book.environment.pk


def test_segment_filters(coded, book, interview):
    client = coded.client("owner")

    def ids(**params):
        return sorted(
            r["id"] for r in client.get(url(coded, "api-segment-list"), params).json()["results"]
        )

    def by(quote, coder):
        start, _ = span_of(interview, quote)
        return Coding.objects.get(start=start, coder=coded.users[coder]).pk

    understood_coder = by("She understood me.", "coder")
    understood_owner = by("She understood me.", "owner")
    safe = by("The room was calm", "coder")
    trust = by("I trusted her", "extra")
    assert ids(code=book.understood.pk) == sorted([understood_coder, understood_owner])
    assert ids(cluster=book.relationship.pk) == sorted([understood_coder, understood_owner, trust])
    assert ids(coder=coded.users["extra"].username) == [trust]
    assert ids(participant="p01") == sorted([understood_coder, understood_owner, safe, trust])
    assert ids(participant="P99") == []
    # Coder's "helpful" moment covers "She understood me." (overlap counts).
    assert ids(valence="helpful") == sorted([understood_coder, understood_owner])
    assert ids(valence="hindering") == []
    assert ids(speaker_role="client") == sorted([understood_coder, understood_owner, safe, trust])
    assert ids(speaker_role="interviewer") == []
    bad = client.get(url(coded, "api-segment-list"), {"valence": "nice"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "valence"
    bad_id = client.get(url(coded, "api-segment-list"), {"code": "x"})
    assert bad_id.status_code == 400 and bad_id.json()["errors"][0]["field"] == "code"


def test_counts_per_code_and_cluster_all_and_by_coder(coded, book):
    client = coded.client("owner")
    everyone = client.get(url(coded, "api-code-counts")).json()
    codes = {row["name"]: (row["codings"], row["participants"]) for row in everyone["codes"]}
    assert codes == {
        "Feeling understood": (2, 1),
        "Trust after disclosure": (1, 1),
        "Feeling safe": (1, 1),
        "Old code": (0, 0),
    }
    clusters = {row["name"]: row["codings"] for row in everyone["clusters"]}
    assert clusters == {"Relationship": 3, "Environment": 1}
    assert everyone["participants_total"] == 1
    mine = client.get(
        url(coded, "api-code-counts"), {"coder": coded.users["coder"].username}
    ).json()
    assert {row["name"]: row["codings"] for row in mine["clusters"]} == {
        "Relationship": 1,
        "Environment": 1,
    }


def test_coding_list_query_count_does_not_grow(
    world, book, interview, django_assert_max_num_queries
):
    text_length = len(interview.text)
    Coding.objects.bulk_create(
        Coding(transcript=interview, code=book.safe, coder=world.users["owner"], start=i, end=i + 1)
        for i in range(0, min(text_length - 1, 90), 2)
    )
    client = world.client("owner")
    with django_assert_max_num_queries(3):
        small = client.get(url(world, "api-coding-list"), {"transcript": interview.pk})
    Coding.objects.bulk_create(
        Coding(
            transcript=interview, code=book.trust, coder=world.users["coder"], start=i, end=i + 1
        )
        for i in range(0, text_length - 1, 1)
    )
    with django_assert_max_num_queries(3):
        large = client.get(url(world, "api-coding-list"), {"transcript": interview.pk})
    assert len(large.json()) > len(small.json()) + 90
