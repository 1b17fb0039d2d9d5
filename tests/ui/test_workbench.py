"""End-to-end: the coding workbench in headless Chromium (Debian's /usr/bin/chromium)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from coding.models import Cluster, Code, Coding, Memo, SignificantMoment
from tests.ui.conftest import save_screenshot
from transcripts import imports

INTERVIEW = (
    "Interviewer: Ésa fue la primera sesión. What helped you most in therapy?\n\n"
    "Client: Honestly, the café-like room. It felt safe 😊 and calm. I could breathe there.\n"
    "She named my fear before I did, which was naïve of me to expect.\n\n"
    "Interviewer: And anything hindering?\n\n"
    "Client: The endings were abrupt. I left in tears once 🙁 and sat in the car 🚗."
).encode()


@pytest.fixture
def bench(world):
    """A study with two codes in two clusters and one interview with accents and emoji."""
    study = world.study
    relationship = Cluster.objects.create(study=study, name="Relationship", order=1)
    environment = Cluster.objects.create(study=study, name="Environment", order=2)
    codes = {
        "safe": Code.objects.create(
            study=study, cluster=environment, name="Feeling safe", colour="#2e8b57"
        ),
        "fear": Code.objects.create(
            study=study, cluster=relationship, name="Therapist names the fear", colour="#4e79a7"
        ),
        "endings": Code.objects.create(
            study=study, cluster=environment, name="Abrupt endings", colour="#c0392b"
        ),
    }
    [outcome] = imports.import_files(
        study=study, user=world.users["owner"], files=[("P01.txt", INTERVIEW)]
    )
    transcript = study.transcripts.get(pk=outcome.transcript_id)
    return world, codes, transcript


def workbench_path(world, transcript):
    return reverse("transcript-detail", args=[world.study.pk, transcript.pk])


SELECT_JS = """([needle, occurrence]) => {
  // Select `needle` in the rendered transcript the way a mouse drag would leave the selection.
  const nodes = [];
  const walker = document.createTreeWalker(document.querySelector('#wb-text'), NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest('.text') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT });
  let all = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = all.indexOf(needle, at + 1);
  if (at < 0) throw new Error('not found: ' + needle);
  const find = (pos, isEnd) => {
    for (const [node, offset] of nodes) {
      const end = offset + node.data.length;
      if (pos < end || (isEnd && pos === end)) return [node, pos - offset];
    }
  };
  const range = document.createRange();
  range.setStart(...find(at, false));
  range.setEnd(...find(at + needle.length, true));
  const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
  const selected = sel.toString();  // read before the picker takes focus
  document.querySelector('#wb-text').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
  return selected;
}"""

CROSS_TURN_JS = """([first, last]) => {
  // Drag from the start of `first` (in one turn) to the end of `last` (in a later turn).
  const texts = [...document.querySelectorAll('#wb-text .text')];
  const locate = (needle, end) => {
    for (const el of texts) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let all = '', nodes = [];
      while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
      const at = all.indexOf(needle);
      if (at >= 0) {
        const pos = end ? at + needle.length : at;
        for (const [node, offset] of nodes) if (pos <= offset + node.data.length && (end || pos < offset + node.data.length)) return [node, pos - offset];
      }
    }
  };
  const range = document.createRange();
  range.setStart(...locate(first, false));
  range.setEnd(...locate(last, true));
  const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
  document.querySelector('#wb-text').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
}"""


def pick(page, name):
    page.wait_for_selector("#picker-search")
    page.fill("#picker-search", name)
    page.keyboard.press("Enter")


def codings_shown(page, count, **filters):
    """Wait until the page counts `count` codings, then read them from the database.

    The status line is redrawn only once the server has answered the last change, so the
    database is read after the live server has finished writing (never while it writes)."""
    expect(page.locator("#wb-status")).to_have_text(re.compile(rf"^{count} codings,"))
    codings = list(Coding.objects.filter(**filters).order_by("start"))
    assert len(codings) == count, codings
    return codings


def api_answer(method, path):
    """A predicate for page.expect_response: the answer to `method` on an API URL with `path`."""
    return lambda response: response.request.method == method and path in response.url


def test_login_code_a_passage_and_see_it_after_reload(bench, browser, live_server):
    world, codes, transcript = bench
    world.users["coder"].set_password("pw-for-tests-1")
    world.users["coder"].save()
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("#id_username", world.users["coder"].username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.click(f"text={world.study.title}")
    page.click(f"text={transcript.title}")
    page.wait_for_selector("body[data-wb-ready]")
    selected = page.evaluate(SELECT_JS, ["the café-like room", 0])
    assert selected == "the café-like room"
    pick(page, "safe")
    [coding] = codings_shown(page, 1)
    assert transcript.text[coding.start : coding.end] == "the café-like room"
    assert (coding.code, coding.coder) == (codes["safe"], world.users["coder"])
    page.reload()
    page.wait_for_selector("body[data-wb-ready]")
    seg = page.locator(f'.seg[data-ids~="{coding.id}"]')
    assert seg.inner_text() == "the café-like room"
    save_screenshot(page, "workbench-coded.png")
    context.close()


@pytest.mark.parametrize(
    "needle,occurrence",
    [
        ("Ésa fue", 0),  # the start of the first turn, an accented capital
        ("safe 😊 and calm", 0),  # an astral emoji inside
        ("naïve", 0),
        ("the car 🚗.", 0),  # the very end of the text, ending on an emoji
        ("🙁", 0),  # a single astral character
    ],
)
def test_selections_store_exactly_the_selected_characters(bench, open_as, needle, occurrence):
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    assert page.evaluate(SELECT_JS, [needle, occurrence]) == needle
    pick(page, "Feeling safe")
    [coding] = codings_shown(page, 1)
    assert transcript.text[coding.start : coding.end] == needle
    page.wait_for_selector(f'.seg[data-ids~="{coding.id}"]')


def test_selection_across_turns(bench, open_as):
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    page.evaluate(CROSS_TURN_JS, ["What helped you", "the café-like room."])
    pick(page, "Feeling safe")
    [coding] = codings_shown(page, 1)
    page.wait_for_selector(f'.seg[data-ids~="{coding.id}"]')
    start = transcript.text.index("What helped you")
    end = transcript.text.index("the café-like room.") + len("the café-like room.")
    assert (coding.start, coding.end) == (start, end)
    # The highlight is drawn in both turns.
    assert page.locator(f'.seg[data-ids~="{coding.id}"]').count() == 2


def test_double_click_a_word_with_the_mouse(bench, open_as):
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    page.get_by_text("Honestly, the café-like room", exact=False).first.dblclick(
        position={"x": 20, "y": 8}
    )
    page.wait_for_selector("#picker-search")
    page.keyboard.type("endings")
    page.keyboard.press("Enter")
    [coding] = codings_shown(page, 1)
    assert transcript.text[coding.start : coding.end] == "Honestly"


def test_overlapping_codings_both_stay_visible(bench, open_as):
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    page.evaluate(SELECT_JS, ["It felt safe 😊 and calm.", 0])
    pick(page, "Feeling safe")
    codings_shown(page, 1)  # drawn before the next selection, so no redraw can interleave
    page.evaluate(SELECT_JS, ["and calm. I could breathe", 0])
    pick(page, "Therapist names")
    first, second = codings_shown(page, 2)
    page.wait_for_selector(f'.seg[data-ids~="{second.id}"]')
    both = page.locator(
        f'.seg[data-ids="{first.id} {second.id}"], .seg[data-ids="{second.id} {first.id}"]'
    )
    assert both.inner_text() == "and calm."
    style = both.get_attribute("style")
    assert "rgb(46, 139, 87)" in style or "#2e8b57" in style
    assert "#4e79a7" in style or "rgb(78, 121, 167)" in style
    both.hover()
    tip = page.locator("#wb-tip")
    assert "Feeling safe" in tip.inner_text() and "Therapist names the fear" in tip.inner_text()
    save_screenshot(page, "workbench-overlap.png")


def test_mark_a_moment_shown_in_the_margin(bench, open_as):
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    page.evaluate(SELECT_JS, ["The endings were abrupt.", 0])
    page.wait_for_selector("#picker-search")
    page.keyboard.press("m")
    page.check("input[value=hindering]")
    page.select_option("select[name=intensity]", "4")
    page.fill("input[name=note]", "left in tears")
    page.click("#moment-form button[type=submit]")
    page.wait_for_selector(".wb-margin .moment.hindering")
    moment = SignificantMoment.objects.get()
    assert transcript.text[moment.start : moment.end] == "The endings were abrupt."
    assert (moment.valence, moment.intensity, moment.note) == ("hindering", 4, "left in tears")


def test_a_moment_is_tinted_edited_and_deleted_from_its_bar(bench, open_as):
    world, codes, transcript = bench
    text = transcript.text
    start = text.index("The endings were abrupt.")
    moment = SignificantMoment.objects.create(
        transcript=transcript, rater=world.users["coder"], start=start,
        end=start + len("The endings were abrupt."), valence="hindering", intensity=3,
    )  # fmt: skip
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    # The moment's own text is tinted: one range in the "hindering" highlight, with its text.
    tinted = page.evaluate(
        "() => [...CSS.highlights.get('moment-hindering')].map((r) => r.toString())"
    )
    assert tinted == ["The endings were abrupt."]
    page.check("#filter-moments")
    expect(page.locator("#wb-text.moments-only")).to_have_count(1)
    page.uncheck("#filter-moments")
    page.click(f'.wb-margin .moment[data-id="{moment.id}"]')
    page.check("#moment-edit input[value=mixed]")
    page.select_option("#moment-edit select[name=intensity]", "5")
    page.fill("#moment-edit input[name=note]", "tears, then relief")
    page.click("#moment-edit button[type=submit]")
    expect(page.locator(f'.wb-margin .moment.mixed[data-id="{moment.id}"]')).to_have_count(1)
    expect(page.locator("#wb-toast")).to_contain_text("Saved the mixed moment")
    moment.refresh_from_db()
    assert (moment.valence, moment.intensity, moment.note) == ("mixed", 5, "tears, then relief")
    page.click(f'.wb-margin .moment[data-id="{moment.id}"]')
    page.click("#moment-delete")
    expect(page.locator(".wb-margin .moment")).to_have_count(0)
    expect(page.locator("#wb-toast")).to_contain_text("Moment deleted")
    assert not SignificantMoment.objects.filter(pk=moment.pk).exists()


def test_another_raters_moment_opens_read_only(bench, open_as):
    world, codes, transcript = bench
    world.study.blind_coding = False
    world.study.save()
    start = transcript.text.index("I could breathe there.")
    moment = SignificantMoment.objects.create(
        transcript=transcript, rater=world.users["owner"], start=start, end=start + 22,
        valence="helpful", intensity=2,
    )  # fmt: skip
    path = workbench_path(world, transcript) + f"#moment-{moment.id}"
    page = open_as(world.users["coder"], path)
    expect(page.locator("#moment-edit")).to_contain_text("Only its rater changes a moment.")
    expect(page.locator("#moment-edit select[name=intensity]")).to_be_disabled()
    expect(page.locator("#moment-delete")).to_have_count(0)


def test_coding_stripes_side_by_side_and_a_click_opens_the_coding(bench, open_as):
    world, codes, transcript = bench
    text = transcript.text
    made = []
    for code, quote in (
        ("safe", "It felt safe 😊 and calm. I could breathe there."),
        ("fear", "I could breathe there. She named my fear"),  # the hard wrap is joined
    ):
        start = text.index(quote)
        made.append(
            Coding.objects.create(
                transcript=transcript, code=codes[code], coder=world.users["coder"],
                start=start, end=start + len(quote),
            )
        )  # fmt: skip
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    expect(page.locator(".stripe")).to_have_count(0)
    page.check("#show-stripes")
    stripes = page.locator(".stripe")
    expect(stripes).to_have_count(2)
    expect(page.locator(f'.stripe[data-id="{made[0].id}"]')).to_have_text("Feeling safe")
    # The two passages share a line: their stripes stand in different lanes.
    lefts = {s.get_attribute("data-id"): s.evaluate("e => e.style.left") for s in stripes.all()}
    assert sorted(lefts.values()) == ["0px", "15px"]
    page.click(f'.stripe[data-id="{made[1].id}"]')
    expect(page.locator("#wb-edit")).to_contain_text("I could breathe there.")
    # The switch is remembered for the study.
    page.reload()
    page.wait_for_selector("body[data-wb-ready]")
    expect(page.locator(".stripe")).to_have_count(2)
    save_screenshot(page, "workbench-stripes.png")


def test_filter_by_coder(bench, open_as):
    world, codes, transcript = bench
    world.study.blind_coding = False
    world.study.save()
    text = transcript.text
    for persona, quote in (("coder", "the café-like room"), ("owner", "I could breathe there.")):
        start = text.index(quote)
        Coding.objects.create(
            transcript=transcript,
            code=codes["safe"],
            coder=world.users[persona],
            start=start,
            end=start + len(quote),
        )
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    assert page.locator(".seg.coded").count() == 2
    page.select_option("#filter-coder", "__me")
    assert page.locator(".seg.coded").all_inner_texts() == ["the café-like room"]
    page.select_option("#filter-coder", world.users["owner"].username)
    assert page.locator(".seg.coded").all_inner_texts() == ["I could breathe there."]
    page.select_option("#filter-coder", "")
    page.check("#filter-moments")
    assert page.locator(".seg.coded").count() == 0


def test_viewer_cannot_code(bench, open_as):
    world, codes, transcript = bench
    page = open_as(world.users["viewer"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    page.evaluate(SELECT_JS, ["the café-like room", 0])
    page.keyboard.press("c")
    expect(page.locator("#wb-toast")).to_have_text("Viewers cannot code.")
    assert page.locator("#picker-search").count() == 0
    assert Coding.objects.count() == 0


def test_keyboard_only_core_loop(bench, open_as):
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    page.keyboard.press("j")  # first sentence
    page.keyboard.press("j")  # second sentence: the interviewer's question
    page.keyboard.press("j")  # third: "Honestly, the café-like room."
    page.keyboard.press("J")  # extend by one sentence
    page.keyboard.press("c")
    page.keyboard.type("safe")
    page.keyboard.press("Enter")
    [coding] = codings_shown(page, 1)
    assert (
        transcript.text[coding.start : coding.end]
        == "Honestly, the café-like room. It felt safe 😊 and calm."
    )
    page.keyboard.press("n")
    page.wait_for_selector("#wb-edit:not([hidden])")
    expect(page.locator(f'[data-ids="{coding.id}"]:focus')).to_have_count(1)


def test_pinned_code_by_number_key_and_delete_with_undo(bench, open_as):
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    page.click(f'[data-pin="{codes["endings"].pk}"]')
    page.evaluate(SELECT_JS, ["The endings were abrupt.", 0])
    page.wait_for_selector("#picker-search")
    page.keyboard.press("1")
    [coding] = codings_shown(page, 1)
    assert coding.code == codes["endings"]
    page.wait_for_selector(f'.seg[data-ids~="{coding.id}"]')
    Memo.objects.create(
        study=world.study, author=world.users["coder"], coding=coding, text="Too sudden."
    )
    page.locator(f'.seg[data-ids~="{coding.id}"]').click()
    page.click("#edit-delete")
    codings_shown(page, 0)
    page.click("#toast-action")
    expect(page.locator("#wb-toast")).to_have_text(re.compile("Coding restored"))
    [again] = codings_shown(page, 1)
    assert (again.start, again.end, again.code) == (coding.start, coding.end, coding.code)
    # The undo brings back the memo attached to the coding too.
    assert list(again.memos.values_list("text", flat=True)) == ["Too sudden."]


def test_adjust_boundaries_and_memo(bench, open_as):
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    page.evaluate(SELECT_JS, ["endings were", 0])
    pick(page, "Abrupt endings")
    [coding] = codings_shown(page, 1)
    page.wait_for_selector(f'.seg[data-ids~="{coding.id}"]')
    page.locator(f'.seg[data-ids~="{coding.id}"]').click()
    page.click('[aria-label="End one word later"]')
    expect(page.locator(f'.seg[data-ids~="{coding.id}"]').first).to_have_text(
        "endings were abrupt."
    )
    page.fill("#edit-form textarea[name=memo]", "sudden stop")
    # The count shown does not change on a memo: wait for the server's answer to the save.
    with page.expect_response(api_answer("PATCH", f"/codings/{coding.id}/")) as answer:
        page.click("#edit-form button[type=submit]")
    assert answer.value.ok
    [coding] = codings_shown(page, 1, memo="sudden stop")
    assert transcript.text[coding.start : coding.end] == "endings were abrupt."


def test_create_a_code_from_the_picker(bench, open_as):
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    page.wait_for_selector("body[data-wb-ready]")
    page.evaluate(SELECT_JS, ["I could breathe there.", 0])
    page.wait_for_selector("#picker-search")
    page.fill("#picker-search", "Room as refuge")
    page.select_option("#picker-cluster", str(Cluster.objects.get(name="Environment").pk))
    page.focus("#picker-search")
    page.keyboard.press("Enter")
    [coding] = codings_shown(page, 1)
    assert coding.code.name == "Room as refuge" and coding.code.cluster.name == "Environment"
    save_screenshot(page, "workbench.png")


def test_demo_transcript_opens_with_both_coders_visible_to_the_owner(transactional_db, open_as):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from transcripts.models import Study

    call_command("load_demo", stdout=StringIO())
    study = Study.objects.get(title="What clients find helpful")
    transcript = study.transcripts.get(participant__code="P03")  # the WebVTT interview
    owner = get_user_model().objects.get(username="olivia")
    page = open_as(owner, reverse("transcript-detail", args=[study.pk, transcript.pk]))
    page.wait_for_selector("body[data-wb-ready]")
    shown = Coding.objects.filter(transcript=transcript).count()
    assert page.inner_text("#wb-status").startswith(f"{shown} codings")
    assert (
        page.locator(".wb-margin .moment").count()
        == SignificantMoment.objects.filter(transcript=transcript).count()
    )
    assert page.locator(".turn .time").first.inner_text() == "0:04–0:25"
    save_screenshot(page, "workbench-demo.png")
    # A coder in the blind phase sees only their own.
    casey = get_user_model().objects.get(username="casey")
    page = open_as(casey, reverse("transcript-detail", args=[study.pk, transcript.pk]))
    page.wait_for_selector("body[data-wb-ready]")
    mine = Coding.objects.filter(transcript=transcript, coder=casey).count()
    assert page.inner_text("#wb-status").startswith(f"{mine} codings")


def test_reconcile_with_the_keyboard(bench, open_as):
    world, codes, transcript = bench
    text = transcript.text
    for persona, code in (("owner", "safe"), ("coder", "fear")):
        start = text.index("It felt safe")
        Coding.objects.create(
            transcript=transcript,
            code=codes[code],
            coder=world.users[persona],
            start=start,
            end=start + len("It felt safe 😊 and calm."),
        )
    page = open_as(
        world.users["owner"],
        reverse("reconcile", args=[world.study.pk]) + f"?transcript={transcript.pk}",
    )
    page.wait_for_selector(".region:focus")
    page.keyboard.press("r")
    page.keyboard.type("the room, not the fear")
    page.keyboard.press("Escape")
    page.keyboard.press("2")  # the second coder alphabetically
    page.wait_for_selector("text=Decision recorded.")
    from coding.models import ReconciliationDecision

    decision = ReconciliationDecision.objects.get()
    names = sorted([world.users["owner"].username, world.users["coder"].username])
    assert (decision.outcome, decision.accepted_coder, decision.reason) == (
        "accept_one",
        names[1],
        "the room, not the fear",
    )
    assert page.inner_text("#resolved") == "1"
    save_screenshot(page, "reconcile.png")
