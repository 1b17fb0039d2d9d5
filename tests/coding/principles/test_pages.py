"""The principles page: a principle written from segments picked by cluster, edited and
deleted; the core category; roles and the blind phase."""

import pytest
from django.test import Client
from django.urls import reverse

from coding.models import CoreCategory, Principle
from tests.coding.conftest import code_it


def login(world, persona) -> Client:
    return world.login(Client(), persona)


@pytest.fixture
def segments(world, book, interview):
    return {
        "understood": code_it(
            world, "coder", interview, book.understood, "She understood me."
        ).json()["id"],
        "trust": code_it(
            world, "coder", interview, book.trust, "I trusted her after I told her."
        ).json()["id"],
        "safe": code_it(world, "owner", interview, book.safe, "The room was calm").json()["id"],
    }


def test_owner_picks_a_clusters_segments_and_writes_a_principle(world, book, segments):
    owner = login(world, "owner")
    page = owner.get(
        reverse("principles", args=[world.study.pk]) + f"?cluster={book.relationship.pk}"
    )
    assert page.status_code == 200
    assert [s["id"] for s in page.context["segments"]] == [
        segments["understood"],
        segments["trust"],
    ]
    response = owner.post(
        reverse("principle-create", args=[world.study.pk]),
        {
            "statement": "Feeling understood makes disclosure possible.",
            "cluster": book.relationship.pk,
            "implication": "Say back what you heard.",
            "evidence": [segments["trust"]],
            "quotes": [segments["understood"]],
        },
    )
    assert response.status_code == 302
    principle = Principle.objects.get()
    assert sorted(principle.evidence.values_list("pk", flat=True)) == sorted(
        [segments["understood"], segments["trust"]]
    )
    assert list(principle.quotes.values_list("pk", flat=True)) == [segments["understood"]]
    shown = owner.get(reverse("principles", args=[world.study.pk])).content.decode()
    assert "Feeling understood makes disclosure possible." in shown
    assert '“She understood me.” <span class="muted">— P01</span>' in shown
    assert "2 codings and 0 moments as evidence" in shown
    # Editing lists the linked segments first, ticked.
    edit = owner.get(reverse("principles", args=[world.study.pk]) + f"?edit={principle.pk}")
    assert [s["id"] for s in edit.context["segments"]] == [
        segments["understood"],
        segments["trust"],
    ]
    owner.post(
        reverse("principle-update", args=[world.study.pk, principle.pk]),
        {"statement": "Sharper.", "cluster": "", "quotes": [segments["trust"]], "evidence": []},
    )
    principle.refresh_from_db()
    assert (principle.statement, principle.cluster_id) == ("Sharper.", None)
    assert list(principle.evidence.values_list("pk", flat=True)) == [segments["trust"]]


def test_a_refusal_keeps_what_was_typed(world, book, segments):
    response = login(world, "coder").post(
        reverse("principle-create", args=[world.study.pk]),
        {"statement": "Mine", "evidence": [segments["safe"]]},  # the owner's: unseen in blind phase
    )
    assert response.status_code == 400
    assert (
        response.context["error"] == f"evidence: No such coding in this study: {segments['safe']}."
    )
    assert response.context["values"]["statement"] == "Mine"
    assert Principle.objects.count() == 0


def test_core_category_and_roles(world, segments):
    owner, viewer, outsider = (
        login(world, "owner"),
        login(world, "viewer"),
        login(world, "outsider"),
    )
    url = reverse("core-category-set", args=[world.study.pk])
    owner.post(url, {"statement": "Just enough structure to become reflective."})
    assert CoreCategory.objects.get().statement == "Just enough structure to become reflective."
    assert viewer.post(url, {"statement": "x"}).status_code == 403
    page = viewer.get(reverse("principles", args=[world.study.pk]))
    assert b"Just enough structure" in page.content and b"Write a principle" not in page.content
    assert outsider.get(reverse("principles", args=[world.study.pk])).status_code == 404
    assert (
        viewer.post(
            reverse("principle-create", args=[world.study.pk]), {"statement": "x"}
        ).status_code
        == 403
    )


def test_blind_phase_page_shows_a_coder_their_own_segments_and_principles(world, book, segments):
    Principle.objects.create(
        study=world.study, statement="Owner's idea", author=world.users["owner"]
    )
    page = login(world, "coder").get(
        reverse("principles", args=[world.study.pk]) + f"?cluster={book.environment.pk}"
    )
    assert page.context["principles"] == [] and page.context["segments"] == []
    assert b"Owner&#x27;s idea" not in page.content
