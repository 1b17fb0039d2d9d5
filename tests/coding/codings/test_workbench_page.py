"""The workbench page (server side): access per persona, what it ships, constant queries."""

import json

import pytest
from django.urls import reverse

from coding.models import Coding, SignificantMoment
from tests.coding.conftest import span_of
from tests.conftest import PERSONAS


def config_of(response) -> dict:
    html = response.content.decode()
    start = html.index('id="wb-config"')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


@pytest.mark.parametrize("persona", PERSONAS)
def test_workbench_per_persona(world, book, interview, client, persona):
    world.login(client, persona)
    response = client.get(reverse("transcript-detail", args=[world.study.pk, interview.pk]))
    assert response.status_code == (404 if persona == "outsider" else 200)
    if persona != "outsider":
        config = config_of(response)
        assert config["canWrite"] == (persona != "viewer")
        assert (
            config["transcript"] == interview.pk and config["user"] == world.users[persona].username
        )


def test_ships_only_visible_codings_and_moments(world, book, interview, client):
    start, end = span_of(interview, "She understood me.")
    for persona in ("owner", "coder"):
        user = world.users[persona]
        Coding.objects.create(
            transcript=interview, code=book.trust, coder=user, start=start, end=end
        )
        SignificantMoment.objects.create(
            transcript=interview, rater=user, start=start, end=end, valence="helpful"
        )
    world.login(client, "coder")
    config = config_of(
        client.get(reverse("transcript-detail", args=[world.study.pk, interview.pk]))
    )
    assert [c["coder"] for c in config["codings"]] == [world.users["coder"].username]
    assert [m["rater"] for m in config["moments"]] == [world.users["coder"].username]
    assert config["codings"][0]["quote"] == "She understood me."
    assert sum(c["code"] == book.trust.pk for c in config["codings"]) == 1
    world.login(client, "owner")
    config = config_of(
        client.get(reverse("transcript-detail", args=[world.study.pk, interview.pk]))
    )
    assert len(config["codings"]) == 2 and len(config["moments"]) == 2


def test_turns_keep_offsets_and_text_exactly(world, book, interview, client):
    world.login(client, "viewer")
    html = client.get(
        reverse("transcript-detail", args=[world.study.pk, interview.pk])
    ).content.decode()
    assert html.count('class="turn role-client"') == 2
    start = interview.text.index("She understood")
    assert f'data-start="{start}"' in html
    # pre-wrap text, HTML-escaped only: no <br> that would shift DOM offsets
    assert "<br>" not in html.split('id="wb-text"')[1].split("</article>")[0]


def test_query_count_does_not_grow(world, book, interview, client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coding.models import Suggestion
    from coding.suggestions.config import settings_for

    settings_for(world.study)  # created once per study, on first use
    world.login(client, "owner")
    url = reverse("transcript-detail", args=[world.study.pk, interview.pk])
    counts = []
    for extra in (1, 40):
        Coding.objects.bulk_create(
            Coding(
                transcript=interview, code=book.safe, coder=world.users["owner"], start=i, end=i + 2
            )
            for i in range(len(counts) * 50, len(counts) * 50 + extra)
        )
        Suggestion.objects.bulk_create(
            Suggestion(
                study=world.study,
                transcript=interview,
                code=book.trust,
                start=i,
                end=i + 3,
                score=0.9,
                recommender="rules",
                version="test",
            )
            for i in range(len(counts) * 50, len(counts) * 50 + extra)
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
        assert len(config_of(response)["suggestions"]) == len(counts) * 40 + 1
        counts.append(len(queries))
    assert counts[0] == counts[1] == 15


def test_consensus_codings_can_be_filtered_like_a_coder(world, book, interview, client):
    from transcripts.studies import consensus_user

    consensus = consensus_user(world.study)
    start, end = span_of(interview, "She understood me.")
    Coding.objects.create(
        transcript=interview, code=book.trust, coder=consensus, start=start, end=end
    )
    world.login(client, "owner")
    config = config_of(
        client.get(reverse("transcript-detail", args=[world.study.pk, interview.pk]))
    )
    assert config["coders"][-1] == consensus.username
    assert [c["coder"] for c in config["codings"]] == [consensus.username]
