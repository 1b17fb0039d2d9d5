"""The trash in the interface: the typed confirmation on the study page and the study's trash
page, the trash pages listing what was deleted, and their restore buttons; owners only."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from transcripts.models import Study, Transcript


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_owners_reach_the_study_trash(world, transcript, client, persona):
    world.login(client, persona)
    page = client.get(reverse("study-trash", args=[world.study.pk]))
    expected = {"owner": 200, "outsider": 404}.get(persona, 403)
    assert page.status_code == expected
    delete = client.post(
        reverse("study-delete", args=[world.study.pk]), {"confirm": "Helpful moments"}
    )
    assert delete.status_code == (302 if persona == "owner" else expected)
    assert Study.objects.filter(pk=world.study.pk).exists() == (persona != "owner")


def test_the_study_page_offers_deletion_to_owners_only(world, client):
    world.login(client, "owner")
    page = client.get(reverse("study-detail", args=[world.study.pk])).content.decode()
    assert (
        'id="study-delete-form"' in page and reverse("study-trash", args=[world.study.pk]) in page
    )
    world.login(client, "coder")
    page = client.get(reverse("study-detail", args=[world.study.pk])).content.decode()
    assert 'id="study-delete-form"' not in page


def test_deleting_a_study_from_its_page_and_restoring_it(world, client):
    world.login(client, "owner")
    delete = reverse("study-delete", args=[world.study.pk])
    wrong = client.post(delete, {"confirm": "Helpful"}, follow=True)
    assert messages_of(wrong) == [
        "That is not the study's name: type “Helpful moments” to delete it."
    ]
    assert Study.objects.filter(pk=world.study.pk).exists()
    done = client.post(delete, {"confirm": "Helpful moments"}, follow=True)
    assert done.redirect_chain == [(reverse("trash"), 302)]
    assert messages_of(done) == [
        "“Helpful moments” is in the trash: restore it there within 30 days."
    ]
    assert list(done.context["studies"]) == [Study.all_objects.get(pk=world.study.pk)]
    assert "Helpful moments" not in client.get(reverse("study-list")).content.decode()
    assert client.get(reverse("study-detail", args=[world.study.pk])).status_code == 404
    restored = client.post(reverse("study-restore", args=[world.study.pk]), follow=True)
    assert restored.redirect_chain == [(reverse("study-detail", args=[world.study.pk]), 302)]
    assert messages_of(restored) == ["“Helpful moments” is restored."]


def test_each_transcript_row_links_to_its_deletion(world, transcript, client):
    world.login(client, "owner")
    link = f"{reverse('study-trash', args=[world.study.pk])}?transcript={transcript.pk}"
    assert link in client.get(reverse("study-detail", args=[world.study.pk])).content.decode()
    page = client.get(link)
    assert page.context["chosen"] == transcript.pk
    assert f'<option value="{transcript.pk}" selected>' in page.content.decode()
    assert client.get(link + "x").context["chosen"] is None


def test_deleting_a_transcript_from_the_study_trash_page(world, transcript, client):
    world.login(client, "owner")
    trash_page = reverse("study-trash", args=[world.study.pk])
    page = client.get(trash_page)
    assert [t.pk for t in page.context["transcripts"]] == [transcript.pk]
    assert list(page.context["trashed"]) == []
    delete = reverse("transcript-delete", args=[world.study.pk])
    wrong = client.post(delete, {"transcript": transcript.pk, "confirm": ""}, follow=True)
    assert messages_of(wrong) == ["Type the transcript's name, “Interview P01”, to delete it."]
    done = client.post(
        delete, {"transcript": transcript.pk, "confirm": "Interview P01"}, follow=True
    )
    assert messages_of(done) == ["“Interview P01” is in the trash."]
    assert [t.pk for t in done.context["trashed"]] == [transcript.pk]
    assert list(done.context["transcripts"]) == []
    assert 'id="trashed-transcripts"' in done.content.decode()
    study_page = client.get(reverse("study-detail", args=[world.study.pk]))
    assert list(study_page.context["transcripts"]) == []
    assert [p.n for p in study_page.context["participants"]] == [0]
    restore = reverse("transcript-restore", args=[world.study.pk, transcript.pk])
    back = client.post(restore, follow=True)
    assert messages_of(back) == ["“Interview P01” is restored."]
    assert Transcript.objects.filter(pk=transcript.pk).exists()
    assert client.post(restore).status_code == 404


def test_trash_pages_in_a_constant_number_of_queries(
    world, transcript, client, django_assert_max_num_queries
):
    world.login(client, "owner")
    client.post(
        reverse("transcript-delete", args=[world.study.pk]),
        {"transcript": transcript.pk, "confirm": "Interview P01"},
    )
    with django_assert_max_num_queries(8):
        client.get(reverse("study-trash", args=[world.study.pk]))
    with django_assert_max_num_queries(6):
        client.get(reverse("trash"))
