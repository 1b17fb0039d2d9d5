"""The exchange pages for each persona: the study's exchange page with its downloads and the
data-loss report, the codebook upload, and importing a project as a new study with progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coding.models import Code, ExchangeJob
from tests.coding.exchange.conftest import REFI, unzip


@pytest.mark.parametrize(
    ("persona", "expected"), [("owner", 200), ("coder", 200), ("viewer", 200), ("outsider", 404)]
)
def test_exchange_page(world, interview, persona, expected):
    client = world.login(Client(), persona)
    response = client.get(reverse("exchange", kwargs={"study_pk": world.study.pk}))
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert 'id="export-project"' in html and 'id="export-losses"' in html
        assert ('id="codebook-import-form"' in html) == (persona == "owner")
        blind = "Blind phase: this export holds only your own codings" in html
        assert blind == (persona == "coder")
        download = client.get(reverse("exchange-project", kwargs={"study_pk": world.study.pk}))
        assert download.status_code == 200 and "project.qde" in unzip(download.content)


def test_owner_uploads_a_codebook_on_the_page(world):
    client = world.login(Client(), "owner")
    url = reverse("exchange", kwargs={"study_pk": world.study.pk})
    data = (REFI / "handmade_taguette-1.4-style_codebook.qdc").read_bytes()
    response = client.post(url, {"file": SimpleUploadedFile("tags.qdc", data)})
    assert response.status_code == 200
    assert "3 codes added" in response.content.decode()
    assert Code.objects.filter(study=world.study).count() == 3
    bad = client.post(url, {"file": SimpleUploadedFile("tags.qdc", b"not xml")})
    assert bad.status_code == 400 and "The XML is broken or unsafe" in bad.content.decode()
    coder = world.login(Client(), "coder")
    assert coder.post(url, {"file": SimpleUploadedFile("tags.qdc", data)}).status_code == 403


def test_import_a_project_as_a_new_study_with_its_report(world):
    client = world.login(Client(), "viewer")
    page = client.get(reverse("exchange-import"))
    assert page.status_code == 200 and 'id="exchange-import-form"' in page.content.decode()
    data = (REFI / "qc-1.3.2_2-transcripts_158-selections.qdpx").read_bytes()
    response = client.post(
        reverse("exchange-import"),
        {"file": SimpleUploadedFile("qc.qdpx", data)},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 transcripts" in html and "205 codings from 158 selections" in html
    assert "New accounts for the file's coders (inactive" in html and "cp" in html
    job = ExchangeJob.objects.get()
    status = client.get(reverse("exchange-job", kwargs={"job_pk": job.pk}))
    assert status.status_code == 200 and "qc project" in status.content.decode()
    other = world.login(Client(), "owner")
    assert other.get(reverse("exchange-job", kwargs={"job_pk": job.pk})).status_code == 404


def test_import_into_a_study_is_for_owners(world):
    url = reverse("exchange-import-into", kwargs={"study_pk": world.study.pk})
    assert world.login(Client(), "owner").get(url).status_code == 200
    assert world.login(Client(), "coder").get(url).status_code == 403
    assert world.login(Client(), "outsider").get(url).status_code == 404
    bad = world.login(Client(), "owner").post(url, {"file": SimpleUploadedFile("x.qdpx", b"nope")})
    assert bad.status_code == 400 and "not a readable zip file" in bad.content.decode()
    assert not ExchangeJob.objects.exists()
