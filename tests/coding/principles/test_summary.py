"""The principle summary's content, worked out by hand on the finished study of conftest.py,
and the same content in Markdown, DOCX (opened with python-docx) and PDF (its text by pypdf);
the same data gives the same bytes."""

import io

import docx
import pypdf
import pytest

from coding.principles.summary import build_summary
from coding.principles.summary_files import render
from transcripts.models import Membership

CORE = "Just enough structure to become reflective."
P1 = "Clients risk being known when they feel understood."
P2 = "A cared-for room tells the client they matter."


def member(world, persona) -> Membership:
    return Membership.objects.select_related("study", "user").get(
        study=world.study, user=world.users[persona]
    )


def test_content(finished):
    summary = build_summary(
        study=finished.world.study, member=member(finished.world, "owner"), source="all"
    )
    assert summary.core_category == CORE
    [rel, env] = summary.clusters
    assert (rel.name, rel.participants, rel.of, rel.label) == (
        "Therapeutic relationship",
        2,
        3,
        "general",
    )
    assert (env.name, env.participants, env.of, env.label) == ("Therapy environment", 1, 3, "")
    assert [p.statement for p in rel.principles] == [P1]
    assert rel.principles[0].implication == "Say back what you heard before you advise."
    # The chosen quote first, then evidence from another participant fills to two; the
    # therapist's name (pseudonym list) is replaced, whitespace collapsed.
    assert [(q.participant, q.text) for q in rel.quotes] == [
        ("P01", "[therapist] understood me."),
        ("P02", "She really understood me, more than anyone."),
    ]
    assert [(q.participant, q.text) for q in env.quotes] == [
        ("P03", "The room was cold and bare. I never settled.")
    ]
    assert [
        (v.cluster, v.helpful, v.helpful_intensity, v.hindering, v.hindering_intensity)
        for v in summary.valence
    ] == [
        ("Therapeutic relationship", 1, 4.0, 0, None),
        ("Therapy environment", 0, None, 1, 2.0),
    ]
    method = summary.method
    assert (method.source, method.participants, method.transcripts, method.codings) == (
        "all",
        3,
        3,
        4,
    )
    assert method.coders == (finished.world.users["coder"].username,)
    assert method.agreement == (("Agreement (sentence)", "needs two or more coders who coded"),)
    assert method.reconciliation == () and method.withheld == ""


def test_speaker_label_names_are_replaced(finished):
    # "Rosa" labels P02's client turns; P01 mentions her by name in a quote.
    p = finished.principles[0]
    p.quotes.set([finished.codings["understood1"]])
    from coding.models import Coding

    t1 = finished.codings["understood1"].transcript
    start = t1.text.index("I told Rosa about it later.")
    told = Coding.objects.create(
        transcript=t1,
        code=finished.codings["trust1"].code,
        coder=finished.world.users["coder"],
        start=start,
        end=start + 27,
    )
    p.quotes.add(told)
    summary = build_summary(
        study=finished.world.study, member=member(finished.world, "owner"), source="all"
    )
    assert [q.text for q in summary.clusters[0].quotes][:2] == [
        "[therapist] understood me.",
        "I told [client] about it later.",
    ]


def test_blind_phase_summary_is_the_coders_own(finished):
    study = finished.world.study
    study.blind_coding = True
    study.save()
    summary = build_summary(study=study, member=member(finished.world, "coder"), source="all")
    # Only the coder's principle (the owner's rests on codings the coder may not compare).
    assert [s.name for s in summary.clusters] == ["Therapy environment"]
    assert summary.method.source == finished.world.users["coder"].username
    assert summary.method.agreement == () and "blind phase" in summary.method.withheld


def test_markdown(finished):
    summary = build_summary(
        study=finished.world.study, member=member(finished.world, "owner"), source="all"
    )
    text = render(summary, "md").decode()
    assert text.startswith(
        "# Principle summary: Helpful moments\n\n## Core category\n\n" + CORE + "\n"
    )
    assert (
        "### Therapeutic relationship\n\n*2 of 3 participants (general)*\n\n**Principle:** " + P1
        in text
    )
    assert "> “\\[therapist\\] understood me.” — P01" in text
    assert "| Therapy environment | 0 | – | 1 | 2.0 | 0 |" in text
    assert (
        text.index("## Core category")
        < text.index("## Clusters")
        < text.index("## What helped")
        < text.index("## Method")
    )


def test_docx_headings_counts_and_quotes(finished):
    summary = build_summary(
        study=finished.world.study, member=member(finished.world, "owner"), source="all"
    )
    data = render(summary, "docx")
    document = docx.Document(io.BytesIO(data))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings == [
        ("Title", "Principle summary: Helpful moments"),
        ("Heading 1", "Core category"),
        ("Heading 1", "Clusters and principles"),
        ("Heading 2", "Therapeutic relationship"),
        ("Heading 2", "Therapy environment"),
        ("Heading 1", "What helped and what hindered"),
        ("Heading 1", "Method"),
    ]
    texts = [p.text for p in document.paragraphs]
    assert "2 of 3 participants (general)" in texts and "1 of 3 participants" in texts
    assert f"Principle: {P1}" in texts and f"Principle: {P2}" in texts
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes == [
        "“[therapist] understood me.” — P01",
        "“She really understood me, more than anyone.” — P02",
        "“The room was cold and bare. I never settled.” — P03",
    ]
    [table] = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Cluster", "Helpful", "Mean intensity", "Hindering", "Mean intensity", "Mixed"],
        ["Therapeutic relationship", "1", "4.0", "0", "–", "0"],
        ["Therapy environment", "0", "–", "1", "2.0", "0"],
    ]
    assert table.style.name == "Table Grid"
    assert document.core_properties.title == "Principle summary: Helpful moments"
    assert document.core_properties.created.year == 2000
    assert render(summary, "docx") == data  # same data, same bytes


def test_pdf_text_and_same_bytes(finished):
    summary = build_summary(
        study=finished.world.study, member=member(finished.world, "owner"), source="all"
    )
    data = render(summary, "pdf")
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "Principle summary: Helpful moments",
        "Core category " + CORE,
        "Therapeutic relationship 2 of 3 participants (general)",
        "Therapy environment 1 of 3 participants",
        "Principle: " + P1,
        "“[therapist] understood me.” — P01",
        "Implication for mentoring: Meet somewhere warm and quiet.",
        "What helped and what hindered",
        "Method",
    ):
        assert expected in text, expected
    assert render(summary, "pdf") == data


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_text_formats_are_stable(finished, fmt):
    summary = build_summary(
        study=finished.world.study, member=member(finished.world, "owner"), source="all"
    )
    assert render(summary, fmt) == render(summary, fmt)


def test_control_characters_typed_into_a_statement_do_not_break_the_documents(finished):
    # Found by the schema fuzzer: XML (so DOCX) cannot hold most C0 control characters.
    finished.principles[0].statement = "Feel\x0bunderstood\x1f first."
    finished.principles[0].save()
    summary = build_summary(
        study=finished.world.study, member=member(finished.world, "owner"), source="all"
    )
    assert summary.clusters[0].principles[0].statement == "Feelunderstood first."
    document = docx.Document(io.BytesIO(render(summary, "docx")))
    assert "Principle: Feelunderstood first." in [p.text for p in document.paragraphs]
    assert render(summary, "pdf").startswith(b"%PDF-")
