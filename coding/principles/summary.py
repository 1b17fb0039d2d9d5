"""The principle summary's content, gathered through the visibility layer: the core category,
per cluster its principles, "N of M participants" with the CQR label (the analysis selector's
frequencies for the chosen source), 2-3 de-identified quotes, then the helpful/hindering table
(the analysis page's, same source) and the method; and the analysis page's figures of both.
Renderers (summary_render, summary_docx, summary_pdf) take the result.

A coder in the blind phase gets a summary of their own work: their principles, their codings
as the source, and no agreement or reconciliation figures (those compare everyone's work)."""

from collections import defaultdict

from coding.agreement import report as agreement
from coding.analysis import selectors as analysis
from coding.analysis import tables
from coding.models import Coding, Principle, ReconciliationDecision
from coding.principles import selectors
from coding.principles.summary_data import (
    NO_CLUSTER,
    ClusterSection,
    Method,
    PrincipleItem,
    Quote,
    Summary,
    ValenceLine,
    deidentify,
    name_pattern,
    quote_text,
)
from coding.principles.summary_figures import summary_figures
from coding.principles.summary_names import study_names
from transcripts.cells import xml_text
from transcripts.errors import DomainError
from transcripts.models import Membership, Study, Transcript

QUOTES_MIN, QUOTES_MAX = 2, 3
WITHHELD = (
    "Agreement and reconciliation figures compare everyone's codings; they are shown once "
    "the owner ends the blind phase."
)


def default_source(study: Study) -> str:
    """The consensus once reconciliation has produced one, else all coders."""
    return "consensus" if Coding.objects.by_consensus(study).exists() else "all"


def build_summary(*, study: Study, member: Membership, source: str | None = None) -> Summary:
    frequencies = analysis.frequencies(study, member, source or default_source(study))
    principles = selectors.principles_for(member)
    names = study_names(study)
    pattern = name_pattern(names)

    def clean(text: str) -> str:
        return deidentify(xml_text(text), names, pattern)

    quotes = _quotes(member, principles, clean)
    sections = _sections(study, principles, frequencies, quotes, clean)
    helpful = tables.helpful(study, member, frequencies["source"])
    return Summary(
        title=xml_text(study.title),
        core_category=clean(core.statement) if (core := selectors.core_category(study)) else "",
        clusters=tuple(sections),
        valence=tuple(_valence(helpful)),
        method=_method(study, member, frequencies),
        figures=summary_figures(frequencies, helpful),
    )


def _sections(study, principles, frequencies, quotes, clean) -> list[ClusterSection]:
    """Clusters with principles in codebook order, then the principles without a cluster."""
    by_cluster: dict[int | None, list[Principle]] = defaultdict(list)
    for principle in principles:
        by_cluster[principle.cluster_id].append(principle)
    rows = {r["cluster"]: r for r in frequencies["rows"] if r["code"] is None}
    m = frequencies["participants"]
    sections = []
    clusters = list(study.clusters.order_by("order", "name"))
    for cluster in [*clusters, None]:
        found = by_cluster.get(cluster.pk if cluster else None)
        if not found:
            continue
        row = rows.get(cluster.name) if cluster else None
        items = tuple(PrincipleItem(clean(p.statement), clean(p.implication)) for p in found)
        sections.append(
            ClusterSection(
                name=xml_text(cluster.name) if cluster else NO_CLUSTER,
                participants=row["participants"] if row else None,
                of=m,
                label=row["label"] if row else "",
                principles=items,
                quotes=quotes[cluster.pk if cluster else None],
            )
        )
    return sections


def _quotes(member, principles, clean) -> dict[int | None, tuple[Quote, ...]]:
    """Per cluster id: the principles' chosen quotes in principle order (at most three); when
    fewer than two were chosen, evidence from other participants first fills up to two."""
    wanted = {c.pk for p in principles for c in (*p.seen_quotes, *p.seen_evidence)}
    meta = {
        row[0]: row
        for row in Coding.objects.visible_to(member)
        .filter(pk__in=wanted)
        .values_list("id", "transcript_id", "start", "end", "transcript__participant__code")
    }

    def placed(pk: int) -> tuple:
        _, transcript, start, _, code = meta[pk]
        return (code or "", transcript, start, pk)

    chosen: dict[int | None, list[int]] = defaultdict(list)
    for principle in principles:
        picked = chosen[principle.cluster_id]
        for pk in sorted((c.pk for c in principle.seen_quotes), key=placed):
            if pk not in picked and len(picked) < QUOTES_MAX:
                picked.append(pk)
    for principle in principles:
        picked = chosen[principle.cluster_id]
        extra = sorted((c.pk for c in principle.seen_evidence if c.pk not in picked), key=placed)
        seen = {meta[pk][4] for pk in picked}
        extra.sort(key=lambda pk: meta[pk][4] in seen)  # new participants first (stable)
        picked += extra[: max(0, QUOTES_MIN - len(picked))]
    texts = _texts({meta[pk][1] for picks in chosen.values() for pk in picks})
    return defaultdict(
        tuple,
        {
            cluster: tuple(
                Quote(
                    participant=meta[pk][4] or "participant not recorded",
                    text=clean(quote_text(texts[meta[pk][1]][meta[pk][2] : meta[pk][3]])),
                )
                for pk in picks
            )
            for cluster, picks in chosen.items()
        },
    )


def _texts(transcript_ids: set[int]) -> dict[int, str]:
    return dict(Transcript.objects.filter(pk__in=transcript_ids).values_list("id", "text"))


def _valence(helpful: dict) -> list[ValenceLine]:
    """Per cluster: the moments of each valence that contain the source's codings (the
    analysis page's helpful/hindering table), clusters no moment touches left out."""
    return [
        ValenceLine(
            cluster=xml_text(r["cluster"]),
            helpful=r["helpful"],
            hindering=r["hindering"],
            mixed=r["mixed"],
            helpful_intensity=r["helpful_intensity"],
            hindering_intensity=r["hindering_intensity"],
        )
        for r in helpful["rows"]
        if r["code"] is None and (r["helpful"] or r["hindering"] or r["mixed"])
    ]


def _method(study: Study, member: Membership, frequencies: dict) -> Method:
    codings, source = analysis.source_codings(study, member, frequencies["source"])
    coders = tuple(agreement.coders_of(study))
    common = {
        "source": source,
        "coders": coders,
        "participants": frequencies["participants"],
        "transcripts": study.transcripts.count(),
        "codings": codings.count(),
        "rule": frequencies["rule"],
    }
    if member.sees_only_own:
        return Method(**common, agreement=(), reconciliation=(), withheld=WITHHELD)
    return Method(
        **common, agreement=_agreement(study), reconciliation=_reconciliation(study), withheld=""
    )


def _agreement(study: Study) -> tuple[tuple[str, str], ...]:
    """The whole study's agreement at its unit of analysis, or why there is none."""
    unit = study.agreement_unit
    try:
        result = agreement.study_agreement(study, unit=unit)
    except DomainError as problem:
        return ((f"Agreement ({unit})", problem.reason),)
    if len(result.coders) < 2:
        return ((f"Agreement ({unit})", "needs two or more coders who coded"),)
    overall = result.overall
    if overall is None:
        return ((f"Agreement ({unit})", "not computed: nothing to compare"),)
    kappa = "Cohen's kappa" if len(result.coders) == 2 else "Fleiss' kappa"
    figures = [
        ("Coders compared", ", ".join(result.coders)),
        ("Units of analysis", f"{overall.units} ({unit})"),
    ]
    if overall.percent is not None:
        figures.append(("Percent agreement", f"{overall.percent * 100:.1f}%"))
    if overall.kappa is not None:
        figures.append((kappa, f"{overall.kappa:.3f}"))
    alpha = "undefined" if overall.alpha is None else f"{overall.alpha:.3f}"
    figures.append(("Krippendorff's alpha", alpha))
    return tuple(figures)


def _reconciliation(study: Study) -> tuple[tuple[str, int], ...]:
    outcomes = dict(ReconciliationDecision.Outcome.choices)
    counts = defaultdict(int)
    for outcome in ReconciliationDecision.objects.filter(study=study).values_list(
        "outcome", flat=True
    ):
        counts[outcome] += 1
    if not counts:
        return ()
    rows = [("decisions", sum(counts.values()))]
    rows += [(outcomes[o].lower(), counts[o]) for o in outcomes if counts[o]]
    rows.append(("consensus codings", Coding.objects.by_consensus(study).count()))
    return tuple(rows)
