"""End-to-end: the analysis page in headless Chromium on the hand-built study of
tests/coding/analysis/conftest.py (M = 4). An owner reads the frequencies and the CQR rule,
changes a threshold, clicks a heatmap cell to read its segments, and downloads a table and a
figure; a coder in the blind phase sees only their own codings."""

import csv
import io
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from tests.coding.analysis.conftest import coded  # noqa: F401  (the hand-built study)
from tests.coding.conftest import book  # noqa: F401  (its codebook)
from tests.ui.conftest import save_screenshot


def analysis_path(study, **query) -> str:
    suffix = "&".join(f"{k}={v}" for k, v in query.items())
    return reverse("analysis", args=[study.pk]) + (f"?{suffix}" if suffix else "")


def test_owner_reads_changes_clicks_and_downloads(open_as, coded):  # noqa: F811
    study = coded.world.study
    page = open_as(coded.world.users["owner"], analysis_path(study))
    rule = page.locator("#cqr-rule")
    expect(rule).to_contain_text("general 3-4 of 4 (all or all but 1); typical 2 of 4")
    relationship = page.locator("#frequencies tbody tr").first
    expect(relationship).to_contain_text("6")
    expect(relationship).to_contain_text("4 of 4")
    expect(relationship.locator(".label")).to_have_text("general")

    page.get_by_label("Codings of").select_option("coder-Helpful mo")
    page.get_by_role("button", name="Show").click()
    understood = page.locator("#frequencies tbody tr").nth(1)
    expect(understood).to_contain_text("2 of 4")
    expect(understood.locator(".label")).to_have_text("typical")

    page.get_by_label("Typical: found in at least this percentage").fill("75")
    page.get_by_role("button", name="Save thresholds").click()
    expect(page.locator(".messages")).to_contain_text("CQR thresholds saved.")
    expect(page.locator("#cqr-rule")).to_contain_text("variant 2 of 4")
    save_screenshot(page, "analysis-frequencies.png")

    page.get_by_role("link", name="Participants × codes").click()
    first_row = page.locator("#heatmap tbody tr").first  # P01: understood, trust, safe x2
    expect(first_row.locator("th")).to_have_text("P01")
    first_row.locator("td").nth(2).get_by_role("link", name="2").click()
    segments = page.locator("#cell-segments")
    expect(segments.locator("h2")).to_contain_text("P01 · Feeling safe")
    expect(segments.locator("mark")).to_have_count(2)
    expect(segments.locator("mark").first).to_have_text("The room felt safe.")
    save_screenshot(page, "analysis-matrix.png")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2:] == [
        ["P01", "1", "1", "2", "0"],
        ["P02", "1", "0", "0", "0"],
        ["P03", "1", "1", "1", "0"],
        ["P04", "0", "1", "0", "0"],
    ]
    with page.expect_download() as png_download:
        page.get_by_role("link", name="PNG").click()
    assert Path(png_download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_figure_and_blind_coder(open_as, coded):  # noqa: F811
    study = coded.world.study
    page = open_as(coded.world.users["coder"], analysis_path(study, tab="saturation"))
    expect(page.locator("#blind-note")).to_be_visible()
    expect(page.get_by_label("Codings of")).to_have_value("coder-Helpful mo")
    steps = page.locator("#saturation tbody tr")
    expect(steps).to_have_count(3)  # P01, P02 and the transcript without a participant
    # conftest's codes have no creation in the codebook history: none is new at P01, and
    # the coder first applied two of them there (Feeling safe, Feeling understood)
    rule = page.locator("#saturation-rule")
    expect(rule).to_contain_text("4 of the 4 codes were in the codebook before coding began")
    expect(steps.first.locator("td")).to_have_text(["P01", "3", "0", "4", "2", "2", ""])
    figure = page.locator(".figure img")
    expect(figure).to_have_attribute(
        "src", f"/studies/{study.pk}/analysis/saturation.svg?tab=saturation&inline=1"
    )
    # The figure is drawn (it loaded), and it is an SVG. A reload may be answered 304: the
    # browser revalidates it with its ETag, which is the point of giving it one.
    expect(figure).to_have_js_property("complete", True)
    assert figure.evaluate("img => img.naturalWidth") > 0
    answer = page.request.get(figure.evaluate("img => img.src"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "image/svg+xml"
