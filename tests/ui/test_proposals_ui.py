"""End-to-end: a coder proposes moving a code with a motivating segment, the owner agrees and
accepts; the codebook history names the proposal (headless Chromium, no CSP refusals)."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.coding.principles.conftest import finished  # noqa: F401  (the finished study)


def test_coder_proposes_and_owner_accepts(finished, open_as):  # noqa: F811
    world = finished.world
    room = finished.codings["room3"]
    page = open_as(world.users["coder"], reverse("codebook", args=[world.study.pk]))
    page.click("a:text('Proposals')")
    page.select_option("#propose form.picker select[name=code]", str(room.code_id))
    page.click("#propose form.picker button[type=submit]")
    # Wait for the reloaded page (its segments listed) before filling the form.
    expect(page.locator(f"#propose-form input[name=segments][value='{room.pk}']")).to_be_visible()
    page.select_option("#propose-form select[name=kind]", "move_code")
    page.select_option("#propose-form select[name=code]", str(room.code_id))
    page.select_option("#propose-form select[name=cluster]", str(finished.relationship.pk))
    page.fill("#propose-form textarea[name=reason]", "The room stands for the therapist's care.")
    page.check(f"#propose-form input[name=segments][value='{room.pk}']")
    page.click("#propose-form button[type=submit]")
    expect(page.locator(".messages")).to_have_text("Proposal posted for the team.")
    expect(page.locator("li.proposal .statement strong")).to_have_text(
        ["Move “Room as care” to “Therapeutic relationship”"]
    )
    expect(page.locator("li.proposal blockquote")).to_contain_text(["The room was cold and bare."])

    owner = open_as(world.users["owner"], reverse("proposals", args=[world.study.pk]))
    owner.select_option("li.proposal select[name=stance]", "agree")
    owner.click("li.proposal form.picker button[type=submit]")
    expect(owner.locator("li.proposal .tally")).to_have_text(["1 agree, 0 object"])
    owner.click("text=Accept and apply")
    expect(owner.locator(".messages")).to_contain_text("Proposal accepted")
    owner.goto(owner.url.split("/studies/")[0] + reverse("codebook-history", args=[world.study.pk]))
    expect(owner.locator("body")).to_contain_text("The room stands for the therapist's care.")
