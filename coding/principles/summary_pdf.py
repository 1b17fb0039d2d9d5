"""The principle summary as PDF: WeasyPrint lays out the HTML document (print stylesheet
included). Same data, same bytes: WeasyPrint writes no dates without <meta> dates, and the
one moving part, the embedded font subsets' "modified" stamp (fontTools reads the clock
unless SOURCE_DATE_EPOCH is set), is pinned for the duration of the call."""

import os
from contextlib import contextmanager

from coding.principles.summary_data import Summary
from coding.principles.summary_render import html_document

FIXED_EPOCH = "946684800"  # 2000-01-01: any fixed time makes the output reproducible


@contextmanager
def _fixed_font_dates():
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = before or FIXED_EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def pdf_bytes(summary: Summary) -> bytes:
    import weasyprint  # loads Pango through cffi: only when a PDF is asked for

    with _fixed_font_dates():
        return weasyprint.HTML(string=html_document(summary)).write_pdf(
            pdf_identifier=b"qualcode-principle-summary"
        )
