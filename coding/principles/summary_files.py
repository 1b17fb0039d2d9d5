"""The principle summary as a downloadable file in one of four formats; the page, the API
and `manage.py export_summary` all come through here."""

import re
from dataclasses import dataclass

from coding.principles import summary_pdf, summary_render
from coding.principles.summary import build_summary
from coding.principles.summary_data import Summary
from transcripts.models import Membership, Study


def _docx(summary: Summary) -> bytes:
    # python-docx and lxml (about 15 MiB) load with the first DOCX, not in every web worker.
    from coding.principles import summary_docx

    return summary_docx.docx_bytes(summary)


FORMATS = {
    "md": ("text/markdown; charset=utf-8", lambda s: summary_render.markdown(s).encode()),
    "html": ("text/html; charset=utf-8", lambda s: summary_render.html_document(s).encode()),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
    ),
    "pdf": ("application/pdf", summary_pdf.pdf_bytes),
}


@dataclass(frozen=True, slots=True)
class SummaryFile:
    content: bytes
    content_type: str
    filename: str


def render(summary: Summary, fmt: str) -> bytes:
    return FORMATS[fmt][1](summary)


def summary_file(*, study: Study, member: Membership, fmt: str, source: str | None) -> SummaryFile:
    """The summary this member may see, from `source`, as `fmt` (a key of FORMATS)."""
    summary = build_summary(study=study, member=member, source=source)
    slug = re.sub(r"[^a-z0-9]+", "-", study.title.lower()).strip("-")[:60] or f"study-{study.pk}"
    return SummaryFile(
        content=render(summary, fmt),
        content_type=FORMATS[fmt][0],
        filename=f"principle-summary-{slug}.{fmt}",
    )
