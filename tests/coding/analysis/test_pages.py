"""The analysis page, its thresholds form, the segments behind a heatmap cell and the
downloads, for every persona, on the hand-built study of conftest."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from coding.models import AnalysisSettings, Cluster

BLIND = "coder-Helpful mo"


def page(coded, persona, **params):
    client = coded.world.login(Client(), persona)
    return client.get(reverse("analysis", args=[coded.world.study.pk]), params)


def download(coded, persona, table, fmt, **params):
    client = coded.world.login(Client(), persona)
    url = reverse("analysis-download", args=[coded.world.study.pk, table, fmt])
    return client.get(url, params)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tab", ["frequencies", "matrix", "cooccurrence", "helpful", "saturation", "attributes"]
)
def test_every_tab_renders(coded, tab, django_assert_max_num_queries):
    client = coded.world.login(Client(), "viewer")
    url = reverse("analysis", args=[coded.world.study.pk])
    client.get(url)  # the session's first request writes it
    with django_assert_max_num_queries(12):
        answer = client.get(url, {"tab": tab, "source": "all"})
    assert answer.status_code == 200
    assert answer.context["found"]["source"] == "all"


@pytest.mark.django_db
def test_frequencies_tab_shows_the_rule_and_owner_form(coded):
    body = page(coded, "owner").content.decode()
    assert "general 3-4 of 4 (all or all but 1); typical 2 of 4 (at least 50%)" in body
    assert f'action="/studies/{coded.world.study.pk}/analysis/thresholds/"' in body
    assert "Save thresholds" not in page(coded, "viewer").content.decode()


@pytest.mark.django_db
def test_saturation_tab_states_its_definition(coded):
    answer = page(coded, "viewer", tab="saturation", source="all")
    body = answer.content.decode()
    assert "<strong>New codes</strong> come from the codebook history" in body
    # conftest's codes have no creation in the history: all four from the start
    assert "4 of the 4 codes were in the codebook before coding began" in body
    assert [s["new_codes"] for s in answer.context["found"]["steps"]] == [0] * 5


@pytest.mark.django_db
def test_a_study_without_consensus_says_where_it_is_made(world):
    client = world.login(Client(), "owner")
    answer = client.get(reverse("analysis", args=[world.study.pk]), {"source": "consensus"})
    assert answer.status_code == 200
    assert 'id="no-consensus"' in answer.content.decode()
    assert answer.context["found"]["rule"] == "No participants with transcripts yet: no labels."


@pytest.mark.django_db
def test_blind_coder_page_counts_own_codings(coded):
    answer = page(coded, "coder", source="consensus")
    assert answer.context["found"]["source"] == BLIND
    assert answer.context["sources"] == [BLIND]
    assert 'id="blind-note"' in answer.content.decode()


@pytest.mark.django_db
def test_outsider_and_bad_input(coded):
    assert page(coded, "outsider").status_code == 404
    assert page(coded, "owner", tab="nothing").status_code == 404
    assert page(coded, "owner", source="a\x00b").status_code == 400
    bad = page(coded, "owner", source="nobody")
    assert bad.status_code == 400
    assert "source: “nobody” is not a source" in bad.content.decode()


@pytest.mark.django_db
def test_thresholds_form(coded):
    study = coded.world.study
    url = reverse("analysis-thresholds", args=[study.pk])
    body = {
        "general_missing": 0,
        "typical_percent": 60,
        "variant_min": 2,
        "rare_above": 15,
        "rare_max": 3,
    }
    coder = coded.world.login(Client(), "coder")
    assert coder.post(url, body).status_code == 403
    owner = coded.world.login(Client(), "owner")
    assert owner.post(url, body).status_code == 302
    assert AnalysisSettings.objects.get(study=study).typical_percent == 60
    answer = owner.post(url, {**body, "rare_max": 1}, follow=True)
    assert [str(m) for m in answer.context["messages"]] == [
        "CQR thresholds saved.",  # the first post's, not read until now
        "Thresholds: Rare runs from the variant minimum up: it cannot end below it.",
    ]
    assert AnalysisSettings.objects.get(study=study).rare_max == 3  # nothing stored


@pytest.mark.django_db
def test_cell_segments(coded):
    study, book = coded.world.study, coded.book
    client = coded.world.login(Client(), "owner")
    url = reverse("analysis-segments", args=[study.pk])
    p01 = coded.transcripts["P01"].participant_id
    answer = client.get(url, {"source": "all", "participant": p01, "code": book.safe.pk})
    assert answer.status_code == 200
    assert [s["quote"] for s in answer.context["found"]["segments"]] == [
        "The room felt safe.",
        "The room felt safe.",
    ]
    cluster = client.get(url, {"source": "consensus", "cluster": book.relationship.pk})
    assert cluster.context["found"]["total"] == 3  # understood on P01, P02, P03
    core = Cluster.objects.create(study=study, name="Core", order=0)
    Cluster.objects.filter(pk__in=[book.relationship.pk, book.environment.pk]).update(parent=core)
    tied = client.get(url, {"source": "consensus", "cluster": core.pk})
    assert tied.context["found"]["total"] == 4  # its clusters' codings, as the matrix counts
    pair = client.get(url, {"kind": "span", "a": book.understood.pk, "b": book.safe.pk})
    assert sorted(s["quote"] for s in pair.context["found"]["segments"]) == [
        "She understood me.",
        "The room felt safe. She u",  # coder2's 0-25 on P03
    ]
    moment = client.get(url, {"kind": "moment", "a": book.trust.pk, "b": book.safe.pk})
    assert moment.context["found"]["total"] == 4  # trust and safe in moments 1 and 3
    blind_client = coded.world.login(Client(), "coder")
    blind = blind_client.get(url, {"cluster": book.relationship.pk})
    assert {s["coder"] for s in blind.context["found"]["segments"]} == {BLIND}
    # coder2's overlapping pair on P03 is not theirs to read; their own codings never overlap
    blind_pair = blind_client.get(url, {"kind": "span", "a": book.understood.pk, "b": book.safe.pk})
    assert blind_pair.context["found"]["total"] == 0
    blind_people = blind_client.get(
        url, {"kind": "participant", "a": book.understood.pk, "b": book.safe.pk}
    )
    assert [s["coder"] for s in blind_people.context["found"]["segments"]] == [BLIND] * 3
    # htmx asks for the fragment; a cell's link opened directly is a page of the study.
    fragment = client.get(url, {"cluster": book.relationship.pk}, headers={"HX-Request": "true"})
    assert [t.name for t in fragment.templates] == ["coding/_analysis_segments.html"]
    assert "<main>" in answer.content.decode() and "<main>" not in fragment.content.decode()
    assert client.get(url, {"kind": "span", "a": 999999, "b": book.safe.pk}).status_code == 400


@pytest.mark.django_db
def test_csv_and_xlsx(coded):
    answer = download(coded, "owner", "frequencies", "csv", source="consensus")
    assert answer["Content-Disposition"].startswith('attachment; filename="analysis-study')
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0][0].startswith("# Source: consensus. Rule: general 3-4 of 4")
    assert rows[1] == ["cluster", "code", "codings", "participants", "of", "label"]
    assert rows[2] == ["Relationship", "", "3", "3", "4", "general"]
    book = load_workbook(io.BytesIO(download(coded, "owner", "matrix", "xlsx").content))
    sheet = book["matrix"]
    assert [c.value for c in sheet[2]] == [
        "participant",
        "Feeling understood",
        "Trust after disclosure",
        "Feeling safe",
        "Old code",
    ]
    assert [c.value for c in sheet[3]] == ["P01", 1, 1, 2, 0]
    assert sheet["A1"].value == "Source: all. Counts by code"
    presence = download(coded, "owner", "matrix", "csv", values="presence", by="cluster")
    assert presence.content.decode().splitlines()[:3] == [
        "# Source: all. Presence by cluster",
        "participant,Relationship,Environment",
        "P01,1,1",
    ]
    blind = download(coded, "coder", "saturation", "csv", source="all").content.decode()
    assert f"# Source: {BLIND}." in blind
    blind_matrix = download(coded, "coder", "matrix", "csv", source="consensus").content.decode()
    assert blind_matrix.splitlines()[2:] == [
        "P01,1,0,2,0",
        "P02,1,0,0,0",
        "P03,0,0,0,0",
        "P04,0,0,0,0",
    ]


@pytest.mark.django_db
def test_formulas_are_neutralised(coded):
    coded.book.safe.name = "=HYPERLINK(1)"
    coded.book.safe.save()
    text = download(coded, "owner", "cooccurrence", "csv", kind="participant").content.decode()
    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text


@pytest.mark.django_db
def test_figures(coded):
    svg = download(coded, "viewer", "saturation", "svg", inline="1")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"].startswith("inline;")
    assert svg.content.startswith(b"<svg")
    assert b"P01" in svg.content
    png = download(coded, "viewer", "cooccurrence", "png", kind="moment")
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert download(coded, "owner", "helpful", "gif").status_code == 404
    assert download(coded, "owner", "helpful", "csv", source="x").status_code == 400
    assert download(coded, "outsider", "helpful", "csv").status_code == 404


def test_a_control_character_in_a_name_does_not_break_the_analysis_xlsx():
    from io import BytesIO

    from openpyxl import load_workbook

    from coding.analysis import export

    found = {"rule": "General: all", "rows": [
        {"cluster": "Rel\x02ationship", "code": None, "codings": 3, "participants": 2, "of": 3,
         "label": "typical"},
    ], "source": "all", "participants": 3}  # fmt: skip
    header, rows, note = export.flat("frequencies", found)
    sheet = load_workbook(BytesIO(export.to_xlsx("frequencies", found))).active
    assert "Relationship" in [c.value for c in sheet["A"]]
