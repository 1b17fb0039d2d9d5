"""End-to-end in Chromium: an owner deletes a transcript (typing its title), finds it in the
study's trash and restores it; a user accepts an invitation; the audit trail lists each step.
No script error and nothing refused by the Content Security Policy on any of these pages."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.ui.conftest import save_screenshot


def test_delete_restore_invite_and_read_the_trail(world, transcript, open_as, live_server):
    owner, study = world.users["owner"], world.study

    def go(page, name):
        page.goto(live_server.url + reverse(name, args=[study.pk]))

    page = open_as(owner, reverse("study-trash", args=[study.pk]))
    page.select_option("#delete-transcript", str(transcript.pk))
    page.fill("#delete-transcript-confirm", "Interview P0")  # one letter short
    page.click("#transcript-delete-form button[type=submit]")
    expect(page.locator(".messages li.error")).to_have_text(
        "That is not the transcript's name: type “Interview P01” to delete it."
    )
    page.fill("#delete-transcript-confirm", "Interview P01")
    page.click("#transcript-delete-form button[type=submit]")
    expect(page.locator(".messages li")).to_have_text("“Interview P01” is in the trash.")
    expect(page.locator("#trashed-transcripts tbody tr")).to_have_count(1)
    go(page, "study-detail")
    expect(page.locator("#transcripts tbody")).to_contain_text("No transcripts yet.")
    go(page, "study-trash")
    page.click("#trashed-transcripts button")
    expect(page.locator(".messages li")).to_have_text("“Interview P01” is restored.")

    newcomer = make_user("newcomer")
    go(page, "study-detail")
    page.fill("#id_username", "newcomer")
    page.select_option("#id_role", "coder")
    page.click("text=Invite or change role")
    expect(page.locator("#invitations li")).to_contain_text("newcomer coder")
    guest = open_as(newcomer, reverse("my-invitations"))
    guest.click("#invitations button:has-text('Accept')")
    expect(guest.locator(".messages li")).to_have_text("Welcome to “Helpful moments” as coder.")

    # (The test client logs one user in at a time: the owner opens a page afresh.)
    page = open_as(owner, reverse("audit", args=[study.pk]))
    rows = page.locator("#audit-rows tbody tr")
    expect(rows.first).to_contain_text("accepted")
    trail = page.locator("#audit-rows")
    expect(trail).to_contain_text("Transcript “Interview P01” moved to the trash")
    expect(trail).to_contain_text("Transcript “Interview P01” restored from the trash")
    page.select_option("#audit-kind", "trash")
    page.click("#audit-filters button")
    expect(rows).to_have_count(2)
    save_screenshot(page, "audit-trail.png")
