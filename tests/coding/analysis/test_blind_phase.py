"""Every analysis table, export and figure in the blind phase: whatever source a coder asks
for, they get exactly what their own codings and moments give (what the owner reads when
choosing that coder as the source), and outsiders get a 404 from every one of them. The
hand-worked values of each table are in test_tables_api and test_frequencies_api; here the
blind answer is pinned to the coder's own, table by table."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

# (table, its options): every table and every variant of it the API and the page offer
TABLES = [
    ("frequencies", {}),
    ("matrix", {"by": "code"}),
    ("matrix", {"by": "cluster", "values": "presence"}),
    ("cooccurrence", {"kind": "span"}),
    ("cooccurrence", {"kind": "moment"}),
    ("cooccurrence", {"kind": "participant"}),
    ("helpful", {}),
    ("saturation", {}),
    ("attributes", {"attribute": "orientation"}),
]
ASKED = ["all", "consensus", "coder2-analysis", "owner-Helpful mo"]


def api(coded, persona, table, **params):
    url = reverse(f"api-analysis-{table}", kwargs={"study_pk": coded.world.study.pk})
    return coded.world.client(persona).get(url, params)


def download(coded, persona, table, fmt, **params):
    client = coded.world.login(Client(), persona)
    return client.get(reverse("analysis-download", args=[coded.world.study.pk, table, fmt]), params)


def own(coded) -> str:
    return coded.world.users["coder"].username


@pytest.mark.django_db
@pytest.mark.parametrize("table, options", TABLES)
def test_api_tables_are_the_coders_own(coded, table, options):
    assert coded.world.study.blind_coding
    theirs = api(coded, "owner", table, source=own(coded), **options).json()
    assert theirs["source"] == own(coded)
    for asked in ASKED:
        found = api(coded, "coder", table, source=asked, **options)
        assert found.status_code == 200, asked
        assert found.json() == theirs, asked


@pytest.mark.django_db
def test_the_coders_own_differs_from_everyones(coded):
    """So the equalities above can fail: everyone's codings give other tables."""
    for table, options in TABLES:
        everyone = api(coded, "owner", table, source="all", **options).json()
        mine = api(coded, "owner", table, source=own(coded), **options).json()
        assert {**everyone, "source": ""} != {**mine, "source": ""}, (table, options)


@pytest.mark.django_db
@pytest.mark.parametrize("table, options", TABLES)
def test_page_tab_is_the_coders_own(coded, table, options):
    client = coded.world.login(Client(), "coder")
    url = reverse("analysis", args=[coded.world.study.pk])
    owner = coded.world.login(Client(), "owner")
    expected = owner.get(url, {"tab": table, "source": own(coded), **options}).context["found"]
    for asked in ASKED:
        answer = client.get(url, {"tab": table, "source": asked, **options})
        assert answer.context["found"] == expected, asked
        assert answer.context["sources"] == [own(coded)]


@pytest.mark.django_db
@pytest.mark.parametrize("table, options", TABLES)
def test_csv_xlsx_and_svg_are_the_coders_own(coded, table, options):
    mine = {"source": own(coded), **options}
    csv_expected = download(coded, "owner", table, "csv", **mine).content
    svg_expected = download(coded, "owner", table, "svg", **mine).content
    xlsx_expected = _cells(download(coded, "owner", table, "xlsx", **mine).content)
    for asked in ("all", "consensus"):
        blind = {"source": asked, **options}
        text = download(coded, "coder", table, "csv", **blind).content
        assert text == csv_expected, asked
        assert f"# Source: {own(coded)}." in next(csv.reader(io.StringIO(text.decode())))[0]
        assert _cells(download(coded, "coder", table, "xlsx", **blind).content) == xlsx_expected
        assert download(coded, "coder", table, "svg", **blind).content == svg_expected


def _cells(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.mark.django_db
def test_png_figure_is_the_coders_own(coded):
    mine = download(coded, "owner", "frequencies", "png", source=own(coded)).content
    assert mine.startswith(b"\x89PNG")
    assert download(coded, "coder", "frequencies", "png", source="all").content == mine
    assert download(coded, "owner", "frequencies", "png", source="all").content != mine


@pytest.mark.django_db
@pytest.mark.parametrize("table, options", TABLES)
def test_outsiders_get_404_everywhere(coded, table, options):
    assert api(coded, "outsider", table, **options).status_code == 404
    client = coded.world.login(Client(), "outsider")
    page = reverse("analysis", args=[coded.world.study.pk])
    assert client.get(page, {"tab": table, **options}).status_code == 404
    for fmt in ("csv", "xlsx", "svg", "png"):
        assert download(coded, "outsider", table, fmt, **options).status_code == 404, fmt
