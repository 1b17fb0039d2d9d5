"""Selectors of the co-occurrence, helpful/hindering, saturation, attribute and matrix tables:
the data of a source gathered through the visibility layer (selectors.source_codings and
source_moments), computed by the pure modules, answered as plain dicts."""

from typing import Any

import numpy as np
from django.db.models import Count, Min

from coding.analysis import attributes as attr
from coding.analysis import config, fetch, selectors
from coding.analysis import cooccurrence as co
from coding.analysis import frequencies as freq
from coding.analysis import helpful as hh
from coding.analysis import saturation as sat
from coding.analysis.moments import codings_in_moments
from coding.models import Coding
from transcripts.errors import DomainError
from transcripts.models import Membership, Study

NO_PARTICIPANT = "(no participant)"


def _columns(book: freq.Codebook) -> dict[int, int]:
    return {code_id: j for j, (code_id, _, _) in enumerate(book.codes)}


def coding_array(codings, book: freq.Codebook) -> np.ndarray:
    """Rows (coder, transcript, code column, start, end) of the codings, as one array: a
    study holds ~120,000 of them (no ids: each column fetched costs)."""
    rows = codings.values_list("coder_id", "transcript_id", "code_id", "start", "end")
    data = fetch.int_array(rows.order_by(), 5)
    ids = np.array([code_id for code_id, _, _ in book.codes], dtype=np.int64)
    order = np.argsort(ids)
    data[:, 2] = order[np.searchsorted(ids[order], data[:, 2])]
    return data


def spans_of(data: np.ndarray) -> co.Spans:
    """One group per transcript and coder: only one coder's codings meet."""
    group = data[:, 1] * (int(data[:, 0].max(initial=0)) + 1) + data[:, 0]
    return co.Spans(group, data[:, 2], data[:, 3], data[:, 4])


def cooccurrence(study: Study, member: Membership, source: str, kind: str) -> dict[str, Any]:
    if kind not in co.KINDS:
        raise DomainError("kind", f"“{kind}” is not a kind: use {', '.join(co.KINDS)}.")
    codings, source = selectors.source_codings(study, member, source)
    book = selectors.codebook(study)
    k = len(book.codes)
    if kind == "span":
        table = co.span_table(spans_of(coding_array(codings, book)), k)
    elif kind == "moment":
        moments = selectors.source_moments(study, member, source)
        inside = codings_in_moments(coding_array(codings, book), moments)
        table = co.set_table(inside[:, :2], k)
    else:
        column = _columns(book)
        cells = selectors.code_cells(codings)
        table = co.set_table([(p, column[c]) for c, p, _ in cells if p is not None], k)
    names = [name for _, name, _ in book.codes]
    pairs = []
    for pair in co.pairs(table):
        item = pair.as_dict()
        a, b = item.pop("a"), item.pop("b")
        ids = {"a_id": book.codes[a][0], "b_id": book.codes[b][0]}
        pairs.append({"a": names[a], "b": names[b], **ids, **item})
    return {
        "source": source,
        "kind": kind,
        "codes": [{"id": i, "name": name} for i, name, _ in book.codes],
        "n": table.n.tolist(),
        "matrix": table.count.tolist(),
        "pairs": pairs,
        "warn_ratio": co.WARN_RATIO,
    }


def helpful(study: Study, member: Membership, source: str) -> dict[str, Any]:
    codings, source = selectors.source_codings(study, member, source)
    book = selectors.codebook(study)
    moments = selectors.source_moments(study, member, source)
    inside = codings_in_moments(coding_array(codings, book), moments)
    rows = hh.valence_rows(book, inside, moments)
    return {"source": source, "moments": len(moments), "rows": [r.as_dict() for r in rows]}


def saturation(study: Study, member: Membership, source: str) -> dict[str, Any]:
    """New codes per participant from the codebook history, and the source's applications
    (saturation.py says how a code is counted). The order the transcripts were coded in is
    the source's, except for the consensus, made later: there, the coders' order."""
    codings, source = selectors.source_codings(study, member, source)
    names = dict(study.codes.values_list("id", "name"))
    found = (
        codings.values_list("transcript__participant__code", "code_id")
        .annotate(first=Min("created_at"), n=Count("id"))
        .order_by()
    )
    applications = [(p or NO_PARTICIPANT, w, c, n) for p, c, w, n in found]
    started: dict[str, Any] = {}  # the source's own order: its first applications say it
    if source == selectors.CONSENSUS:
        coded = Coding.objects.visible_to(member).by_coders(study)
        began = coded.values_list("transcript__participant__code").annotate(first=Min("created_at"))
        started = {p or NO_PARTICIPANT: first for p, first in began.order_by()}
    result = sat.saturation(applications, started, selectors.codes_entered(study), names)
    return {
        "source": source,
        "codes": len(names),
        "before": result.before,
        "steps": [s.as_dict() for s in result.steps],
    }


def attribute_keys(participants: dict[int, dict]) -> list[str]:
    return sorted(
        {key for values in participants.values() if isinstance(values, dict) for key in values}
    )


def attributes(
    study: Study, member: Membership, source: str, attribute: str | None
) -> dict[str, Any]:
    """Clusters against the groups one participant attribute makes (default: the first key)."""
    codings, source = selectors.source_codings(study, member, source)
    participants = dict(
        study.participants.exclude(transcripts=None).distinct().values_list("id", "attributes")
    )
    keys = attribute_keys(participants)
    if attribute is None:
        attribute = keys[0] if keys else ""
    elif attribute not in keys:
        raise DomainError("attribute", f"No participant has the attribute “{attribute}”.")
    book = selectors.codebook(study)
    groups = freq.cluster_columns(book)
    clusters_of: dict[int, list[int]] = {}
    for g, (_, columns) in enumerate(groups):
        for j in columns:
            clusters_of.setdefault(j, []).append(g)
    column = _columns(book)
    presence = [
        (p, g)
        for c, p, _ in selectors.code_cells(codings)
        if p is not None
        for g in clusters_of[column[c]]
    ]
    values = {
        p: attrs.get(attribute) if isinstance(attrs, dict) else None
        for p, attrs in participants.items()
    }
    thresholds = config.thresholds_of(config.settings_for(study))
    found, rows = attr.attribute_table(values, presence, [g for g, _ in groups], thresholds)
    return {
        "source": source,
        "attribute": attribute,
        "attributes": keys,
        "groups": [{"value": g.value, "participants": g.participants} for g in found],
        "rows": rows,
    }


def matrix(
    study: Study, member: Membership, source: str, by: str, values: str = "counts"
) -> dict[str, Any]:
    """Participant x code (or cluster) codings, or 1/0 for presence, every participant with a
    transcript a row."""
    if by not in ("code", "cluster"):
        raise DomainError("by", "Use code or cluster.")
    if values not in ("counts", "presence"):
        raise DomainError("values", "Use counts or presence.")
    codings, source = selectors.source_codings(study, member, source)
    book = selectors.codebook(study)
    found = freq.build_matrix([c[0] for c in book.codes], selectors.code_cells(codings))
    people = dict(study.participants.exclude(transcripts=None).distinct().values_list("id", "code"))
    counts = found.counts
    if by == "cluster":
        names, counts = freq.cluster_matrix(book, found)
        ids = [cid for cid, _ in book.clusters] + [None] * (len(names) - len(book.clusters))
    else:
        names, ids = [name for _, name, _ in book.codes], [cid for cid, _, _ in book.codes]
    if values == "presence":
        counts = (counts > 0).astype(np.int64)
    row_of = {p: i for i, p in enumerate(found.participants)}
    rows = []
    for pid, code in sorted(people.items(), key=lambda item: item[1]):
        i = row_of.get(pid)
        cells = counts[i].tolist() if i is not None else [0] * len(names)
        rows.append({"participant": code, "participant_id": pid, "counts": cells})
    columns = [{"id": i, "name": n} for i, n in zip(ids, names, strict=True)]
    return {"source": source, "by": by, "values": values, "columns": columns, "rows": rows}


def compute(
    name: str,
    study: Study,
    member: Membership,
    source: str,
    *,
    kind: str = "span",
    attribute: str | None = None,
    by: str = "code",
    values: str = "counts",
) -> dict[str, Any]:
    """One table by name (the page's tabs, the exports and the charts share this)."""
    if name == "frequencies":
        return selectors.frequencies(study, member, source)
    if name == "cooccurrence":
        return cooccurrence(study, member, source, kind)
    if name == "helpful":
        return helpful(study, member, source)
    if name == "saturation":
        return saturation(study, member, source)
    if name == "attributes":
        return attributes(study, member, source, attribute)
    if name == "matrix":
        return matrix(study, member, source, by, values)
    raise DomainError("table", f"“{name}” is not an analysis table.")


def figure(name: str, found: dict[str, Any], fmt: str) -> bytes:
    """The figure of a computed table as SVG or PNG bytes (pages, downloads, and the
    principle summary's documents)."""
    from coding.analysis import charts  # Altair loads with the first figure, not at start-up

    return charts.render(charts.CHARTS[name](found), fmt)
