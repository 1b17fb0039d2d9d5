"""Researchers' exports: coded segments grouped by code with participant and context, and the
codebook, as CSV, XLSX and DOCX; formulas neutralised; a blind coder's own segments only."""

import csv
import io
from itertools import groupby

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from coding.exchange import reports
from coding.models import Code, Coding
from tests.coding.conftest import code_it
from tests.coding.exchange.conftest import member_of


def test_segments_csv_of_the_demo(demo, django_assert_max_num_queries):
    owner = member_of(demo, "olivia")
    with django_assert_max_num_queries(4):
        data, kind, name = reports.render(owner, "segments", "csv")
    assert kind == "text/csv; charset=utf-8" and name == f"segments-study{demo.pk}.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(rows) == Coding.objects.filter(transcript__study=demo).count() == 399
    first = rows[0]
    coding = Coding.objects.get(
        transcript__study=demo,
        transcript__title=first["transcript"],
        coder__username=first["coder"],
        start=int(first["start"]),
        end=int(first["end"]),
        code__name=first["code"],
    )
    assert first["quote"] == coding.transcript.text[coding.start : coding.end]
    assert (
        first["cluster"] == coding.code.cluster.name
        and first["participant"] == coding.transcript.participant.code
    )
    runs = [cluster for cluster, _ in groupby(row["cluster"] for row in rows)]
    assert len(runs) == len(set(runs)) == 6  # each cluster's segments together, in one run
    codes = [code for code, _ in groupby((row["cluster"], row["code"]) for row in rows)]
    assert len(codes) == len(set(codes))


def test_blind_coder_exports_their_own_segments(demo):
    rows = reports.segment_rows(member_of(demo, "casey"))
    assert {row["coder"] for row in rows} == {"casey"}
    assert (
        len(rows) == Coding.objects.filter(transcript__study=demo, coder__username="casey").count()
    )


def test_formulas_are_text_in_csv_and_xlsx(world, interview):
    Code.objects.create(study=world.study, name='=HYPERLINK("http://x")')
    code = Code.objects.get(study=world.study)
    assert code_it(world, "coder", interview, code, "She understood me.").status_code == 201
    member = member_of(world.study, world.users["owner"].username)
    data, _, _ = reports.render(member, "segments", "csv")
    [row] = list(csv.DictReader(io.StringIO(data.decode())))
    assert row["code"] == '\'=HYPERLINK("http://x")' and row["quote"] == "She understood me."
    sheet = load_workbook(io.BytesIO(reports.render(member, "segments", "xlsx")[0])).active
    assert [c.value for c in sheet[1]][:3] == ["cluster", "code", "participant"]
    assert sheet["B2"].value == '\'=HYPERLINK("http://x")' and sheet.max_row == 2


def test_docx_groups_segments_by_code_and_the_codebook_has_its_notes(demo):
    owner = member_of(demo, "olivia")
    document = Document(io.BytesIO(reports.render(owner, "segments", "docx")[0]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    used = Code.objects.filter(study=demo, codings__isnull=False).distinct().count()
    assert len(headings) == used
    code = Code.objects.filter(study=demo, codings__isnull=False).order_by("name").first()
    n = code.codings.count()
    people = code.codings.values("transcript__participant").distinct().count()
    assert f"{code.name} ({n} segments, {people} participants)" in headings
    book = Document(io.BytesIO(reports.render(owner, "codebook", "docx")[0]))
    text = "\n".join(p.text for p in book.paragraphs)
    some = Code.objects.filter(study=demo).exclude(inclusion="").first()
    assert f"Inclusion: {some.inclusion}" in text and f"Definition: {some.definition}" in text
    sheet = load_workbook(io.BytesIO(reports.render(owner, "codebook", "xlsx")[0])).active
    assert sheet.max_row == 1 + Code.objects.filter(study=demo).count()


@pytest.mark.parametrize(
    ("persona", "expected"), [("owner", 200), ("viewer", 200), ("outsider", 404)]
)
def test_export_pages_and_api(world, interview, persona, expected):
    page = reverse(
        "exchange-report", kwargs={"study_pk": world.study.pk, "what": "codebook", "fmt": "xlsx"}
    )
    assert world.login(Client(), persona).get(page).status_code == expected
    api = reverse(
        "api-exchange-report",
        kwargs={"study_pk": world.study.pk, "what": "segments", "fmt": "docx"},
    )
    assert world.client(persona).get(api).status_code == expected
    unknown = reverse(
        "api-exchange-report", kwargs={"study_pk": world.study.pk, "what": "memos", "fmt": "pdf"}
    )
    assert world.client(persona).get(unknown).status_code == 404


def test_moments_and_memos_tables(demo):
    casey = member_of(demo, "casey")
    data, _, name = reports.render(casey, "moments", "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    from coding.models import Memo, SignificantMoment

    own = SignificantMoment.objects.filter(transcript__study=demo, rater__username="casey")
    assert name == f"moments-study{demo.pk}.csv" and len(rows) == own.count()
    first = (
        own.select_related("transcript").order_by("transcript__participant__code", "start").first()
    )
    match = [
        r
        for r in rows
        if int(r["start"]) == first.start and r["transcript"] == first.transcript.title
    ]
    assert match[0]["quote"] == first.transcript.text[first.start : first.end]
    memos = load_workbook(
        io.BytesIO(reports.render(member_of(demo, "olivia"), "memos", "xlsx")[0])
    ).active
    assert memos.max_row == 1 + Memo.objects.filter(study=demo).count()
    assert [c.value for c in memos[1]] == ["author", "about", "text", "created"]
    assert reports.render(casey, "memos", "docx") is None
