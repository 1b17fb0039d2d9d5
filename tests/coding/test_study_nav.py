"""The study's navigation: the same places on every study page, each shown only to the roles
that may open it, the current one marked."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from coding.models import Auditor

EVERYONE = [
    "Transcripts", "Codebook", "Moments", "Search", "Memos", "Comparison", "Suggestions",
    "Analysis", "Principles", "Summary", "Sessions", "Exchange",
]  # fmt: skip


def nav(world, persona, name="study-detail"):
    client = world.login(Client(), persona)
    html = client.get(reverse(name, args=[world.study.pk])).content.decode()
    block = html.split('<nav class="study-nav"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="[^"]+"( aria-current="page")?>([^<]+)</a>', block)
    return [label for _, label in links], [label for current, label in links if current]


@pytest.mark.django_db
def test_each_role_is_shown_the_places_it_may_open(world):
    owner, _ = nav(world, "owner")
    assert sorted(owner) == sorted([*EVERYONE, "Agreement", "Reconcile", "Auditors", "Audit trail"])
    world.study.blind_coding = True
    world.study.save(update_fields=["blind_coding"])
    assert sorted(nav(world, "coder")[0]) == sorted(EVERYONE)  # no figures of others, blind
    assert sorted(nav(world, "viewer")[0]) == sorted([*EVERYONE, "Agreement"])
    Auditor.objects.create(study=world.study, user=world.users["viewer"])
    assert "Auditors" in nav(world, "viewer")[0]


@pytest.mark.django_db
def test_the_current_place_is_marked(world):
    assert nav(world, "owner")[1] == ["Transcripts"]
    assert nav(world, "owner", "codebook-history")[1] == ["Codebook"]
    assert nav(world, "coder", "memos")[1] == ["Memos"]


@pytest.mark.django_db
def test_no_navigation_outside_a_study(world):
    client = world.login(Client(), "owner")
    assert 'class="study-nav"' not in client.get(reverse("study-list")).content.decode()
