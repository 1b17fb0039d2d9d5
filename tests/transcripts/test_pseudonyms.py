"""Pseudonymisation on import: the API (map with the upload, flags, known names, the map),
the owner's review pages, and who may see what (coders and viewers 403, outsiders 404)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from transcripts.models import ImportJob, KnownName, NameReview, Replacement, Transcript

FILE = b"Interviewer: How was the clinic in Leeds?\nClient: Dr Hammond was kind.\nLeeds felt far.\n"
REPLACED = "Interviewer: How was the clinic in York?\nClient: Dr Smith was kind. York felt far."


def upload(name: str = "P05.txt", data: bytes = FILE) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


def api(world, name: str) -> str:
    return reverse(name, kwargs={"study_pk": world.study.pk})


def test_api_import_with_pseudonyms_replaces_before_storing(world):
    pseudonyms = json.dumps({"Leeds": "York", "Hammond": "Smith", "Oslo": "Town"})
    response = world.client("owner").post(
        api(world, "api-transcript-import"),
        {"files": [upload()], "pseudonyms": pseudonyms},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    [outcome] = response.json()
    assert (
        outcome["message"]
        == "2 turns, 3 sentences, participant P05, 2 names pseudonymised (3 in the text)."
    )
    transcript = Transcript.objects.get(pk=outcome["transcript_id"])
    assert transcript.text == REPLACED
    turns = [(t.speaker, t.start, t.end) for t in transcript.turns.all()]
    assert turns == [("Interviewer", 13, 40), ("Client", 49, 82)]
    assert transcript.text[49:82] == "Dr Smith was kind. York felt far."
    rows = Replacement.objects.filter(transcript=transcript).values_list(
        "original", "pseudonym", "occurrences"
    )
    assert sorted(rows) == [("Hammond", "Smith", 1), ("Leeds", "York", 2)]  # Oslo: not there
    assert "Leeds" not in transcript.text and "Hammond" not in transcript.text

    listed = world.client("owner").get(api(world, "api-pseudonym-map")).json()
    assert [(r["original"], r["pseudonym"], r["occurrences"]) for r in listed] == [
        ("Hammond", "Smith", 1),
        ("Leeds", "York", 2),
    ]


def test_background_import_takes_the_map_and_forgets_it_after(world):
    response = world.client("owner").post(
        api(world, "api-import-job-list"),
        {"files": [upload()], "pseudonyms": json.dumps({"Leeds": "York", "Hammond": "Smith"})},
        format="multipart",
    )
    assert response.status_code == 202
    job = ImportJob.objects.get(pk=response.json()["id"])
    assert job.status == "done" and job.replacements == {}
    assert Transcript.objects.get().text == REPLACED


@pytest.mark.parametrize(
    ("pseudonyms", "reason"),
    [
        ("{not json", "Give a JSON object of name -> pseudonym."),
        ('["Leeds"]', "Give a JSON object of name -> pseudonym."),
        ('{"Leeds": ""}', "“Leeds”: Every name and every pseudonym needs a letter or digit."),
        ('{"Leeds": 7}', "Names and pseudonyms are text."),
    ],
)
def test_bad_maps_are_400_and_store_nothing(world, pseudonyms, reason):
    response = world.client("owner").post(
        api(world, "api-transcript-import"),
        {"files": [upload()], "pseudonyms": pseudonyms},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "pseudonyms", "reason": reason}]
    assert not Transcript.objects.exists()


def test_only_owners_pseudonymise(world):
    response = world.client("coder").post(
        api(world, "api-transcript-import"),
        {"files": [upload()], "pseudonyms": '{"Leeds": "York"}'},
        format="multipart",
    )
    assert response.status_code == 403
    assert not Transcript.objects.exists()


def test_unknown_language_is_400_with_the_reason(world):
    response = world.client("coder").post(
        api(world, "api-transcript-import"),
        {"files": [upload()], "language": "klingon"},
        format="multipart",
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "language"
    assert error["reason"].startswith("“klingon” is not a spaCy language installed here; use one")
    assert ", en, " in error["reason"] and not Transcript.objects.exists()


@pytest.mark.parametrize(
    ("method", "name", "payload"),
    [
        ("get", "api-pseudonym-map", None),
        ("get", "api-known-name-list", None),
        ("post", "api-known-name-list", {"name": "Leeds", "pseudonym": "York"}),
        ("post", "api-pseudonym-flags", "files"),
    ],
)
@pytest.mark.parametrize(
    ("persona", "status"), [("coder", 403), ("viewer", 403), ("outsider", 404)]
)
def test_the_map_and_its_api_are_for_owners_only(world, method, name, payload, persona, status):
    Replacement.objects.create(
        study=world.study,
        transcript=Transcript.objects.create(study=world.study, text="x", sha256="1"),
        original="Leeds",
        pseudonym="York",
        occurrences=1,
    )
    data = {"files": [upload()]} if payload == "files" else payload
    response = getattr(world.client(persona), method)(api(world, name), data, format="multipart")
    assert response.status_code == status
    assert "Leeds" not in response.content.decode()


def test_known_names_api_and_flags(world):
    owner = world.client("owner")
    made = owner.post(api(world, "api-known-name-list"), {"name": " Leeds ", "pseudonym": "York"})
    assert made.status_code == 201 and made.json()["name"] == "Leeds"
    assert owner.post(api(world, "api-known-name-list"), {"name": "?!"}).status_code == 400
    response = owner.post(
        api(world, "api-pseudonym-flags"),
        {"files": [upload(), upload("bad.pdf", b"x")]},
        format="multipart",
    )
    assert response.status_code == 200
    body = response.json()
    assert [(f["token"], f["reasons"], f["count"], f["suggestion"]) for f in body["flags"]] == [
        ("Leeds", ["known name", "capitalised"], 2, "York"),
        ("Hammond", ["title", "capitalised"], 1, "[name 1]"),
    ]
    assert body["unreadable"][0]["filename"] == "bad.pdf"
    assert not Transcript.objects.exists() and not NameReview.objects.exists()
    pk = KnownName.objects.get().pk
    url = reverse("api-known-name-detail", kwargs={"study_pk": world.study.pk, "name_pk": pk})
    assert world.client("coder").delete(url).status_code == 403
    assert owner.delete(url).status_code == 204 and not KnownName.objects.exists()
