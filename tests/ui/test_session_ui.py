"""End-to-end: the session page's timeline in Chromium under the Content Security Policy; a
click on the chart opens the workbench at that turn."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.coding.microprocess.conftest import rated, timed  # noqa: F401 (fixtures)
from tests.ui.conftest import save_screenshot


def test_click_on_the_timeline_opens_the_turn(world, rated, open_as):  # noqa: F811
    path = reverse("session", args=[world.study.pk, rated.transcript.pk])
    page = open_as(world.users["owner"], path + "?step=10&segment=10")
    chart = page.locator("svg#timeline")
    expect(chart).to_be_visible()
    expect(chart.locator("polyline.series-client")).to_have_count(1)
    expect(chart.locator("rect.band-top")).to_have_count(6)  # three per rater
    expect(chart.locator("a.mark-helpful")).to_have_count(1)
    save_screenshot(page, "session-timeline.png")
    # the click area of turn 2 (20-30 s) sits at the chart's middle
    chart.locator('a.turn-area[href$="#turn-2"] rect').click()
    expect(page).to_have_url(re.compile(r"/transcripts/\d+/#turn-2$"))
    expect(page.locator("#turn-2")).to_be_in_viewport()


def test_play_from_a_turn(world, timed, open_as, settings, tmp_path):  # noqa: F811
    """A 45-second generated WAV beside the timed transcript: ▶ on turn 2 plays from 20 s and
    the turn is highlighted while it plays; P pauses."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coding.microprocess import recordings
    from tests.coding.microprocess.test_recordings import wav_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    member = world.study.memberships.get(user=world.users["owner"])
    recordings.attach_recording(
        member=member,
        transcript_id=timed.transcript.pk,
        upload=SimpleUploadedFile("session.wav", wav_bytes(45.0)),
    )
    path = reverse("transcript-detail", args=[world.study.pk, timed.transcript.pk])
    page = open_as(world.users["coder"], path)
    page.get_by_role("button", name="Play from turn 2").click()
    expect(page.locator("#turn-2")).to_have_class(re.compile(r"\bplaying\b"))
    position = page.evaluate("document.getElementById('player-media').currentTime")
    assert 20 <= position < 30
    page.locator("#wb-text").click(position={"x": 5, "y": 5})
    page.keyboard.press("Shift+P")
    expect(page.locator("#player-media")).to_have_js_property("paused", True)
    save_screenshot(page, "workbench-player.png")


def played_past(page, seconds: float) -> None:
    """Wait on the page until the recording has played past `seconds` (polled through the
    DevTools protocol: the page's CSP refuses Playwright's eval-based wait_for_function)."""
    for _ in range(200):
        if page.evaluate("document.getElementById('player-media').currentTime") > seconds:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the recording did not play past {seconds} s")


def test_tap_along_times_an_untimed_transcript(world, transcript, open_as, settings, tmp_path):
    """A plain-text interview and a generated WAV: tapping t as each turn begins, then saving,
    gives every turn its time."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coding.microprocess import recordings
    from tests.coding.microprocess.test_recordings import wav_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    member = world.study.memberships.get(user=world.users["owner"])
    recordings.attach_recording(
        member=member,
        transcript_id=transcript.pk,
        upload=SimpleUploadedFile("interview.wav", wav_bytes(30.0)),
    )
    turns = transcript.turns.count()
    path = reverse("transcript-detail", args=[world.study.pk, transcript.pk])
    page = open_as(world.users["coder"], path)
    page.locator("#tap-start").click()
    for tapped in range(1, turns + 1):
        played_past(page, 0.3 * tapped)
        page.keyboard.press("t")
        expect(page.locator("#tap-status")).to_contain_text(f"{tapped} of {turns} turns tapped")
    page.locator("#tap-save").click()
    expect(page.locator(".turn .time")).to_have_count(turns)  # after the reload
    assert page.locator(".play-turn").count() == turns
