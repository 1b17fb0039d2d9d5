"""export_project / import_project and export_codebook / import_codebook."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coding.models import Code, Coding
from tests.coding.exchange.conftest import REFI
from tests.conftest import make_user
from transcripts.models import Study


def test_export_then_import_project(demo, tmp_path):
    target = tmp_path / "demo.qdpx"
    out = StringIO()
    call_command("export_project", "--study", demo.title, "--output", str(target), stdout=out)
    assert "Data-loss report" in out.getvalue() and target.stat().st_size > 10_000
    make_user("archivist")
    out = StringIO()
    call_command("import_project", str(target), "--as", "archivist", stdout=out)
    copy = Study.objects.exclude(pk=demo.pk).get()
    assert f"Study {copy.pk} “{demo.title}” (new)" in out.getvalue()
    assert (
        "8 transcripts, 8 participants, 7 clusters, 21 codes, 399 codings from 490 selections, 91 moments, 22 memos"
        in out.getvalue()
    )
    assert Coding.objects.filter(transcript__study=copy).count() == 399


def test_import_project_needs_a_user_and_refuses_bad_files(db, tmp_path):
    with pytest.raises(CommandError, match="Name the importing user"):
        call_command("import_project", str(REFI / "qc-1.3.2_2-transcripts_158-selections.qdpx"))
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"nope")
    make_user("someone")
    with pytest.raises(CommandError, match="not a readable zip file"):
        call_command("import_project", str(bad), "--as", "someone")


def test_codebook_commands(demo, tmp_path, codebook_schema):
    target = tmp_path / "book.qdc"
    call_command(
        "export_codebook", "--study", str(demo.pk), "--output", str(target), stdout=StringIO()
    )
    codebook_schema.validate(target.read_text(encoding="utf-8"))
    out = StringIO()
    call_command(
        "import_codebook",
        str(REFI / "handmade_taguette-1.4-style_codebook.qdc"),
        "--study",
        str(demo.pk),
        stdout=out,
    )
    assert out.getvalue().startswith("0 clusters and 3 codes added (from Taguette 1.4.1).")
    assert Code.objects.filter(study=demo, name="waiting lists").exists()
    with pytest.raises(CommandError, match="Only an owner"):
        call_command("import_codebook", str(target), "--study", str(demo.pk), "--as", "casey")
