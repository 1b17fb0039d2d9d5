"""End-to-end: an owner goes from the comparison page's segments to a principle, then
downloads the principle summary as DOCX and PDF; the test opens both files."""

import docx
import pypdf
from django.urls import reverse
from playwright.sync_api import expect

from coding.models import Principle
from tests.coding.principles.conftest import finished  # noqa: F401  (the finished study)
from tests.ui.conftest import save_screenshot


def test_owner_writes_a_principle_from_segments_and_downloads_the_summary(finished, open_as):  # noqa: F811
    world, codings = finished.world, finished.codings
    Principle.objects.all().delete()
    understood = codings["understood1"].code
    page = open_as(
        world.users["owner"], reverse("compare", args=[world.study.pk]) + f"?code={understood.pk}"
    )
    page.click("#principle-from-segments")
    expect(page.locator("#principle-form")).to_be_visible()
    page.fill(
        "#principle-form textarea[name=statement]",
        "Being understood lets clients risk being known.",
    )
    page.select_option("#principle-form select[name=cluster]", str(finished.relationship.pk))
    page.fill("#principle-form textarea[name=implication]", "Say back what you heard.")
    page.check(f"#pick-{codings['understood1'].pk} input[name=quotes]")
    page.check(f"#pick-{codings['understood2'].pk} input[name=quotes]")
    page.check(f"#pick-{codings['understood2'].pk} input[name=evidence]")
    page.click("#principle-form button[type=submit]")
    expect(page.locator("li.principle .statement")).to_have_text(
        "Being understood lets clients risk being known."
    )
    expect(page.locator("li.principle blockquote.quote")).to_have_count(2)
    save_screenshot(page, "principles.png")

    page.click("text=Principle summary for mentors")
    expect(page.locator(".summary-preview h3")).to_have_text(["Therapeutic relationship"])
    expect(page.locator(".summary-preview .frequency")).to_have_text(
        "2 of 3 participants (general)"
    )
    save_screenshot(page, "summary.png")
    with page.expect_download() as info:
        page.click("#download-docx")
    document = docx.Document(str(info.value.path()))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Core category"),
        ("Heading 1", "Clusters and principles"),
        ("Heading 2", "Therapeutic relationship"),
        ("Heading 1", "What helped and what hindered"),
        ("Heading 1", "Method"),
    ]
    texts = [p.text for p in document.paragraphs]
    assert "2 of 3 participants (general)" in texts
    assert [p.text for p in document.paragraphs if p.style.name == "Quote"] == [
        "“[therapist] understood me.” — P01",
        "“She really understood me, more than anyone.” — P02",
    ]
    with page.expect_download() as info:
        page.click("#download-pdf")
    reader = pypdf.PdfReader(info.value.path())
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Therapeutic relationship 2 of 3 participants (general)" in text
    assert "Principle: Being understood lets clients risk being known." in text
    assert "“[therapist] understood me.” — P01" in text
    assert "“She really understood me, more than anyone.” — P02" in text
