"""What the analysis tables are computed from, gathered through the visibility layer: the
codings of a source (the consensus, all coders, or one coder) that the member may see, the
codebook and the study's participants. In the blind phase a coder gets their own codings
whatever source they ask for, and the answer names that source."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from coding.analysis import config, cqr
from coding.analysis import frequencies as freq
from coding.models import Coding
from transcripts.errors import DomainError
from transcripts.models import Membership, Study

CONSENSUS, ALL = "consensus", "all"


def check_source(study: Study, source: str) -> str:
    """ "consensus", "all" or the username of a member of the study; else a DomainError."""
    source = (source or "").strip()
    if source in (CONSENSUS, ALL):
        return source
    if source and study.memberships.filter(user__username=source).exists():
        return source
    raise DomainError(
        "source", f"“{source}” is not a source: use consensus, all or a member's username."
    )


def source_codings(study: Study, member: Membership, source: str) -> tuple[QuerySet, str]:
    """(codings of the source the member may see, the source they are from)."""
    source = check_source(study, source)
    visible = Coding.objects.visible_to(member)
    if member.sees_only_own:
        return visible, member.user.username
    if source == CONSENSUS:
        return visible.by_consensus(study), source
    if source == ALL:
        return visible.by_coders(study), source
    return visible.filter(coder__username=source), source


def participant_total(study: Study) -> int:
    """M of "n of m": the study's participants who have a transcript."""
    return study.participants.filter(~Q(transcripts=None)).distinct().count()


def codebook(study: Study) -> freq.Codebook:
    return freq.Codebook(
        clusters=list(study.clusters.order_by("order", "name").values_list("id", "name")),
        codes=list(study.codes.order_by("order", "name").values_list("id", "name", "cluster_id")),
    )


def code_cells(codings: QuerySet) -> list[tuple[int, int | None, int]]:
    """(code id, participant id or None, codings) aggregated in the database."""
    return list(
        codings.values_list("code_id", "transcript__participant_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def frequencies(study: Study, member: Membership, source: str) -> dict[str, Any]:
    """Per cluster and code: codings, distinct participants of M and the CQR label."""
    codings, source = source_codings(study, member, source)
    book = codebook(study)
    matrix = freq.build_matrix([c[0] for c in book.codes], code_cells(codings))
    m = participant_total(study)
    thresholds = config.thresholds_of(config.settings_for(study))
    rows = freq.frequency_rows(book, matrix, m, thresholds)
    return {
        "source": source,
        "participants": m,
        "rule": cqr.rule_text(m, thresholds),
        "rows": [row.as_dict() for row in rows],
    }
