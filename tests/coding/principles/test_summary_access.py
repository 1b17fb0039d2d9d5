"""The summary through the page, the download, the API and the command: roles, the blind
phase, bad input, the pseudonym list, and the queries the page takes."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from coding.models import Pseudonym


def login(world, persona) -> Client:
    return world.login(Client(), persona)


def test_page_preview_and_downloads(finished):
    world = finished.world
    client = login(world, "viewer")
    page = client.get(reverse("summary", args=[world.study.pk]))
    assert page.status_code == 200
    assert page.context["source"] == "all"  # no consensus yet
    html = page.content.decode()
    assert '<p class="frequency">2 of 3 participants (general)</p>' in html
    assert '“[therapist] understood me.” <span class="who">— P01</span>' in html
    download = client.get(
        reverse("summary-download", args=[world.study.pk, "docx"]) + "?source=all"
    )
    assert download.status_code == 200
    assert (
        download["Content-Disposition"]
        == 'attachment; filename="principle-summary-helpful-moments.docx"'
    )
    headings = [
        p.text
        for p in docx.Document(io.BytesIO(download.content)).paragraphs
        if p.style.name == "Heading 2"
    ]
    assert headings == ["Therapeutic relationship", "Therapy environment"]
    assert client.get(reverse("summary-download", args=[world.study.pk, "exe"])).status_code == 404
    assert (
        login(world, "outsider").get(reverse("summary", args=[world.study.pk])).status_code == 404
    )


def test_api_download_and_bad_source(finished):
    world = finished.world
    url = reverse("api-summary", kwargs={"study_pk": world.study.pk, "fmt": "md"})
    response = world.client("viewer").get(url)
    assert (
        response.status_code == 200 and response["Content-Type"] == "text/markdown; charset=utf-8"
    )
    assert b"*2 of 3 participants (general)*" in response.content
    bad = world.client("viewer").get(url + "?source=nobody")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "source"
    assert world.client("outsider").get(url).status_code == 404
    pdf = world.client("owner").get(
        reverse("api-summary", kwargs={"study_pk": world.study.pk, "fmt": "pdf"})
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_blind_phase_download_is_the_coders_own(finished):
    world = finished.world
    world.study.blind_coding = True
    world.study.save()
    url = reverse("api-summary", kwargs={"study_pk": world.study.pk, "fmt": "md"})
    text = world.client("coder").get(url + "?source=all").content.decode()
    assert (
        "Therapeutic relationship" not in text.split("## What helped")[0]
    )  # the owner's principle
    assert "### Therapy environment" in text and "blind phase" in text
    page = login(world, "coder").get(reverse("summary", args=[world.study.pk]))
    assert page.context["sources"] == ["consensus", "all"]


def test_pseudonym_list(finished):
    world = finished.world
    owner = login(world, "owner")
    owner.post(
        reverse("pseudonym-add", args=[world.study.pk]),
        {"name": "ruth", "replacement": "the therapist"},
    )
    assert list(Pseudonym.objects.values_list("name", "replacement")) == [("ruth", "the therapist")]
    page = owner.get(reverse("summary", args=[world.study.pk]))
    assert "“the therapist understood me.”" in page.content.decode()
    assert (
        login(world, "viewer")
        .post(reverse("pseudonym-add", args=[world.study.pk]), {"name": "x"})
        .status_code
        == 403
    )
    owner.post(reverse("pseudonym-add", args=[world.study.pk]), {"name": "  "})
    assert Pseudonym.objects.count() == 1
    pk = Pseudonym.objects.get().pk
    owner.post(reverse("pseudonym-delete", args=[world.study.pk, pk]))
    assert Pseudonym.objects.count() == 0


def test_command_writes_each_format(finished, tmp_path):
    world = finished.world
    for fmt in ("md", "html", "docx", "pdf"):
        path = tmp_path / f"s.{fmt}"
        call_command(
            "export_summary", study=str(world.study.pk), format=fmt, output=str(path), source="all"
        )
        assert path.stat().st_size > 0
    assert (tmp_path / "s.md").read_text().startswith("# Principle summary: Helpful moments")
    assert "<h1>Principle summary: Helpful moments</h1>" in (tmp_path / "s.html").read_text()
    with pytest.raises(CommandError, match="source"):
        call_command(
            "export_summary",
            study=str(world.study.pk),
            format="md",
            output=str(tmp_path / "x"),
            source="nobody",
        )
    with pytest.raises(CommandError, match="No study"):
        call_command("export_summary", study="999999", format="md", output=str(tmp_path / "x"))


def test_page_queries_do_not_grow_with_principles(finished):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coding.models import Principle

    world = finished.world
    client = login(world, "owner")
    url = reverse("summary", args=[world.study.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(5):
        p = Principle.objects.create(
            study=world.study,
            cluster=finished.relationship,
            statement=f"More {i}",
            author=world.users["owner"],
            order=5 + i,
        )
        p.evidence.set([finished.codings["trust1"]])
        p.quotes.set([finished.codings["understood2"]])
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200 and b"More 4" in response.content
    assert len(after) == len(before) <= 40, [q["sql"][:80] for q in after]
