"""Builders for exchange tests: the demo study, the REFI-QDA schemas and sample files, and
small .qdpx archives made by hand."""

import io
import zipfile
from io import StringIO
from pathlib import Path

import pytest
import xmlschema
from django.core.management import call_command

from transcripts.models import Membership, Study

REFI = Path(__file__).parent / "refi"


@pytest.fixture(scope="session")
def project_schema():
    return xmlschema.XMLSchema(str(REFI / "Project.xsd"))


@pytest.fixture(scope="session")
def codebook_schema():
    return xmlschema.XMLSchema(str(REFI / "Codebook.xsd"))


@pytest.fixture
def demo(db) -> Study:
    call_command("load_demo", stdout=StringIO())
    return Study.objects.get(title="What clients find helpful")


def member_of(study: Study, username: str) -> Membership:
    return Membership.objects.select_related("study", "user").get(
        study=study, user__username=username
    )


def qdpx(entries: dict[str, bytes | str]) -> bytes:
    """A zip archive of the given names and contents (str is written as UTF-8)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return out.getvalue()


def qdpx_of(folder: Path) -> bytes:
    """A .qdpx of a hand-made project kept unzipped in refi/ (readable in review)."""
    return qdpx(
        {str(f.relative_to(folder)): f.read_bytes() for f in folder.rglob("*") if f.is_file()}
    )


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
