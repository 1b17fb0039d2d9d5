"""End-to-end: spaCy suggestions in the coding workbench (headless Chromium).

Suggestions come from the codebook rules (a code's keywords match a sentence) and from the
moment cue lexicon; coding.suggestions.services.refresh stores them as the background job would."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from coding.models import (
    Code,
    Coding,
    SignificantMoment,
    Suggestion,
    SuggestionDecision,
    SuggestionSettings,
)
from coding.suggestions import services as suggest
from tests.ui.conftest import save_screenshot
from tests.ui.test_workbench import bench  # noqa: F401  (the shared study fixture)


def workbench_path(world, transcript):
    return reverse("transcript-detail", args=[world.study.pk, transcript.pk])


def span_of(transcript, quote):
    start = transcript.text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def suggested(request):
    """The bench study with keywords on two codes and suggestions computed."""

    def build(*, safe=("breathe",), endings=("abrupt",), moments=False):
        world, codes, transcript = request.getfixturevalue("bench")
        Code.objects.filter(pk=codes["safe"].pk).update(keywords=list(safe))
        Code.objects.filter(pk=codes["endings"].pk).update(keywords=list(endings))
        SuggestionSettings.objects.update_or_create(
            study=world.study, defaults={"use_moments": moments}
        )
        suggest.refresh(world.study)
        return world, codes, transcript

    return build


def open_workbench(open_as, world, transcript, persona="coder"):
    page = open_as(world.users[persona], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    return page


def sugg_texts(page):
    """The text of each drawn suggestion, joined over its segments, in document order."""
    return page.evaluate(
        """() => {
      const out = new Map();
      for (const seg of document.querySelectorAll('#wb-text .seg.sugg'))
        for (const id of seg.dataset.sugg.split(' ')) out.set(id, (out.get(id) || '') + seg.textContent);
      return [...out.values()];
    }"""
    )


def test_accept_with_a_and_reject_with_x(suggested, open_as):
    world, codes, transcript = suggested()
    coder = world.users["coder"]
    page = open_workbench(open_as, world, transcript)
    page.wait_for_selector(".seg.sugg")
    assert sugg_texts(page) == ["I could breathe there.", "The endings were abrupt."]
    # Drawn as its own layer: every child of a turn's text is still a .seg with offsets.
    assert page.evaluate(
        "() => [...document.querySelectorAll('#wb-text .text > *')]"
        ".every((el) => el.matches('.seg[data-s][data-e]'))"
    )
    assert page.inner_text("#sugg-count") == "2"
    assert page.inner_text("#sugg-threshold") == "0.50"

    page.keyboard.press("s")
    focus = page.locator(".seg.sugg-focus")
    page.wait_for_selector(".seg.sugg-focus")
    assert focus.inner_text() == "I could breathe there."
    page.wait_for_selector("#sugg-focus .sugg-card")
    assert "Feeling safe" in page.inner_text("#sugg-focus")
    assert "0.50" in page.inner_text("#sugg-focus")
    page.keyboard.press("a")

    # The page counts the coding once the server has answered: only then read the database.
    expect(page.locator("#wb-status")).to_have_text(re.compile(r"^1 codings,"))
    page.wait_for_selector("#wb-toast:not([hidden])")  # drawn with the count; hides after 3 s
    start, end = span_of(transcript, "I could breathe there.")
    assert Coding.objects.filter(coder=coder, code=codes["safe"], start=start, end=end).exists()
    coding = Coding.objects.get(coder=coder)
    page.wait_for_selector(f'.seg.coded[data-ids~="{coding.id}"]')
    expect(page.locator(".seg.sugg")).to_have_count(1)
    assert sugg_texts(page) == ["The endings were abrupt."]

    page.keyboard.press("s")
    expect(page.locator(".seg.sugg-focus").first).to_have_text("The endings were abrupt.")
    page.keyboard.press("x")
    expect(page.locator(".seg.sugg")).to_have_count(0)
    start, end = span_of(transcript, "The endings were abrupt.")
    decision = SuggestionDecision.objects.get(user=coder, accepted=False)
    assert (decision.code, decision.start, decision.end) == (codes["endings"], start, end)
    assert Coding.objects.filter(coder=coder).count() == 1

    page.reload()
    page.wait_for_selector("body[data-wb-ready]")
    assert page.locator(".seg.sugg").count() == 0
    assert page.inner_text("#sugg-count") == "0"
    assert page.locator(f'.seg.coded[data-ids~="{coding.id}"]').count() == 1


def test_accept_an_adjusted_span(suggested, open_as):
    world, codes, transcript = suggested()
    page = open_workbench(open_as, world, transcript)
    page.wait_for_selector(".seg.sugg")
    page.keyboard.press("s")
    page.wait_for_selector(".seg.sugg-focus")
    page.keyboard.press("J")  # extend the suggested sentence by the next one
    page.keyboard.press("a")
    start = transcript.text.index("I could breathe there.")
    end = transcript.text.index("to expect.") + len("to expect.")
    expect(page.locator(".seg.sugg")).to_have_count(1)
    expect(page.locator("#wb-status")).to_have_text(re.compile(r"^1 codings,"))
    assert Coding.objects.filter(start=start, end=end, code=codes["safe"]).exists()
    # The decision is remembered against the suggested span.
    decision = SuggestionDecision.objects.get()
    assert decision.accepted and (decision.start, decision.end) == span_of(
        transcript, "I could breathe there."
    )


def test_tooltip_card_and_accept_all_with_the_button(suggested, open_as):
    world, codes, transcript = suggested(safe=("safe", "breathe"), moments=True)
    coder = world.users["coder"]
    page = open_workbench(open_as, world, transcript)
    page.wait_for_selector(".seg.sugg")
    # A moment and a code suggested on the same sentence, then two more codes.
    assert page.inner_text("#sugg-count") == "4"
    both = page.locator(".seg.sugg", has_text="It felt safe")
    assert len(both.get_attribute("data-sugg").split()) == 2
    both.hover()
    page.wait_for_selector("#wb-tip:not([hidden])")
    tip = page.inner_text("#wb-tip")
    assert "helpful moment" in tip and "0.60" in tip and "moments" in tip
    assert "Feeling safe" in tip and "0.50" in tip and "rules" in tip and "safe" in tip

    page.locator(".seg.sugg", has_text="I could breathe there.").click()
    page.wait_for_selector("#sugg-accept-all")
    assert page.inner_text("#sugg-accept-all") == "Accept all “Feeling safe” ≥ 0.50 here"
    page.mouse.move(5, 5)
    save_screenshot(page, "workbench-suggestions.png")

    page.click("#sugg-accept-all")
    # Left: the moment and the other code. Drawn once the server has answered.
    expect(page.locator(".seg.coded")).to_have_count(2)
    expect(page.locator("#sugg-count")).to_have_text("2")
    assert Coding.objects.filter(coder=coder, code=codes["safe"]).count() == 2
    spans = set(Coding.objects.filter(coder=coder).values_list("start", "end"))
    assert spans == {
        span_of(transcript, "It felt safe 😊 and calm."),
        span_of(transcript, "I could breathe there."),
    }
    assert sugg_texts(page) == ["It felt safe 😊 and calm.", "The endings were abrupt."]
    save_screenshot(page, "workbench-suggestions-coded.png")  # coded and suggested at once

    # `s` goes on from the last focused suggestion; S goes back to the moment before it.
    page.keyboard.press("S")
    page.wait_for_selector("#sugg-focus .sugg-card")
    assert "helpful moment" in page.inner_text("#sugg-focus")
    assert page.locator("#sugg-accept-all").count() == 0  # codes only
    page.keyboard.press("a")
    page.wait_for_selector(".wb-margin .moment.helpful")
    moment = SignificantMoment.objects.get(rater=coder)
    assert (moment.start, moment.end, moment.valence) == (
        *span_of(transcript, "It felt safe 😊 and calm."),
        "helpful",
    )


def test_recompute_shows_new_suggestions(suggested, open_as):
    world, codes, transcript = suggested()
    Suggestion.objects.all().delete()
    page = open_workbench(open_as, world, transcript)
    assert page.locator(".seg.sugg").count() == 0
    assert page.inner_text("#sugg-count") == "0"
    page.click("#sugg-recompute")
    page.wait_for_selector(".seg.sugg")
    expect(page.locator("#sugg-count")).to_have_text("2")
    assert sugg_texts(page) == ["I could breathe there.", "The endings were abrupt."]
    page.wait_for_selector("#sugg-recompute:not([disabled])")


def test_viewer_sees_no_suggestion_actions(suggested, open_as):
    world, codes, transcript = suggested()
    page = open_workbench(open_as, world, transcript, persona="viewer")
    page.wait_for_selector("#wb-suggest")
    assert page.locator(".seg.sugg").count() == 0
    for selector in ("#sugg-recompute", "#sugg-accept", "#sugg-reject", "#sugg-accept-all"):
        assert page.locator(selector).count() == 0
    page.keyboard.press("s")
    page.keyboard.press("a")
    page.wait_for_selector("#wb-toast:not([hidden])")
    assert Coding.objects.count() == 0 and SuggestionDecision.objects.count() == 0


def test_cap_and_switch_keep_the_screen_to_the_best(suggested, open_as):
    world, codes, transcript = suggested(safe=("breathe", "could"))
    page = open_workbench(open_as, world, transcript)
    page.wait_for_selector(".seg.sugg")
    # Two keywords in one sentence score 0.75, one keyword 0.5.
    assert sugg_texts(page) == ["I could breathe there.", "The endings were abrupt."]
    page.select_option("#sugg-best", "5")
    expect(page.locator("#sugg-count")).to_have_text("2")
    # Showing only the best one keeps the 0.75 sentence; the count says how many are open.
    page.evaluate(
        "() => { const s = document.querySelector('#sugg-best');"
        " s.add(new Option('best 1', '1')); }"
    )
    page.select_option("#sugg-best", "1")
    expect(page.locator("#sugg-count")).to_have_text("1 of 2")
    assert sugg_texts(page) == ["I could breathe there."]
    page.uncheck("#sugg-show")
    expect(page.locator(".seg.sugg")).to_have_count(0)
    expect(page.locator("#sugg-count")).to_have_text("0 of 2")
    page.keyboard.press("s")
    expect(page.locator("#wb-toast")).to_contain_text("switched off")
    save_screenshot(page, "workbench-suggestions-switched-off.png")
    # The switch is remembered in this browser.
    page.reload()
    page.wait_for_selector("body[data-wb-ready]")
    expect(page.locator("#sugg-show")).not_to_be_checked()
    page.check("#sugg-show")
    # "best 1" is not one of the choices: a stored cap off the list falls back to 20.
    expect(page.locator("#sugg-best")).to_have_value("20")
    expect(page.locator(".seg.sugg")).to_have_count(2)


def test_study_cap_comes_from_the_server_and_a_larger_choice_fetches_more(suggested, open_as):
    world, codes, transcript = suggested(safe=("breathe", "could"))
    cfg = suggest.settings_for(world.study)
    cfg.best_per_transcript = 1
    cfg.save()
    page = open_workbench(open_as, world, transcript)
    page.wait_for_selector(".seg.sugg")
    # The page came with the best one only, and the study's cap is the member's first choice.
    expect(page.locator("#sugg-best")).to_have_value("1")
    expect(page.locator("#sugg-count")).to_have_text("1")
    assert sugg_texts(page) == ["I could breathe there."]
    page.select_option("#sugg-best", "0")  # "all": fetched from the server
    expect(page.locator("#sugg-count")).to_have_text("2")
    assert sugg_texts(page) == ["I could breathe there.", "The endings were abrupt."]


def test_review_queue_opens_the_suggestion_in_the_workbench(suggested, open_as):
    world, codes, transcript = suggested()
    page = open_as(world.users["coder"], reverse("suggestions", args=[world.study.pk]))
    link = page.locator("#queue-table a").first
    expect(link).to_contain_text("I could breathe there.")
    link.click()
    page.wait_for_selector("body[data-wb-ready]")
    expect(page.locator(".seg.sugg-focus").first).to_have_text("I could breathe there.")
    expect(page.locator("#sugg-focus")).to_contain_text("Feeling safe")


def test_a_cluster_suggestion_is_accepted_with_a_picked_code_or_rejected(request, open_as):
    world, codes, transcript = request.getfixturevalue("bench")
    environment = codes["safe"].cluster
    for quote in ("I could breathe there.", "The endings were abrupt."):
        start, end = span_of(transcript, quote)
        Suggestion.objects.create(
            study=world.study,
            transcript=transcript,
            cluster=environment,
            start=start,
            end=end,
            score=0.8,
            recommender="model",
            version="model-v1",
        )
    coder = world.users["coder"]
    page = open_workbench(open_as, world, transcript)
    page.wait_for_selector(".seg.sugg")
    assert sugg_texts(page) == ["I could breathe there.", "The endings were abrupt."]
    page.keyboard.press("s")
    page.wait_for_selector("#sugg-focus .sugg-card")
    assert "Environment (cluster)" in page.inner_text("#sugg-focus")
    options = page.locator("#sugg-pick-code option")
    # The cluster's codes in codebook order; the first is chosen until the coder picks.
    assert options.all_inner_texts() == ["Abrupt endings", "Feeling safe"]
    page.select_option("#sugg-pick-code", label="Feeling safe")
    save_screenshot(page, "suggestions-cluster.png")
    page.click("#sugg-accept")
    expect(page.locator("#wb-status")).to_have_text(re.compile(r"^1 codings,"))
    start, end = span_of(transcript, "I could breathe there.")
    coding = Coding.objects.get(coder=coder)
    assert (coding.code, coding.start, coding.end) == (codes["safe"], start, end)
    assert sugg_texts(page) == ["The endings were abrupt."]

    page.keyboard.press("s")
    expect(page.locator(".seg.sugg-focus").first).to_have_text("The endings were abrupt.")
    page.keyboard.press("x")
    expect(page.locator(".seg.sugg")).to_have_count(0)
    decisions = SuggestionDecision.objects.filter(user=coder).order_by("start")
    assert [(d.cluster_id, d.code_id, d.accepted) for d in decisions] == [
        (environment.pk, None, True),
        (environment.pk, None, False),
    ]
    assert Coding.objects.filter(coder=coder).count() == 1
