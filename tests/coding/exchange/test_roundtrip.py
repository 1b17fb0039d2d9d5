"""Round trip: the demo study exported as .qdpx and imported into a new study has the same
transcripts, codebook, codings (coder, code, offsets), moments, memos, participants and the
same agreement figures at every unit of analysis."""

from coding.agreement import report as agreement_report
from coding.exchange import export, importer
from coding.models import Cluster, Code, Coding, Memo, SignificantMoment
from tests.coding.exchange.conftest import member_of
from tests.conftest import make_user
from transcripts.models import Membership, Participant, Study


def transcripts_of(study):
    return sorted(
        (
            t.title,
            t.text,
            t.participant.code,
            t.sentences,
            [(u.start, u.end, u.speaker) for u in t.turns.all()],
        )
        for t in study.transcripts.select_related("participant").prefetch_related("turns")
    )


def codebook_of(study):
    clusters = sorted(
        (c.name, c.description, c.parent.name if c.parent else None)
        for c in Cluster.objects.filter(study=study).select_related("parent")
    )
    codes = sorted(
        (
            c.name,
            c.cluster.name if c.cluster else None,
            c.definition,
            c.inclusion,
            c.exclusion,
            c.example,
            c.colour,
        )
        for c in Code.objects.filter(study=study).select_related("cluster")
    )
    return clusters, codes


def codings_of(study):
    return sorted(
        Coding.objects.filter(transcript__study=study).values_list(
            "transcript__title", "code__name", "coder__username", "start", "end", "memo"
        )
    )


def moments_of(study):
    return sorted(
        SignificantMoment.objects.filter(transcript__study=study).values_list(
            "transcript__title", "rater__username", "start", "end", "valence", "intensity", "note"
        )
    )


def participants_of(study):
    return sorted(Participant.objects.filter(study=study).values_list("code", "attributes"))


def memos_of(study):
    return sorted(
        (
            m.author.username,
            m.text,
            m.transcript.title if m.transcript else None,
            m.code.name if m.code else None,
            (m.coding.code.name, m.coding.start, m.coding.end) if m.coding else None,
        )
        for m in Memo.objects.filter(study=study).select_related(
            "author", "transcript", "code", "coding__code"
        )
    )


def without_ids(value):
    """Agreement tables name their rows by id too; ids differ between the two studies."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def test_demo_study_round_trips_exactly(demo):
    data, _ = export.qdpx_bytes(member_of(demo, "olivia"))
    importing = make_user("archivist")
    report = importer.import_project(user=importing, data=data, filename="demo.qdpx")
    copy = Study.objects.get(pk=report.study_id)
    assert copy.pk != demo.pk and copy.title == demo.title
    assert (report.transcripts, report.codings, report.moments, report.memos) == (8, 399, 91, 22)
    assert report.selections == 490 and report.skipped == [] and report.users_created == []
    assert report.users_mapped == ["casey", "devon"]
    assert transcripts_of(copy) == transcripts_of(demo)
    assert codebook_of(copy) == codebook_of(demo)
    assert codings_of(copy) == codings_of(demo)
    assert moments_of(copy) == moments_of(demo)
    assert memos_of(copy) == memos_of(demo)
    assert participants_of(copy) == participants_of(demo)
    roles = dict(Membership.objects.filter(study=copy).values_list("user__username", "role"))
    assert roles == {"archivist": "owner", "casey": "coder", "devon": "coder"}
    for unit in agreement_report.UNITS:
        before = agreement_report.study_agreement(demo, unit=unit).as_dict()
        after = agreement_report.study_agreement(copy, unit=unit).as_dict()
        assert before["overall"]["alpha"] is not None
        assert without_ids(after) == without_ids(before), unit


def test_export_of_the_import_is_the_same_project(demo):
    """Exported again, the copy gives the same codebook, selections and notes (GUIDs differ:
    they are derived from the new study's ids)."""
    first = export.export_project(member_of(demo, "olivia")).project
    report = importer.import_project(
        user=make_user("archivist"), data=export.qdpx_bytes(member_of(demo, "olivia"))[0]
    )
    copy = Study.objects.get(pk=report.study_id)
    second = export.export_project(member_of(copy, "archivist")).project

    def shape(project):
        codes = [
            (c.name, c.codable, c.color, c.description, len(c.children))
            for c in walk(project.codes)
        ]
        selections = sorted(
            (s.name, sel.start, sel.end, sel.name, sel.description)
            for s in project.sources
            for sel in s.selections
        )
        return codes, selections, sorted(n.text for n in project.notes)

    def walk(codes):
        for code in codes:
            yield code
            yield from walk(code.children)

    assert shape(second) == shape(first)
