"""The segments behind a cell of the analysis tables (a participant x code or cluster cell, a
pair of codes that co-occur), read through the same source and visibility layer as the table
and shown with the constant-comparison retrieval of coding/codings."""

from typing import Any

from django.db.models import QuerySet

from coding.analysis import cooccurrence as co
from coding.analysis import selectors
from coding.analysis.frequencies import below
from coding.analysis.moments import codings_in_moments
from coding.codings import retrieval
from transcripts.errors import DomainError
from transcripts.models import Membership, Study

LIMIT = 60


def _page(qs: QuerySet, limit: int) -> dict[str, Any]:
    rows = list(retrieval.segment_queryset(qs)[:limit])
    texts = retrieval.texts_for(c.transcript_id for c in rows)
    return {"total": qs.count(), "segments": retrieval.segments(rows, texts)}


def _code(study: Study, code_id: object, field: str) -> int:
    try:
        return study.codes.values_list("id", flat=True).get(pk=int(str(code_id)))
    except (ValueError, TypeError, study.codes.model.DoesNotExist):
        raise DomainError(field, "No such code in this study.") from None


def clusters_under(study: Study, cluster: int) -> set[int]:
    """The cluster and every cluster below it (the clusters a core category ties together)."""
    parents = dict(study.clusters.exclude(parent=None).values_list("id", "parent_id"))
    return below(parents, cluster)


def cell_segments(
    study: Study,
    member: Membership,
    source: str,
    *,
    participant: int | None,
    code: int | None = None,
    cluster: int | None = None,
    limit: int = LIMIT,
) -> dict[str, Any]:
    """Segments of one participant (None: every participant) and one code or cluster
    (cluster None with code None: the codes without a cluster)."""
    codings, source = selectors.source_codings(study, member, source)
    if participant is not None:
        codings = codings.filter(transcript__participant_id=participant)
    if code is not None:
        codings = codings.filter(code_id=_code(study, code, "code"))
    elif cluster is not None:  # a core category: with the clusters under it, as counted
        codings = codings.filter(code__cluster_id__in=clusters_under(study, cluster))
    else:
        codings = codings.filter(code__cluster__isnull=True)
    return {"source": source, **_page(codings, limit)}


def pair_segments(
    study: Study, member: Membership, source: str, kind: str, a: object, b: object
) -> dict[str, Any]:
    """Segments where codes a and b meet, by the co-occurrence kind of the table."""
    if kind not in co.KINDS:
        raise DomainError("kind", f"“{kind}” is not a kind: use {', '.join(co.KINDS)}.")
    a, b = _code(study, a, "a"), _code(study, b, "b")
    codings, source = selectors.source_codings(study, member, source)
    codings = codings.filter(code_id__in=[a, b])
    column = {a: 0, b: 1}
    rows = codings.values_list("id", "transcript_id", "coder_id", "code_id", "start", "end")
    if kind == "span":
        spans = [co.Span(i, (t, u), column[c], s, e) for i, t, u, c, s, e in rows.order_by()]
        ids = co.span_links(spans, 0, 1)
    elif kind == "moment":
        data = [(i, t, column[c], s, e) for i, t, _, c, s, e in rows.order_by()]
        inside = codings_in_moments(data, selectors.source_moments(study, member, source))
        shared = set(co.shared_units([(m, c) for m, c, _ in inside.tolist()], 0, 1))
        ids = [int(i) for m, _, i in inside.tolist() if m in shared]
    else:
        cells = selectors.code_cells(codings)
        both = co.shared_units([(p, column[c]) for c, p, _ in cells if p is not None], 0, 1)
        ids = list(codings.filter(transcript__participant_id__in=both).values_list("id", flat=True))
    return {"source": source, **_page(codings.filter(pk__in=ids), LIMIT)}


def _int_or_none(value: object, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value))
    except ValueError:
        raise DomainError(field, "must be a whole number (an id).") from None


def segments_for(study: Study, member: Membership, source: str, query) -> dict[str, Any]:
    """The segments a query names: a pair of codes (`a`, `b`, `kind`) or a cell
    (`participant` and `code` or `cluster`), for the page and the API alike."""
    if query.get("a"):
        kind = query.get("kind") or "span"
        return pair_segments(study, member, source, kind, query["a"], query.get("b"))
    return cell_segments(
        study,
        member,
        source,
        participant=_int_or_none(query.get("participant"), "participant"),
        code=_int_or_none(query.get("code"), "code"),
        cluster=_int_or_none(query.get("cluster"), "cluster"),
    )
