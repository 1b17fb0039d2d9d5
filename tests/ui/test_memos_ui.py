"""End-to-end: a coder opens the memo page from the workbench, writes a theoretical memo on
a code and finds it again by kind and by search (headless Chromium, no CSP refusals)."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.coding.principles.conftest import finished  # noqa: F401  (the finished study)


def test_coder_writes_and_finds_a_typed_memo(finished, open_as):  # noqa: F811
    world = finished.world
    transcript = finished.codings["understood1"].transcript
    page = open_as(
        world.users["coder"], reverse("transcript-detail", args=[world.study.pk, transcript.pk])
    )
    page.click("a:text('Memos')")
    expect(page.locator("h1")).to_have_text("Memos")
    code = finished.codings["trust1"].code
    page.select_option("#write select[name=kind]", "theoretical")
    page.select_option("#write select[name=on]", f"code:{code.pk}")
    page.fill("#write textarea[name=text]", "Trust is earned by a steady response to disclosure.")
    page.click("#write button[type=submit]")
    expect(page.locator("li.memo .text")).to_have_text(
        ["Trust is earned by a steady response to disclosure."]
    )
    expect(page.locator("li.memo .kind")).to_have_text(["Theoretical"])
    page.select_option("#memo-filters select[name=kind]", "axial")
    page.click("#memo-filters button[type=submit]")
    expect(page.locator("ul.memos li")).to_have_text(["No memos for these filters."])
    page.select_option("#memo-filters select[name=kind]", "")
    page.fill("#memo-filters input[name=q]", "STEADY")
    page.click("#memo-filters button[type=submit]")
    expect(page.locator("li.memo .meta")).to_contain_text(["the code “Trust after disclosure”"])
