"""Reads of codings for the API: listings built straight from value rows (a workbench lists
1,200 codings per transcript, so no model instances or serializers per row), the
constant-comparison segment list with context, and counts per code and cluster."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from coding.codings import spans
from coding.models import Code, Coding, SignificantMoment
from transcripts.models import Membership, Role, Study, Transcript, Turn

# Timestamps stay out of listings: parsing 2,400 timezone-aware datetimes per workbench load
# cost more than the whole query. The detail endpoint has them.
CODING_COLUMNS = ("id", "transcript_id", "code_id", "coder__username", "start", "end", "memo")


def texts_for(transcript_ids) -> dict[int, str]:
    return dict(Transcript.objects.filter(pk__in=set(transcript_ids)).values_list("id", "text"))


def coding_dicts(rows, texts: dict[int, str]) -> list[dict[str, Any]]:
    """Listing rows (CODING_COLUMNS) as response dicts, quotes cut from the stored texts. A
    literal per row: a transcript lists 1,200 codings, and dict(zip()) took twice as long."""
    return [
        {
            "id": pk,
            "transcript": transcript,
            "code": code,
            "coder": coder,
            "start": start,
            "end": end,
            "memo": memo,
            "quote": texts[transcript][start:end],
        }
        for pk, transcript, code, coder, start, end, memo in rows
    ]


def filter_codings(
    qs: QuerySet,
    member: Membership,
    *,
    transcript: object = None,
    code: object = None,
    cluster: object = None,
    coder: str | None = None,
    participant: str | None = None,
    valence: str | None = None,
    speaker_role: str | None = None,
) -> QuerySet:
    """Apply the retrieval filters; ids are compared inside the already study-scoped query."""
    if transcript is not None:
        qs = qs.filter(transcript_id=transcript)
    if code is not None:
        qs = qs.filter(code_id=code)
    if cluster is not None:
        qs = qs.filter(code__cluster_id=cluster)
    if coder:
        qs = qs.filter(coder__username=coder)
    if participant:
        qs = qs.filter(transcript__participant__code__iexact=participant)
    if valence:
        moments = SignificantMoment.objects.visible_to(member).filter(
            transcript_id=OuterRef("transcript_id"),
            start__lt=OuterRef("end"),
            end__gt=OuterRef("start"),
            valence=valence,
        )
        qs = qs.filter(Exists(moments))
    if speaker_role:
        turns = Turn.objects.filter(
            transcript_id=OuterRef("transcript_id"),
            start__lt=OuterRef("end"),
            end__gt=OuterRef("start"),
            role=speaker_role,
        )
        qs = qs.filter(Exists(turns))
    return qs


def segments(codings: list[Coding], texts: dict[int, str]) -> list[dict[str, Any]]:
    """Constant-comparison rows: quote with a little context, participant and coder."""
    rows = []
    for coding in codings:
        text = texts[coding.transcript_id]
        before, after = spans.context(text, coding.start, coding.end)
        participant = coding.transcript.participant
        rows.append(
            {
                "id": coding.pk,
                "code": coding.code_id,
                "code_name": coding.code.name,
                "cluster": coding.code.cluster_id,
                "coder": coding.coder.username,
                "transcript": coding.transcript_id,
                "transcript_title": coding.transcript.title,
                "participant": participant.code if participant else None,
                "start": coding.start,
                "end": coding.end,
                "quote": text[coding.start : coding.end],
                "before": before,
                "after": after,
                "memo": coding.memo,
            }
        )
    return rows


def segment_queryset(qs: QuerySet) -> QuerySet:
    return (
        qs.select_related("code", "coder", "transcript__participant")
        .defer("transcript__text", "transcript__sentences")
        .order_by("transcript__participant__code", "transcript_id", "start", "id")
    )


def counts(study: Study, visible: QuerySet, *, coder: str | None = None) -> dict[str, Any]:
    """Codings and distinct participants per code and per cluster (all codes listed)."""
    if coder:
        visible = visible.filter(coder__username=coder)
    per_code = {
        row["code_id"]: row
        for row in visible.values("code_id").annotate(
            codings=Count("id"), participants=Count("transcript__participant", distinct=True)
        )
    }
    per_cluster = {
        row["code__cluster_id"]: row
        for row in visible.values("code__cluster_id").annotate(
            codings=Count("id"), participants=Count("transcript__participant", distinct=True)
        )
    }
    codes = Code.objects.filter(study=study).order_by("order", "name")
    clusters = study.clusters.order_by("order", "name")
    empty = {"codings": 0, "participants": 0}

    def row(pk, name, found):
        data = found.get(pk, empty)
        return {
            "id": pk,
            "name": name,
            "codings": data["codings"],
            "participants": data["participants"],
        }

    cluster_rows = [row(c.pk, c.name, per_cluster) for c in clusters]
    if None in per_cluster:
        cluster_rows.append(row(None, "(no cluster)", per_cluster))
    return {
        "coder": coder or None,
        "participants_total": study.participants.filter(
            transcripts__isnull=False, transcripts__deleted_at=None
        )
        .distinct()
        .count(),
        "codes": [row(c.pk, c.name, per_code) for c in codes],
        "clusters": cluster_rows,
    }


def moment_dicts(member: Membership, transcript_id: int, text: str) -> list[dict[str, Any]]:
    """The moments of a transcript this member may see, with their quotes."""
    rows = (
        SignificantMoment.objects.visible_to(member)
        .filter(transcript_id=transcript_id)
        .values_list("id", "start", "end", "valence", "intensity", "note", "rater__username")
    )
    keys = ("id", "start", "end", "valence", "intensity", "note", "rater")
    return [dict(zip(keys, row, strict=True), quote=text[row[1] : row[2]]) for row in rows]


def coder_names(study: Study, codings: list[dict[str, Any]]) -> list[str]:
    """Owners' and coders' usernames for the coder filter; after reconciliation the
    consensus is one more "coder" to show or hide, when the given codings include it."""
    names = list(
        study.memberships.filter(role__in=[Role.OWNER, Role.CODER])
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )
    consensus = study.consensus_user
    if consensus is not None and any(c["coder"] == consensus.username for c in codings):
        names.append(consensus.username)
    return names


def codebook_lists(study: Study) -> dict[str, list[dict[str, Any]]]:
    """Clusters and codes in codebook order, without counts (a page counts the codings it
    shows itself, as they change while the coder works)."""
    return {
        "clusters": list(
            study.clusters.order_by("order", "name").values("id", "name", "parent_id")
        ),
        "codes": list(
            study.codes.order_by("order", "name").values(
                "id", "name", "cluster_id", "colour", "definition", "active"
            )
        ),
    }
