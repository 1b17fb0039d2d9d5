"""End-to-end: the auditor comments on a principle; the owner sees it open and resolves it
(headless Chromium, no CSP refusals)."""

from django.urls import reverse
from playwright.sync_api import expect

from coding.models import Auditor
from tests.coding.principles.conftest import finished  # noqa: F401  (the finished study)


def test_auditor_comments_and_owner_resolves(finished, open_as):  # noqa: F811
    world = finished.world
    Auditor.objects.create(
        study=world.study, user=world.users["viewer"], named_by=world.users["owner"]
    )
    principle = finished.principles[0]
    page = open_as(world.users["viewer"], reverse("principles", args=[world.study.pk]))
    page.click("a:text('Audit')")
    page.select_option("#audit-write select[name=target]", "principle")
    page.select_option("#audit-write select[name=principle_id]", str(principle.pk))
    page.fill("#audit-write textarea[name=text]", "Two quotes come from one participant.")
    page.click("#audit-write button[type=submit]")
    expect(page.locator("li.audit-comment .text")).to_have_text(
        ["Two quotes come from one participant."]
    )
    owner = open_as(world.users["owner"], reverse("auditor", args=[world.study.pk]))
    expect(owner.locator("li.audit-comment .meta")).to_contain_text(
        ["on principle “Clients risk being known"]
    )
    owner.click("li.audit-comment button:text('Resolve')")
    expect(owner.locator("#open-title")).to_contain_text("(0)")
