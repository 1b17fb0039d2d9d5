"""Pseudonymisation in Chromium: the owner uploads, reviews the flagged names (a known name
prefilled), confirms, and the workbench shows only the pseudonyms."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.ui.conftest import save_screenshot
from transcripts.models import KnownName

INTERVIEW = (
    b"# Interview P05\n"
    b"Date: 2025-05-02\n\n"
    b"Interviewer: How was the clinic in Leeds?\n"
    b"Client: Dr Hammond was kind.\nLeeds felt far.\n"
)


def test_owner_reviews_names_then_imports_with_pseudonyms(world, open_as):
    KnownName.objects.create(study=world.study, name="Hammond", pseudonym="Smith")
    page = open_as(world.users["owner"], reverse("study-detail", args=[world.study.pk]))
    page.locator("#pseudonyms-link").click()
    page.locator("#pseudonym-upload input[type=file]").set_input_files(
        files=[{"name": "P05.txt", "mimeType": "text/plain", "buffer": INTERVIEW}]
    )
    page.locator("#pseudonym-upload button[type=submit]").click()

    rows = page.locator("#flags tbody tr:not(.extra)")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").nth(1)).to_have_text("Leeds")
    expect(rows.nth(0).locator("input[type=checkbox]")).not_to_be_checked()
    expect(rows.nth(1).locator("input[type=text]")).to_have_value("Smith")  # known: prefilled
    expect(rows.nth(1).locator("input[type=checkbox]")).to_be_checked()
    save_screenshot(page, "pseudonym_review.png")

    # Ticked without a pseudonym: the page says so and imports nothing.
    rows.nth(0).locator("input[type=checkbox]").check()
    rows.nth(0).locator("input[type=text]").fill("")
    page.locator("#confirm-import").click()
    expect(page.locator("#review-problem")).to_have_text(
        "Give a pseudonym for “Leeds”, or untick it to keep it."
    )
    page.locator("#flags tbody tr:not(.extra)").nth(0).locator("input[type=text]").fill("York")
    page.locator("#confirm-import").click()

    outcome = page.locator("#import-outcomes tbody tr")
    expect(outcome).to_have_count(1)
    expect(outcome.locator("td").nth(2)).to_contain_text("2 names pseudonymised (3 in the text)")
    outcome.locator("a").click()
    expect(page.locator("#turn-1 .text")).to_have_text("Dr Smith was kind. York felt far.")
    expect(page.locator("#transcript-metadata summary")).to_be_visible()
    assert "Leeds" not in page.content() and "Hammond" not in page.content()
    save_screenshot(page, "pseudonymised_workbench.png")

    page.goto(page.url.split("/studies/")[0] + reverse("pseudonyms", args=[world.study.pk]))
    expect(page.locator("#pseudonym-map tbody tr")).to_have_count(2)
    save_screenshot(page, "pseudonyms_page.png")
