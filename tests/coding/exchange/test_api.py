"""The exchange API for each persona: downloads through the door and the visibility layer,
codebook import by owners, project imports as jobs only their creator sees."""

import csv
import io

import pytest
from django.urls import reverse

from coding.models import Code, ExchangeJob
from tests.coding.exchange.conftest import REFI, qdpx, unzip
from transcripts.models import Study

QC = REFI / "qc-1.3.2_2-transcripts_158-selections.qdpx"
TAGUETTE = REFI / "handmade_taguette-1.4-style_codebook.qdc"


def upload(path, name=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = path.read_bytes() if hasattr(path, "read_bytes") else path
    return SimpleUploadedFile(name or getattr(path, "name", "x.qdpx"), data)


@pytest.mark.parametrize(
    ("persona", "expected"), [("owner", 200), ("coder", 200), ("viewer", 200), ("outsider", 404)]
)
def test_project_download(world, interview, persona, expected):
    url = reverse("api-exchange-project", kwargs={"study_pk": world.study.pk})
    response = world.client(persona).get(url)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/vnd.refi-qda.qdpx+zip"
        files = unzip(response.content)
        assert sorted(files)[0] == "project.qde" and len(files) == 2


@pytest.mark.parametrize(
    ("persona", "expected"), [("owner", 200), ("coder", 403), ("viewer", 403), ("outsider", 404)]
)
def test_codebook_import_is_for_owners(world, persona, expected):
    url = reverse("api-exchange-codebook", kwargs={"study_pk": world.study.pk})
    response = world.client(persona).post(url, {"file": upload(TAGUETTE)}, format="multipart")
    assert response.status_code == expected
    if expected == 200:
        assert response.json() == {
            "origin": "Taguette 1.4.1",
            "clusters": 0,
            "codes": 3,
            "notes": [],
        }
        assert sorted(Code.objects.filter(study=world.study).values_list("name", flat=True)) == [
            "feeling heard",
            "practical help",
            "waiting lists",
        ]
        again = world.client(persona).post(url, {"file": upload(TAGUETTE)}, format="multipart")
        assert again.json()["codes"] == 0  # names the study has are kept


def test_codebook_round_trip_and_bad_codebook(world, book, codebook_schema):
    url = reverse("api-exchange-codebook", kwargs={"study_pk": world.study.pk})
    got = world.client("viewer").get(url)
    assert got.status_code == 200
    codebook_schema.validate(got.content.decode())
    bad = world.client("owner").post(
        url, {"file": upload(b"<CodeBook><Codes>", "bad.qdc")}, format="multipart"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "file"
    assert bad.json()["detail"].startswith("file: The XML is broken or unsafe")


def test_project_import_into_a_new_study_is_a_job_for_its_creator(world):
    url = reverse("api-exchange-import")
    response = world.client("coder").post(url, {"file": upload(QC)}, format="multipart")
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "done" and (job["done"], job["total"]) == (2, 2)
    report = job["report"]
    assert (report["transcripts"], report["codings"], report["selections"]) == (2, 205, 158)
    study = Study.objects.get(pk=report["study_id"])
    assert study.memberships.get(user=world.users["coder"]).role == "owner"
    assert ExchangeJob.objects.get(pk=job["id"]).data == b""  # the upload is not kept
    detail = reverse("api-exchange-import-job", kwargs={"job_pk": job["id"]})
    assert world.client("coder").get(detail).json()["report"] == report
    assert world.client("owner").get(detail).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"), [("owner", 202), ("coder", 403), ("viewer", 403), ("outsider", 404)]
)
def test_project_import_into_a_study_needs_its_owner(world, persona, expected):
    url = reverse("api-exchange-import")
    body = {"file": upload(QC), "study": world.study.pk}
    response = world.client(persona).post(url, body, format="multipart")
    assert response.status_code == expected
    if expected == 202:
        assert response.json()["report"]["study_id"] == world.study.pk
        assert world.study.transcripts.count() == 2


def test_bad_project_is_a_400_and_no_job(world):
    url = reverse("api-exchange-import")
    data = qdpx({"project.qde": "<Project", "../x": "y"})
    response = world.client("owner").post(
        url, {"file": upload(data, "evil.qdpx")}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "file", "reason": "The archive names a file outside itself ('../x')."}
    ]
    assert not ExchangeJob.objects.exists()


def test_blind_coder_downloads_only_their_own_work(world, interview, book):
    from tests.coding.conftest import code_it

    assert code_it(world, "coder", interview, book.safe, "The room was calm").status_code == 201
    assert code_it(world, "owner", interview, book.trust, "I trusted her").status_code == 201
    url = reverse("api-exchange-project", kwargs={"study_pk": world.study.pk})
    coder_qde = unzip(world.client("coder").get(url).content)["project.qde"].decode()
    owner_qde = unzip(world.client("owner").get(url).content)["project.qde"].decode()
    assert coder_qde.count("<PlainTextSelection ") == 1 and 'name="The room was calm"' in coder_qde
    assert owner_qde.count("<PlainTextSelection ") == 2
    segments = reverse(
        "api-exchange-report", kwargs={"study_pk": world.study.pk, "what": "segments", "fmt": "csv"}
    )
    body = world.client("coder").get(segments).content.decode()
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert (row["quote"], row["code"], row["coder"]) == (
        "The room was calm",
        "Feeling safe",
        world.users["coder"].username,
    )


def test_downloads_answer_in_their_documented_media_types(world, book, interview):
    # The schema-checking client fails on a status or media type the schema does not list
    # (schemathesis found these); here each download once, and the empty codebook's 400.
    client = world.client("owner")
    study = {"study_pk": world.study.pk}
    codebook = client.get(reverse("api-exchange-codebook", kwargs=study))
    assert (codebook.status_code, codebook["Content-Type"]) == (200, "application/xml")
    for what, fmt, kind in (("memos", "csv", "text/csv"), ("segments", "xlsx", "application/vnd")):
        answer = client.get(
            reverse("api-exchange-report", kwargs={**study, "what": what, "fmt": fmt})
        )
        assert answer.status_code == 200 and answer["Content-Type"].startswith(kind)
    Code.objects.filter(study=world.study).delete()
    world.study.clusters.all().delete()
    empty = client.get(reverse("api-exchange-codebook", kwargs=study))
    assert empty.status_code == 400
    assert "nothing to export" in empty.json()["detail"]
