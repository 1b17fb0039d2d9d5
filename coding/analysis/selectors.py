"""What the analysis tables are computed from, gathered through the visibility layer: the
codings of a source (the consensus, all coders, or one coder) that the member may see, the
codebook and the study's participants. In the blind phase a coder gets their own codings
whatever source they ask for, and the answer names that source."""

from typing import Any

from django.db.models import Count, F, Q, QuerySet

from coding.analysis import config, cqr
from coding.analysis import frequencies as freq
from coding.analysis.moments import Moment
from coding.models import CodebookEvent, Coding, SignificantMoment
from transcripts.errors import DomainError
from transcripts.models import Membership, Role, Study

CONSENSUS, ALL = "consensus", "all"


def check_source(study: Study, source: str) -> str:
    """ "consensus", "all" or the username of a member of the study; else a DomainError."""
    source = (source or "").strip()
    if "\x00" in source:  # no database compares it (PostgreSQL fails on the query)
        raise DomainError("source", "Null characters are not allowed.")
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


def source_moments(study: Study, member: Membership, source: str) -> list[Moment]:
    """The significant moments the source's codings are read in: a coder's own moments for
    one coder (and in the blind phase), every coder's for "all" and "consensus"."""
    visible = SignificantMoment.objects.visible_to(member)  # the blind phase: own only
    if source in (CONSENSUS, ALL):
        visible = visible.by_coders(study)
    else:
        visible = visible.filter(rater__username=source)
    rows = visible.values_list("id", "transcript_id", "start", "end", "valence", "intensity")
    return [Moment(*row) for row in rows.order_by()]


def source_choices(study: Study, member: Membership) -> list[str]:
    """The sources a member may choose: in the blind phase a coder has only their own."""
    if member.sees_only_own:
        return [member.user.username]
    names = study.memberships.filter(role__in=[Role.OWNER, Role.CODER])
    return [
        ALL,
        CONSENSUS,
        *names.order_by("user__username").values_list("user__username", flat=True),
    ]


def participant_total(study: Study) -> int:
    """M of "n of m": the study's participants who have a transcript."""
    return study.participants.filter(~Q(transcripts=None)).distinct().count()


def codebook(study: Study) -> freq.Codebook:
    clusters = list(study.clusters.order_by("order", "name").values_list("id", "name", "parent_id"))
    return freq.Codebook(
        clusters=[(cid, name) for cid, name, _ in clusters],
        # cluster order, then code order: the order of every table and matrix
        codes=list(
            study.codes.order_by(
                F("cluster__order").asc(nulls_last=True), "cluster__name", "order", "name"
            ).values_list("id", "name", "cluster_id")
        ),
        parents={cid: parent for cid, _, parent in clusters if parent is not None},
    )


def codes_entered(study: Study) -> dict[int, Any]:
    """When each code entered the codebook, from its history: created, or made by a split.
    Codes without such an entry (starter codebook, imports) are absent."""
    entered: dict[int, Any] = {}
    events = study.codebook_events.filter(
        action__in=[CodebookEvent.Action.CREATE_CODE, CodebookEvent.Action.SPLIT_CODE]
    )
    for at, details in events.order_by("at", "id").values_list("at", "details"):
        made = details.get("parts", []) if "parts" in details else [details.get("code")]
        for code in made:
            if isinstance(code, int):
                entered.setdefault(code, at)
    return entered


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
