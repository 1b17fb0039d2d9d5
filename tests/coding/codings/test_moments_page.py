"""The study's moments table: filters, counts, quotes, access and the blind phase."""

import pytest
from django.urls import reverse

from coding.models import SignificantMoment
from tests.conftest import PERSONAS


@pytest.fixture
def marked(world, interview):
    text = interview.text

    def mark(persona, quote, valence, intensity, note=""):
        start = text.index(quote)
        return SignificantMoment.objects.create(
            transcript=interview, rater=world.users[persona], start=start,
            end=start + len(quote), valence=valence, intensity=intensity, note=note,
        )  # fmt: skip

    return [
        mark("coder", "She understood me.", "helpful", 4, "felt seen"),
        mark("coder", "The room was calm", "helpful", 2),
        mark("owner", "I trusted her after I told her.", "hindering", 5),
    ]


def page(client, world, **query):
    return client.get(reverse("moments", args=[world.study.pk]), query)


@pytest.mark.parametrize("persona", PERSONAS)
def test_moments_page_per_persona(world, marked, client, persona):
    world.login(client, persona)
    response = page(client, world)
    assert response.status_code == (404 if persona == "outsider" else 200)


def test_counts_filters_and_quotes(world, marked, client, django_assert_max_num_queries):
    world.study.blind_coding = False
    world.study.save()
    world.login(client, "viewer")
    with django_assert_max_num_queries(12):
        html = page(client, world).content.decode()
    assert "3 moments:" in html
    assert '<span class="valence helpful">2 helpful</span>' in html
    assert '<span class="valence hindering">1 hindering</span>' in html
    assert "She understood me." in html and "felt seen" in html
    assert f'#moment-{marked[0].id}"' in html
    strong = page(client, world, intensity="4").content.decode()
    assert "2 moments:" in strong and "The room was calm" not in strong
    owner = world.users["owner"].username
    hindering = page(client, world, valence="hindering", rater=owner).content.decode()
    assert "1 moment:" in hindering and "I trusted her after I told her." in hindering
    nonsense = page(client, world, valence="nope", intensity="9").content.decode()
    assert "3 moments:" in nonsense


def test_a_coder_in_the_blind_phase_sees_only_their_own_moments(world, marked, client):
    world.login(client, "coder")
    html = page(client, world).content.decode()
    assert "2 moments:" in html and '<span class="valence hindering">0 hindering</span>' in html
    assert "I trusted her" not in html
    assert "During the blind phase you see only the moments you marked." in html
