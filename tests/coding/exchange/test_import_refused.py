"""Bad archives are refused with a reason, and nothing is stored: no study, no user."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model

from coding.exchange import importer
from tests.coding.exchange.conftest import qdpx
from tests.conftest import make_user
from transcripts.models import Study

GHOST = "11111111-2222-3333-4444-555555555555"
QDE = (
    '<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="t">'
    f'<Users><User guid="{GHOST}" name="ghost"/></Users></Project>'
)


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", QDE)
        archive.writestr("sources/big.txt", b"\0" * 5_000_000)  # ~5 kB compressed
    return out.getvalue()


ENTITIES = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Project name="&b;"/>'
)

EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<Project name="&x;"/>'
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            qdpx({"project.qde": QDE, "../outside.txt": "x"}),
            "The archive names a file outside itself ('../outside.txt').",
        ),
        (
            qdpx({"project.qde": QDE, "/etc/passwd": "x"}),
            "The archive names a file outside itself ('/etc/passwd').",
        ),
        (bomb(), "sources/big.txt compresses suspiciously well (a zip bomb?)."),
        (qdpx({"project.qde": "<Project name='x'><Users>"}), "The XML is broken or unsafe: "),
        (qdpx({"project.qde": ENTITIES}), "The XML is broken or unsafe: "),
        # The fast parser takes only ASCII-compatible documents without a DTD: in UTF-16
        # the bytes "<!DOCTYPE" do not occur, and defusedxml must still see the entities.
        (
            qdpx(
                {
                    "project.qde": ENTITIES.replace('"1.0"?', '"1.0" encoding="UTF-16"?').encode(
                        "utf-16"
                    )
                }
            ),
            "The XML is broken or unsafe: ",
        ),
        (qdpx({"project.qde": EXTERNAL}), "The XML is broken or unsafe: "),
        (qdpx({"project.qde": "<CodeBook/>"}), "Expected a <Project> document, found <CodeBook>."),
        (
            qdpx({"a.qde": QDE, "b.qde": QDE}),
            "A .qdpx archive holds exactly one .qde project; this has 2 .qde project files.",
        ),
        (
            qdpx({"sources/a.txt": "x"}),
            "A .qdpx archive holds exactly one .qde project; this has no .qde project file.",
        ),
        (b"PK\x03\x04 not really a zip", "This is not a .qdpx archive (not a readable zip file)."),
    ],
    ids=[
        "traversal",
        "absolute",
        "bomb",
        "broken-xml",
        "entities",
        "entities-utf16",
        "external-entity",
        "codebook",
        "two-qde",
        "no-qde",
        "not-zip",
    ],
)
def test_bad_archive_refused_and_nothing_stored(db, data, reason):
    user = make_user("imp")
    studies, users = Study.objects.count(), get_user_model().objects.count()
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_project(user=user, data=data)
    assert refused.value.field == "file"
    assert refused.value.reason.startswith(reason)
    assert (Study.objects.count(), get_user_model().objects.count()) == (studies, users)


def test_a_failure_half_way_stores_nothing(db, monkeypatch):
    """Transcripts and codes are written before the notes: an error there undoes them all."""
    from coding.exchange import notes
    from tests.coding.exchange.conftest import REFI

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(notes, "import_notes", broken)
    user = make_user("imp")
    data = (REFI / "qc-1.3.2_2-transcripts_158-selections.qdpx").read_bytes()
    with pytest.raises(RuntimeError):
        importer.import_project(user=user, data=data)
    assert Study.objects.count() == 0
    assert not get_user_model().objects.filter(username="cp").exists()
