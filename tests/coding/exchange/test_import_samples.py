"""REFI-QDA files from other tools (tests/coding/exchange/refi/README.md): exact counts, every
selection of the qc project landing on its quote, and a hand-made project in ATLAS.ti's shape."""

from collections import Counter

from coding.exchange import archive, importer, parse
from coding.models import Cluster, Code, Coding
from tests.coding.exchange.conftest import REFI, qdpx_of
from tests.conftest import make_user
from transcripts.models import Study

QC = "qc-1.3.2_2-transcripts_158-selections.qdpx"
NVIVO = "nvivo-mac-15.0.0_nested-codebook_2-empty-sources.qdpx"
ATLAS = "handmade_atlasti-23-style"


def run(name: str, username: str = "importer"):
    user = make_user(username)
    path = REFI / name
    data = qdpx_of(path) if path.is_dir() else path.read_bytes()
    report = importer.import_project(user=user, data=data, filename=name)
    return report, Study.objects.get(pk=report.study_id)


def test_qc_project_all_158_selections_land_on_their_quotes(db):
    report, study = run(QC)
    assert (report.origin, report.offsets) == ("qc 1.3.2", "code points")
    assert (report.transcripts, report.selections, report.codings) == (2, 158, 205)
    assert (report.clusters, report.codes, report.skipped) == (58, 223, [])
    assert report.users_created == ["cp"]
    assert report.participants == 2  # no cases in the file: the transcript importer's codes
    assert sorted(study.transcripts.values_list("participant__code", flat=True)) == ["P01", "P02"]
    package = archive.read_qdpx((REFI / QC).read_bytes(), max_bytes=10**8)
    project = parse.parse_project(package.qde)
    [board] = [s for s in project.sources if s.plain_text_path == "board_2017.txt"]
    raw = package.source("board_2017.txt").decode("utf-8")
    transcript = study.transcripts.get(title="board_2017")
    assert transcript.text == raw.rstrip()
    expected = Counter()
    for selection in board.selections:
        quote = raw[selection.start : selection.end]
        assert quote.endswith("\n") and quote.count("\n") == 1  # whole lines, as qc writes them
        assert transcript.text[selection.start : selection.end] == quote
        expected[(selection.start, selection.end)] += len(selection.codings)
    stored = Counter(
        Coding.objects.filter(transcript=transcript).values_list("start", "end").order_by()
    )
    assert stored == expected
    assert set(
        Coding.objects.filter(transcript__study=study).values_list("coder__username", flat=True)
    ) == {"cp"}
    first, last = Coding.objects.filter(transcript=transcript).order_by("start")[::204]
    assert transcript.text[first.start : first.end] == (
        "This district goal is engage every student in joyful, purposeful learning that \n"
    )
    assert transcript.text[last.start : last.end] == (
        "similar equity issues [inaudible 00:54:11] access to that curriculum, which we \n"
    )


def test_nvivo_project_codebook_and_empty_sources_reported(db):
    report, study = run(NVIVO)
    assert (report.origin, report.offsets) == ("NVivo for Mac 15.0.0", "UTF-16 code units")
    assert (report.transcripts, report.selections, report.codings) == (0, 0, 0)
    assert (report.clusters, report.codes, report.participants) == (58, 204, 0)
    assert Code.objects.filter(study=study).count() == 204
    assert report.users_created == ["chrisp", "cp"]
    assert report.skipped == [
        "Source “66653866-6334-3535-3435-366637306566”: The file is empty. 0 selection(s) skipped.",
        "Source “33663939-3636-3632-3038-613431643463”: The file is empty. 0 selection(s) skipped.",
    ]
    assert "2 rich-text version(s) of sources: the plain text is imported." in report.losses
    nested = Cluster.objects.filter(study=study, parent__isnull=False).count()
    assert nested == 55  # 58 clusters, 3 at the top


def test_atlas_shaped_project_nested_codebook_and_line_breaks_counted_once(db):
    report, study = run(ATLAS)
    assert (report.origin, report.offsets) == (
        "ATLAS.ti for Windows 23.2.3.27778",
        "line break = 1",
    )
    assert (report.transcripts, report.clusters, report.codes) == (1, 1, 2)
    assert (report.selections, report.codings, report.skipped) == (1, 1, [])
    [cluster] = Cluster.objects.filter(study=study)
    assert cluster.name == "First sessions"
    assert sorted(cluster.codes.values_list("name", flat=True)) == [
        "feeling heard",
        "nervous at first",
    ]
    # The file has CRLF line ends; ATLAS.ti counted each as 1, so 51-93 spans both lines.
    [coding] = Coding.objects.filter(transcript__study=study)
    text = coding.transcript.text
    assert text[coding.start : coding.end] == "I was nervous at first.\nThen I felt heard."
    assert (coding.code.name, coding.coder.username) == ("feeling heard", "Sam_Fieldworker")
    assert report.users_created == ["Sam_Fieldworker", "ATLAS.ti"]
    # Accounts made from a file cannot log in.
    user = study.memberships.get(user__username="ATLAS.ti").user
    assert not user.is_active and not user.has_usable_password()


def test_importing_into_a_study_twice_adds_nothing_the_second_time(db):

    first, study = run(QC)
    owner = study.memberships.get(role="owner").user
    again = importer.import_project(
        user=owner, data=(REFI / QC).read_bytes(), filename=QC, study=study
    )
    assert (again.study_id, again.created_study) == (study.pk, False)
    assert (again.transcripts, again.codings, again.moments, again.selections) == (0, 0, 0, 158)
    assert (again.clusters, again.codes) == (0, 0)  # names the study has are reused
    assert Coding.objects.filter(transcript__study=study).count() == 205
    assert study.transcripts.count() == 2


def test_taguette_shaped_codebook_is_invalid_yet_read(codebook_schema):
    # Taguette writes an empty <Sets/>, which Codebook.xsd refuses: the parser takes it anyway.
    data = (REFI / "handmade_taguette-1.4-style_codebook.qdc").read_bytes()
    assert not codebook_schema.is_valid(data.decode())
    origin, codes = parse.parse_codebook(data)
    assert origin == "Taguette 1.4.1"
    assert [c.name for c in codes] == ["feeling heard", "practical help", "waiting lists"]
