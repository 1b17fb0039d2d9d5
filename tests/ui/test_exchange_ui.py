"""End-to-end: a researcher brings a project from another tool into QualCode, then takes the
study out again (headless Chromium)."""

import zipfile

from django.urls import reverse
from playwright.sync_api import expect

from tests.coding.exchange.conftest import REFI
from tests.ui.conftest import save_screenshot


def test_import_a_project_as_a_new_study_and_export_it(world, open_as, tmp_path):
    page = open_as(world.users["coder"], reverse("study-list"))
    page.get_by_role(
        "link", name="Or import a REFI-QDA project (.qdpx) from another tool as a new study"
    ).click()
    page.set_input_files("#id_file", str(REFI / "qc-1.3.2_2-transcripts_158-selections.qdpx"))
    page.get_by_role("button", name="Import").click()
    summary = page.locator("#exchange-summary")
    expect(summary).to_contain_text("205 codings from 158 selections")
    expect(page.locator("#exchange-job")).to_contain_text("New accounts for the file's coders")
    save_screenshot(page, "exchange-import-report.png")
    summary.get_by_role("link", name="qc project").click()
    expect(page.locator("#transcripts tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Exchange", exact=True).click()
    expect(page.locator("#export-losses li").first).to_be_visible()
    with page.expect_download() as download:
        page.locator("#export-project").click()
    target = tmp_path / "study.qdpx"
    download.value.save_as(target)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert names[0] == "project.qde" and len(names) == 3
