"""End-to-end: search in a transcript (every hit highlighted, Enter / Shift+Enter move the
current hit, offsets in code points after emoji) and the study-wide search page (open a hit
in the workbench at its place; code the ticked hits)."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from coding.models import Coding
from tests.ui.conftest import save_screenshot
from tests.ui.test_workbench import bench, workbench_path  # noqa: F401 (fixture)

HIGHLIGHTS_JS = """() => ({
  hits: CSS.highlights.get('search-hit')?.size ?? -1,
  current: [...(CSS.highlights.get('search-current') || [])].map((r) => {
    const live = document.createRange();  // the highlights hold static ranges
    live.setStart(r.startContainer, r.startOffset);
    live.setEnd(r.endContainer, r.endOffset);
    return live.toString();
  }),
})"""


def hits_in(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(word, text, re.IGNORECASE)]


def test_search_in_a_transcript(bench, open_as):  # noqa: F811
    world, codes, transcript = bench
    page = open_as(world.users["coder"], workbench_path(world, transcript))
    expect(page.locator("body[data-wb-ready]")).to_have_count(1)
    starts = hits_in(transcript.text, "the")  # therapy, the café, breathe, there, The, the car
    assert len(starts) == 6
    page.keyboard.press("/")
    expect(page.locator("#wb-search-q")).to_be_focused()
    page.keyboard.type("THE")  # searched as typed: the first hit is current
    count = page.locator("#wb-search-count")
    expect(count).to_have_text("1 of 6")
    assert page.evaluate(HIGHLIGHTS_JS) == {"hits": 6, "current": ["the"]}
    body = page.locator("body")
    expect(body).to_have_attribute("data-search-at", f"{starts[0]}-{starts[0] + 3}")
    page.keyboard.press("Enter")
    expect(count).to_have_text("2 of 6")
    expect(body).to_have_attribute("data-search-at", f"{starts[1]}-{starts[1] + 3}")
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    expect(count).to_have_text("6 of 6")
    expect(body).to_have_attribute("data-search-at", f"{starts[5]}-{starts[5] + 3}")
    assert page.evaluate(HIGHLIGHTS_JS)["current"] == ["the"]
    # A redraw of the turns (here a filter change) keeps the hits drawn.
    page.select_option("#filter-coder", "__me")
    assert page.evaluate(HIGHLIGHTS_JS) == {"hits": 6, "current": ["the"]}
    save_screenshot(page, "workbench-search.png")
    page.check("#wb-search-whole")  # the café, The endings, the car
    expect(count).to_have_text("1 of 3")
    the = transcript.text.index("the café")
    expect(body).to_have_attribute("data-search-at", f"{the}-{the + 3}")
    study_search = reverse("search", args=[world.study.pk]) + "?q=THE&whole_words=1"
    link = page.locator("#wb-search-study")
    expect(link).to_have_attribute("href", re.compile(re.escape(study_search) + "$"))
    page.uncheck("#wb-search-whole")
    # Accents and case do not matter; offsets are code points (after 😊, not UTF-16 units).
    page.fill("#wb-search-q", "CALM")
    page.keyboard.press("Enter")
    expect(count).to_have_text("1 of 1")
    calm = transcript.text.index("calm")
    expect(body).to_have_attribute("data-search-at", f"{calm}-{calm + 4}")
    page.fill("#wb-search-q", "naive")
    page.keyboard.press("Enter")
    expect(count).to_have_text("1 of 1")
    assert page.evaluate(HIGHLIGHTS_JS)["current"] == ["naïve"]
    page.fill("#wb-search-q", "zebra")
    page.keyboard.press("Enter")
    expect(count).to_have_text("no hits")
    assert page.evaluate(HIGHLIGHTS_JS) == {"hits": 0, "current": []}


def test_the_study_search_opens_the_workbench_at_a_hit(bench, open_as):  # noqa: F811
    world, codes, transcript = bench
    page = open_as(world.users["viewer"], reverse("search", args=[world.study.pk]) + "?q=ca")
    expect(page.locator("#search-count")).to_have_text("3 hits in 1 transcript.")
    expect(page.locator("input[name=hit]")).to_have_count(0)  # viewers read, do not code
    car = transcript.text.index("car ")
    page.locator(f"#hit-{transcript.pk}-{car} td.match a").click()
    expect(page.locator("#wb-search-count")).to_have_text("3 of 3")
    assert page.evaluate("() => getSelection().toString()") == "ca"
    expect(page.locator("#wb-search-q")).to_have_value("ca")


def test_code_the_ticked_hits_on_the_search_page(bench, open_as):  # noqa: F811
    world, codes, transcript = bench
    path = reverse("search", args=[world.study.pk]) + "?q=the&speaker_role=client"
    page = open_as(world.users["coder"], path)
    expect(page.locator("#search-count")).to_have_text("5 hits in 1 transcript.")
    expect(page.locator("#ticked-count")).to_have_text("5 of 5 ticked")
    breathe = transcript.text.index("breathe") + 4
    page.locator(f"#hit-{transcript.pk}-{breathe} input[name=hit]").uncheck()
    expect(page.locator("#ticked-count")).to_have_text("4 of 5 ticked")
    page.locator("select[name=code]").select_option(label="Feeling safe")
    save_screenshot(page, "search-code-all.png")
    page.locator("#code-ticked").click()
    expect(page.locator(".messages")).to_have_text(
        "Coded 4 hits with “Feeling safe”: 4 new codings."
    )
    expect(page.locator("#ticked-count")).to_have_text("5 of 5 ticked")
    starts = sorted(Coding.objects.filter(coder=world.users["coder"]).values_list("start", "end"))
    the = transcript.text.index("the café")
    there = transcript.text.index("there")
    endings = transcript.text.index("The endings")
    car = transcript.text.index("the car")
    assert starts == [(the, the + 3), (there, there + 3), (endings, endings + 3), (car, car + 3)]
