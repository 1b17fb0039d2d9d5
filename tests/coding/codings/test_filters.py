"""List filters (django-filter FilterSets, coding/codings/filters.py): malformed values answer
400 naming the parameter with the same reasons as before; the listing pages unless a
transcript is named; numbers beyond any id or page find nothing instead of failing."""

import pytest
from django.urls import reverse

from tests.coding.conftest import code_it


def url(world, name, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


@pytest.fixture
def coded(world, book, interview):
    code_it(world, "owner", interview, book.safe, "The room was calm 😊 and safe.")
    code_it(world, "owner", interview, book.understood, "She understood me.")
    return world


REFUSALS = [
    ("api-coding-list", {"transcript": "abc"}, "transcript", "must be a whole number (an id)."),
    ("api-coding-list", {"code": "1.0"}, "code", "must be a whole number (an id)."),
    ("api-coding-list", {"cluster": "1.5"}, "cluster", "must be a whole number (an id)."),
    (
        "api-coding-list",
        {"valence": "xx"},
        "valence",
        "must be one of helpful, hindering, mixed.",
    ),
    (
        "api-segment-list",
        {"speaker_role": "xx"},
        "speaker_role",
        "must be one of interviewer, client, therapist, other.",
    ),
    ("api-moment-list", {"transcript": "zz"}, "transcript", "must be a whole number (an id)."),
    ("api-moment-list", {"valence": "zz"}, "valence", "must be one of helpful, hindering, mixed."),
    ("api-memo-list", {"coding": "zz"}, "coding", "must be a whole number (an id)."),
    ("api-decisions", {"transcript": "x"}, "transcript", "must be a whole number (an id)."),
]


@pytest.mark.parametrize(("name", "params", "field", "reason"), REFUSALS)
def test_malformed_filters_are_refused_in_the_error_shape(coded, name, params, field, reason):
    response = coded.client("owner").get(url(coded, name), params)
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"{field}: {reason}",
        "errors": [{"field": field, "reason": reason}],
    }


def test_every_malformed_filter_is_named(coded):
    response = coded.client("owner").get(
        url(coded, "api-coding-list"), {"code": "x", "valence": "nice"}
    )
    assert [e["field"] for e in response.json()["errors"]] == ["code", "valence"]


def test_empty_values_mean_no_filter(coded):
    client = coded.client("owner")
    everything = client.get(url(coded, "api-coding-list")).json()
    blank = client.get(
        url(coded, "api-coding-list"), {"code": "", "valence": "", "coder": "", "transcript": ""}
    ).json()
    assert blank == everything and everything["count"] == 2


def test_listing_pages_unless_a_transcript_is_named(coded, interview):
    client = coded.client("owner")
    pages = client.get(url(coded, "api-coding-list"), {"limit": 1}).json()
    assert pages["count"] == 2 and len(pages["results"]) == 1 and pages["next"]
    whole = client.get(url(coded, "api-coding-list"), {"transcript": interview.pk, "limit": 1})
    assert [row["quote"] for row in whole.json()] == [
        "She understood me.",
        "The room was calm 😊 and safe.",
    ]


def test_numbers_beyond_the_database_are_refused_or_find_nothing(coded):
    client = coded.client("owner")
    huge = str(2**70)
    for name, field in (("api-coding-list", "transcript"), ("api-memo-list", "code")):
        refused = client.get(url(coded, name), {field: huge})
        assert refused.status_code == 400
        assert refused.json()["errors"] == [{"field": field, "reason": "is beyond any id."}]
    assert client.get(url(coded, "api-coding-list"), {"transcript": str(2**63 - 1)}).json() == []
    paged = client.get(url(coded, "api-segment-list"), {"limit": huge, "offset": huge})
    assert paged.status_code == 200 and paged.json()["results"] == []
    history = client.get(url(coded, "api-codebook-history"), {"limit": huge})
    assert history.status_code == 200
    assert client.get(url(coded, "api-coding-detail", coding_pk=2**70)).status_code == 404
