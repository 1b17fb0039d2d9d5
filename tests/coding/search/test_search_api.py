"""GET /api/v1/studies/{id}/search/: keyword in context per persona, exact rows and offsets
(code points), filters, pages, bad input and a constant number of queries."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS


def search(world, persona="coder", **params):
    url = reverse("api-search", kwargs={"study_pk": world.study.pk})
    return world.client(persona).get(url, params)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_member_searches_outsiders_get_404(world, interview, persona):
    response = search(world, persona, q="safe")
    assert response.status_code == (404 if persona == "outsider" else 200)


def test_a_hit_with_its_turn_speaker_and_context_in_code_points(world, interview):
    body = search(world, q="SAFE").json()
    assert body == {
        "q": "SAFE",
        "whole_words": False,
        "total": 1,
        "transcripts": 1,
        "offset": 0,
        "limit": 100,
        "results": [
            {
                "transcript": interview.pk,
                "transcript_title": interview.title,
                "participant": "P01",
                "turn": 1,
                "speaker": "Client",
                "role": "client",
                "start": 78,  # after 😊: one code point (two UTF-16 units)
                "end": 82,
                "before": "She understood me. The room was calm 😊 and ",
                "match": "safe",
                "after": ". I trusted her after I told her.",
            }
        ],
    }
    assert interview.text[78:82] == "safe"


def test_labels_are_not_searched_and_the_speaker_filter(world, interview):
    assert search(world, q="Interviewer").json()["total"] == 0
    assert [r["start"] for r in search(world, q="her").json()["results"]] == [94, 111]
    assert search(world, q="her", speaker_role="interviewer").json()["total"] == 0
    what = search(world, q="what", speaker_role="interviewer").json()["results"]
    assert [(r["start"], r["end"], r["speaker"], r["role"]) for r in what] == [
        (13, 17, "Interviewer", "interviewer")
    ]


def test_participant_filter_and_pages(world, interview, second):
    every = search(world, q="safe").json()
    assert (every["total"], every["transcripts"]) == (4, 2)
    assert [(r["participant"], r["match"]) for r in every["results"]] == [
        ("P01", "safe"),
        ("P02", "safe"),
        ("P02", "SAFE"),
        ("P02", "Safe"),
    ]
    p02 = search(world, q="safe", participant="p02").json()
    assert (p02["total"], p02["transcripts"]) == (3, 1)
    page = search(world, q="safe", limit=2, offset=1).json()
    assert [r["match"] for r in page["results"]] == ["safe", "SAFE"] and page["total"] == 4
    assert search(world, q="safe", participant="P99").json()["total"] == 0


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "\u0301"}, "q"),
        ({"q": "safe", "speaker_role": "boss"}, "speaker_role"),
        ({"q": "safe", "participant": "P\x0001"}, "participant"),
        ({"q": "safe", "limit": "0"}, "limit"),
        ({"q": "safe", "offset": "-1"}, "offset"),
        ({"q": "safe", "offset": str(2**70)}, "offset"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(world, interview, params, field):
    response = search(world, **params)
    assert response.status_code == 400
    assert field in str(response.json())


def test_queries_do_not_grow_with_transcripts_or_hits(
    world, interview, second, django_assert_max_num_queries, django_assert_num_queries
):
    client = world.client("viewer")
    url = reverse("api-search", kwargs={"study_pk": world.study.pk})
    # the door, the transcripts, their texts, their turns' bounds, the turns of the page
    with django_assert_max_num_queries(5):
        assert client.get(url, {"q": "e"}).json()["total"] > 20
    # texts and bounds are kept in the process: the door, the transcripts, the page's turns
    with django_assert_num_queries(3):
        assert client.get(url, {"q": "her"}).json()["total"] == 2
    with django_assert_num_queries(4):  # and the turns of the role
        assert client.get(url, {"q": "her", "speaker_role": "client"}).json()["total"] == 2


def test_a_remapped_speaker_role_is_seen_at_once(world, interview):
    assert search(world, q="her", speaker_role="client").json()["total"] == 2
    interview.turns.filter(role="client").update(role="other")
    assert search(world, q="her", speaker_role="client").json()["total"] == 0
    rows = search(world, q="her", speaker_role="other").json()["results"]
    assert [(r["start"], r["role"]) for r in rows] == [(94, "other"), (111, "other")]


def test_whole_words(world, interview):
    text = interview.text
    words = [text.index(w) for w in ("I trusted", "I told", "I cried")]
    body = search(world, q="i", whole_words="true").json()
    assert [(r["start"], r["end"]) for r in body["results"]] == [(w, w + 1) for w in words]
    assert body["whole_words"] is True
    assert (
        search(world, q="i").json()["total"] == text.lower().count("i") - 6
    )  # labels: 2 per "Interviewer", 1 per "Client"


def test_in_the_blind_phase_a_coder_searches_all_the_text(world, interview):
    """The blind phase hides the others' codings, not the transcripts: the same hits."""
    assert world.study.blind_coding
    assert search(world, "coder", q="her").json() == search(world, "owner", q="her").json()


def test_kept_texts_are_bounded(world, interview, second, monkeypatch, django_assert_num_queries):
    from coding.search import store

    monkeypatch.setattr(store.KEPT, "limit", 1)  # keeps the last text read, no more
    client = world.client("viewer")
    url = reverse("api-search", kwargs={"study_pk": world.study.pk})
    client.get(url, {"q": "safe"})
    # one of the two texts was let go: it is read again (with its turns' bounds)
    with django_assert_num_queries(5):
        assert client.get(url, {"q": "safe"}).json()["total"] == 4
