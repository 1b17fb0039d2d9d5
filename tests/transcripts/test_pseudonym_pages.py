"""The owner's pages: upload, review the flagged names, confirm, import with the pseudonyms;
known names; the map. Coders and viewers 403, outsiders 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.transcripts.test_pseudonyms import FILE, REPLACED
from transcripts.models import KnownName, NameReview, NameReviewFile, Replacement, Transcript


def page(world, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


def start(world, client, data: bytes = FILE, **fields):
    upload = SimpleUploadedFile("P05.txt", data, content_type="text/plain")
    return client.post(
        page(world, "pseudonym-review-start"), {"files": [upload], "language": "en", **fields}
    )


def test_upload_review_confirm_imports_with_the_chosen_pseudonyms(world):
    KnownName.objects.create(study=world.study, name="hammond", pseudonym="Smith")
    client = world.login(Client(), "owner")
    response = start(world, client)
    review = NameReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page(world, "pseudonym-review", review_pk=review.pk)
    assert [(f["token"], f["suggestion"], f["replace"]) for f in review.flags] == [
        ("Leeds", "[name 1]", False),
        ("Hammond", "Smith", True),
    ]
    shown = client.get(response["Location"]).content.decode()
    assert 'name="pseudonym-1" value="Smith"' in shown  # the known name, prefilled
    assert 'id="replace-1" value="on" checked' in shown
    assert 'id="replace-0" value="on">' in shown  # a bare capitalised word: not ticked

    confirm = client.post(
        response["Location"],
        {"replace-0": "on", "pseudonym-0": "York", "replace-1": "on", "pseudonym-1": "Smith"},
    )
    assert confirm.status_code == 302 and "/imports/" in confirm["Location"]
    assert Transcript.objects.get().text == REPLACED
    assert sorted(Replacement.objects.values_list("original", "pseudonym", "occurrences")) == [
        ("Hammond", "Smith", 1),
        ("Leeds", "York", 2),
    ]
    assert not NameReview.objects.exists() and not NameReviewFile.objects.exists()
    listing = client.get(page(world, "pseudonyms")).content.decode()
    assert "<td>Leeds</td><td>York</td><td>2</td>" in listing


def test_a_ticked_name_without_pseudonym_is_400_and_imports_nothing(world):
    client = world.login(Client(), "owner")
    start(world, client)
    review = NameReview.objects.get()
    url = page(world, "pseudonym-review", review_pk=review.pk)
    response = client.post(url, {"replace-0": "on", "pseudonym-0": " "})
    assert response.status_code == 400
    assert "Give a pseudonym for “Leeds”, or untick it to keep it." in response.content.decode()
    response = client.post(url, {"extra-name-0": "clinic"})
    assert "An added name needs both the name and its pseudonym." in response.content.decode()
    assert not Transcript.objects.exists() and NameReview.objects.count() == 1


def test_names_the_flags_missed_can_be_added(world):
    client = world.login(Client(), "owner")
    start(world, client)
    url = page(world, "pseudonym-review", review_pk=NameReview.objects.get().pk)
    client.post(url, {"extra-name-0": "clinic", "extra-pseudonym-0": "practice"})
    assert (
        Transcript.objects.get().text
        == FILE.decode().replace("clinic", "practice").replace(".\nLeeds", ". Leeds").rstrip()
    )


def test_cancel_deletes_the_files(world):
    client = world.login(Client(), "owner")
    start(world, client)
    review = NameReview.objects.get()
    client.post(page(world, "pseudonym-review-cancel", review_pk=review.pk))
    assert not NameReview.objects.exists() and not NameReviewFile.objects.exists()
    assert not Transcript.objects.exists()


def test_bad_upload_is_400_on_the_page(world):
    client = world.login(Client(), "owner")
    response = start(world, client, language="xx-nope")
    assert response.status_code == 400
    assert "is not a spaCy language installed here" in response.content.decode()
    assert not NameReview.objects.exists()


def test_known_names_on_the_page(world):
    client = world.login(Client(), "owner")
    client.post(page(world, "known-name-add"), {"name": "Leeds", "pseudonym": "York"})
    response = client.post(page(world, "known-name-add"), {"name": "--"})
    assert response.status_code == 400
    assert "needs a letter or digit" in response.content.decode()
    known = KnownName.objects.get()
    assert (known.name, known.pseudonym) == ("Leeds", "York")
    client.post(page(world, "known-name-remove", name_pk=known.pk))
    assert not KnownName.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("coder", 403), ("viewer", 403), ("outsider", 404)]
)
def test_pages_are_for_owners_only(world, persona, status):
    owner = world.login(Client(), "owner")
    start(world, owner)
    review = NameReview.objects.get()
    client = world.login(Client(), persona)
    assert client.get(page(world, "pseudonyms")).status_code == status
    assert client.get(page(world, "pseudonym-review", review_pk=review.pk)).status_code == status
    assert start(world, client).status_code == status
    response = client.post(page(world, "known-name-add"), {"name": "Leeds"})
    assert response.status_code == status and not KnownName.objects.exists()
    assert NameReview.objects.count() == 1


def test_study_page_links_owners_to_the_pseudonymised_import(world):
    link = 'id="pseudonyms-link"'
    owner = world.login(Client(), "owner").get(page(world, "study-detail"))
    coder = world.login(Client(), "coder").get(page(world, "study-detail"))
    assert link in owner.content.decode() and link not in coder.content.decode()


def test_study_import_form_refuses_an_unknown_language(world):
    client = world.login(Client(), "coder")
    upload = SimpleUploadedFile("P05.txt", FILE, content_type="text/plain")
    response = client.post(page(world, "transcript-import"), {"files": [upload], "language": "zz"})
    assert response.status_code == 400
    assert "language: “zz” is not a spaCy language installed here" in response.content.decode()
    assert not Transcript.objects.exists()
