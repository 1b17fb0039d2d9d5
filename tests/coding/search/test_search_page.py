"""The search page: per persona, the KWIC rows with their workbench links, filters, a bad
query, and coding the ticked hits (coders only)."""

import pytest
from django.urls import reverse

from coding.models import Coding
from tests.conftest import PERSONAS


def page(client, world, **query):
    return client.get(reverse("search", args=[world.study.pk]), query)


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_page_per_persona(world, book, interview, client, persona):
    world.login(client, persona)
    response = page(client, world, q="her")
    assert response.status_code == (404 if persona == "outsider" else 200)
    if persona == "outsider":
        return
    html = response.content.decode()
    assert "2 hits in 1 transcript." in html
    url = reverse("transcript-detail", args=[world.study.pk, interview.pk])
    assert f'href="{url}?q=her#at-94-97"' in html and f'href="{url}?q=her#at-111-114"' in html
    ticks = html.count('type="checkbox" name="hit"')
    assert ticks == (0 if persona == "viewer" else 2)
    assert ("Code the ticked hits" in html) == (persona != "viewer")


def test_the_page_and_the_study_page_link(
    world, book, interview, second, client, django_assert_max_num_queries
):
    world.login(client, "viewer")
    # 9: the study navigation asks whether this viewer is one of the study's auditors
    with django_assert_max_num_queries(9):
        html = page(client, world, q="safe", participant="P02").content.decode()
    assert "3 hits in 1 transcript." in html
    assert '<td class="match"><a' in html and ">SAFE</a>" in html
    # an unknown speaker role is dropped (as the moments page drops bad filters)
    anyone = page(client, world, q="safe", speaker_role="nobody").content.decode()
    assert "4 hits in 2 transcripts." in anyone
    client_only = page(client, world, q="safe", speaker_role="client").content.decode()
    assert "3 hits in 2 transcripts." in client_only
    whole = page(client, world, q="saf", whole_words="1").content.decode()
    assert "0 hits in 0 transcripts." in whole
    some = page(client, world, q="safe", whole_words="1").content.decode()
    assert "3 hits in 2 transcripts." in some and "?q=safe&amp;whole=1#at-" in some
    bad = page(client, world, q="\u0301").content.decode()
    assert "accents alone match nothing" in bad
    study = client.get(reverse("study-detail", args=[world.study.pk])).content.decode()
    assert f'href="{reverse("search", args=[world.study.pk])}"' in study


def post(client, world, **data):
    return client.post(reverse("search-code", args=[world.study.pk]), data)


def test_a_coder_codes_the_ticked_hits(world, book, interview, client):
    world.login(client, "coder")
    hits = [f"{interview.pk}:94:97", f"{interview.pk}:111:114"]
    response = post(client, world, q="her", code=book.trust.pk, hit=hits, page="1")
    assert response.status_code == 302
    assert response["Location"] == reverse("search", args=[world.study.pk]) + "?q=her&page=1"
    html = client.get(response["Location"]).content.decode()
    assert "Coded 2 hits with “Trust after disclosure”: 2 new codings." in html
    assert Coding.objects.filter(coder=world.users["coder"]).count() == 2
    again = post(client, world, q="her", code=book.trust.pk, hit=hits[:1])
    html = client.get(again["Location"]).content.decode()
    assert "Coded 1 hit with “Trust after disclosure”: 0 new codings, 1 already coded." in html


def test_refusals_on_the_page(world, book, interview, client):
    world.login(client, "coder")
    nothing = post(client, world, q="her", code=book.trust.pk)
    assert "Tick at least one hit to code." in client.get(nothing["Location"]).content.decode()
    broken = post(client, world, q="her", code=book.trust.pk, hit=["1:x:3"])
    assert "A ticked hit is malformed" in client.get(broken["Location"]).content.decode()
    world.login(client, "viewer")
    hit = f"{interview.pk}:94:97"
    assert post(client, world, q="her", code=book.trust.pk, hit=hit).status_code == 403
    world.login(client, "outsider")
    assert post(client, world, q="her", code=book.trust.pk, hit=hit).status_code == 404
    assert Coding.objects.count() == 0
