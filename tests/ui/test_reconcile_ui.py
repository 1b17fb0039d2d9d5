"""The reconciliation page in Chromium: the consensus edited by selecting words."""

from django.urls import reverse
from playwright.sync_api import expect

from coding.models import Coding
from tests.ui.test_workbench import bench  # noqa: F401  (the fixture)

SELECT_IN = """([selector, needle]) => {
  // Select `needle` inside the element as a mouse drag would, then release the mouse there.
  const passage = document.querySelector(selector);
  const node = passage.firstChild;
  const at = node.data.indexOf(needle);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + needle.length);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  passage.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
}"""


def test_owner_edits_the_consensus_by_selecting_words(bench, open_as):  # noqa: F811
    world, codes, transcript = bench
    world.study.blind_coding = False
    world.study.save()
    text = transcript.text
    start = text.index("It felt safe 😊 and calm.")
    longer = "It felt safe 😊 and calm. I could breathe there."
    for persona, end in (("coder", start + len("It felt safe 😊")), ("owner", start + len(longer))):
        Coding.objects.create(
            transcript=transcript, code=codes["safe"], coder=world.users[persona],
            start=start, end=end,
        )  # fmt: skip
    url = reverse("reconcile", args=[world.study.pk]) + f"?transcript={transcript.pk}"
    page = open_as(world.users["owner"], url)
    region = page.locator("#region-0")
    expect(region.locator(".where")).to_have_text("Client, turn 2")  # the preamble is metadata
    # The words only the longer version has are marked.
    expect(region.locator("mark")).to_have_text(" and calm. I could breathe there.")
    page.evaluate(SELECT_IN, ["#region-0 .region-text", "safe 😊"])
    form = region.locator("details.edit form")
    expect(form.locator(".edit-quote")).to_have_text("“safe 😊”")
    expect(form.locator("input[name=edit_start]")).to_have_value(str(text.index("safe 😊")))
    expect(form.locator("input[name=edit_end]")).to_have_value(str(text.index("safe 😊") + 6))
    form.locator("button[value=edit]").click()
    expect(page.locator("#region-0 .decided-tag")).to_have_text(
        f"{world.users['owner'].username} edited the consensus"
    )
    world.study.refresh_from_db()  # the consensus identity was made by the decision
    consensus = Coding.objects.by_consensus(world.study).get()
    assert text[consensus.start : consensus.end] == "safe 😊"
