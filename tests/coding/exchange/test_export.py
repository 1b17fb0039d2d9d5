"""The .qdpx export: valid against Project.xsd, deterministic, names unique across the code
tree, sources as UTF-8 without BOM with LF, and filtered by the visibility layer (a coder in
the blind phase exports only their own work)."""

import re
from xml.etree import ElementTree

import pytest

from coding.exchange import build, export
from coding.models import Cluster, Code, Coding, Memo, SignificantMoment
from tests.coding.exchange.conftest import member_of, unzip
from transcripts.models import Participant


def test_demo_export_is_valid_and_deterministic(
    demo, project_schema, django_assert_max_num_queries
):
    owner = member_of(demo, "olivia")
    with django_assert_max_num_queries(12):
        data, losses = export.qdpx_bytes(owner)
    assert export.qdpx_bytes(member_of(demo, "olivia"))[0] == data  # same study, same bytes
    files = unzip(data)
    project_schema.validate(files["project.qde"].decode("utf-8"))
    texts = [name for name in files if name != "project.qde"]
    assert len(texts) == 8 and all(re.fullmatch(r"sources/[0-9A-F-]{36}\.txt", n) for n in texts)
    for name in texts:
        raw = files[name]
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    stored = sorted(t.text for t in demo.transcripts.all())
    assert sorted(files[n].decode("utf-8") for n in texts) == stored
    qde = files["project.qde"].decode("utf-8")
    assert qde.count("<PlainTextSelection ") == 399 + 91
    assert qde.count("<Note ") == 22 and qde.count("<Case ") == 8
    assert 'plainTextPath="internal://' in qde and 'origin="QualCode 0.1"' in qde
    ns = "{urn:QDA-XML:project:1.0}"
    book = ElementTree.fromstring(files["project.qde"]).find(f"{ns}CodeBook")
    assert book is not None and not list(book.iter(f"{ns}NoteRef"))  # QualCoder drops such codes
    assert losses[0].startswith("Speaker turns, roles and sentences are not part of REFI-QDA")


def test_blind_coder_exports_only_their_own_work(demo, project_schema):
    assert demo.blind_coding
    casey = member_of(demo, "casey")
    project = export.export_project(casey).project
    project_schema.validate(build.project_xml(project).decode())
    [user] = project.users
    assert user.name == "casey"
    selections = [sel for source in project.sources for sel in source.selections]
    own_codings = Coding.objects.filter(transcript__study=demo, coder__username="casey").count()
    own_moments = SignificantMoment.objects.filter(
        transcript__study=demo, rater__username="casey"
    ).count()
    assert len(selections) == own_codings + own_moments
    assert {sel.user_guid for sel in selections} == {user.guid}
    assert len(project.notes) == Memo.objects.filter(study=demo, author__username="casey").count()
    assert export.export_project(casey).losses[0] == (
        "Blind phase: this export holds only your own codings, moments and memos."
    )
    # A viewer (who never codes) exports everyone's work, as an owner does.
    viewer = export.export_project(member_of(demo, "val")).project
    assert {u.name for u in viewer.users} == {"casey", "devon"}


@pytest.fixture
def tangled(world, interview):
    """A codebook whose names repeat across clusters, codes and moment codes."""
    study = world.study
    core = Cluster.objects.create(study=study, name="Trust", description="core", order=0)
    inner = Cluster.objects.create(study=study, name="Helpful 4", parent=core, order=1)
    Cluster.objects.create(study=study, name="Empty cluster", order=2)
    trust = Code.objects.create(
        study=study,
        cluster=inner,
        name="trust",
        colour="#123abc",
        definition="Relies on.",
        inclusion="Says so.",
        example="“I trusted her”",
    )
    Code.objects.create(study=study, name="Significant moments")
    owner, coder = world.users["owner"], world.users["coder"]
    Coding.objects.create(transcript=interview, code=trust, coder=coder, start=8, end=30)
    SignificantMoment.objects.create(
        transcript=interview,
        rater=coder,
        start=8,
        end=30,
        valence="helpful",
        intensity=4,
        note="turning point",
    )
    Memo.objects.create(study=study, author=owner, text="Study memo")
    Memo.objects.create(study=study, author=coder, code=trust, text="Code memo")
    participant = Participant.objects.get(study=study, code="P01")
    participant.attributes = {
        "age": 34,
        "score": 12.5,
        "consented": True,
        "orientation": "CBT",
        "tags": ["a"],
    }
    participant.save()
    return world


def test_names_are_unique_across_the_code_tree(tangled, project_schema):
    project = export.export_project(
        member_of(tangled.study, tangled.users["owner"].username)
    ).project
    project_schema.validate(build.project_xml(project).decode())

    def walk(codes, depth=0):
        for code in codes:
            yield depth, code
            yield from walk(code.children, depth + 1)

    tree = [(depth, c.name, c.codable) for depth, c in walk(project.codes)]
    assert tree == [
        (0, "Trust (cluster)", False),
        (1, "Helpful 4", False),
        (2, "trust", True),
        (0, "Empty cluster", False),
        (0, "Significant moments", True),
        (0, "Significant moments (QualCode)", False),
        (1, "Helpful 4 (moment)", True),
    ]
    names = [name.casefold() for _, name, _ in tree]
    assert len(names) == len(set(names))
    trust = next(c for _, c in walk(project.codes) if c.name == "trust")
    assert trust.color == "#123abc"
    assert trust.description == "Relies on.\n\nInclusion: Says so.\n\nExample: “I trusted her”"
    [moment] = [sel for sel in project.sources[0].selections if sel.description]
    assert moment.description == "turning point"
    [case] = project.cases
    types = {v.name: v.type for v in project.variables}
    assert types == {
        "age": "Integer",
        "consented": "Boolean",
        "orientation": "Text",
        "score": "Float",
        "tags": "Text",
    }
    names_by_guid = {v.guid: v.name for v in project.variables}
    assert {names_by_guid[g]: value for g, value in case.values} == {
        "age": "34",
        "consented": "true",
        "orientation": "CBT",
        "score": "12.5",
        "tags": '["a"]',
    }
    assert len(project.note_refs) == 1 and trust.note_refs == ()
    # A code's memos are a set of the code and its notes: QualCoder drops codes with NoteRefs.
    [group] = project.sets
    assert (group.name, group.code_guids, len(group.note_guids)) == (
        "Memos on “trust”",
        (trust.guid,),
        1,
    )


def test_codebook_export_is_valid_qdc(tangled, codebook_schema):
    data = export.qdc_bytes(member_of(tangled.study, tangled.users["coder"].username))
    codebook_schema.validate(data.decode())
    assert b"<NoteRef" not in data and b'origin="QualCode 0.1"' in data


def test_qualified_names_come_back_as_they_were(tangled):
    from coding.exchange import importer
    from tests.conftest import make_user

    owner = member_of(tangled.study, tangled.users["owner"].username)
    report = importer.import_project(user=make_user("again"), data=export.qdpx_bytes(owner)[0])
    clusters = sorted(
        Cluster.objects.filter(study_id=report.study_id).values_list("name", "parent__name")
    )
    assert clusters == [("Empty cluster", None), ("Helpful 4", "Trust"), ("Trust", None)]
    codes = sorted(
        Code.objects.filter(study_id=report.study_id).values_list("name", "cluster__name")
    )
    assert codes == [("Significant moments", None), ("trust", "Helpful 4")]
    moment = SignificantMoment.objects.get(transcript__study_id=report.study_id)
    assert (moment.valence, moment.intensity, moment.note, moment.start, moment.end) == (
        "helpful",
        4,
        "turning point",
        8,
        30,
    )
    assert Participant.objects.get(study_id=report.study_id).attributes == {
        "age": 34,
        "score": 12.5,
        "consented": True,
        "orientation": "CBT",
        "tags": ["a"],
    }
    code_memo = Memo.objects.get(study_id=report.study_id, code__isnull=False)
    assert (code_memo.text, code_memo.code.name) == ("Code memo", "trust")


def test_characters_xml_cannot_carry_are_left_out(tangled, project_schema):
    from coding.models import Memo

    Memo.objects.create(
        study=tangled.study, author=tangled.users["owner"], text="page\x0cbreak\x0b"
    )
    project = export.export_project(
        member_of(tangled.study, tangled.users["owner"].username)
    ).project
    xml = build.project_xml(project)
    project_schema.validate(xml.decode())
    assert b"pagebreak" in xml
