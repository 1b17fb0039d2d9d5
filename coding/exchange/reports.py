"""Rows for the researchers' exports, read through the visibility layer: coded segments (in
the blind phase a coder's own only) with participant and context, and the codebook."""

from coding.codings import spans
from coding.exchange import documents
from coding.models import Cluster, Code, Coding, Memo, SignificantMoment
from transcripts.models import Membership, Transcript


def segment_rows(member: Membership) -> list[dict]:
    """Every coding this member may see, grouped by cluster and code, with its context."""
    clusters = {c.pk: (c.order, c.name) for c in Cluster.objects.filter(study=member.study)}
    codings = list(
        Coding.objects.visible_to(member)
        .select_related("code", "coder", "transcript__participant")
        .defer("transcript__text", "transcript__sentences")
    )
    texts = dict(Transcript.objects.filter(study=member.study).values_list("id", "text"))
    rows = []
    for coding in codings:
        text = texts[coding.transcript_id]
        before, after = spans.context(text, coding.start, coding.end)
        cluster = clusters.get(coding.code.cluster_id)
        participant = coding.transcript.participant
        rows.append(
            {
                "_order": (cluster or (10**9, ""), coding.code.order, coding.code.name),
                "cluster": cluster[1] if cluster else "",
                "code": coding.code.name,
                "participant": participant.code if participant else "",
                "transcript": coding.transcript.title,
                "coder": coding.coder.username,
                "start": coding.start,
                "end": coding.end,
                "before": before,
                "quote": text[coding.start : coding.end],
                "after": after,
                "memo": coding.memo,
            }
        )
    rows.sort(
        key=lambda r: (r["_order"], r["participant"], r["transcript"], r["start"], r["coder"])
    )
    for row in rows:
        del row["_order"]
    return rows


def moment_rows(member: Membership) -> list[dict]:
    """Significant moments this member may see, by participant and position."""
    moments = (
        SignificantMoment.objects.visible_to(member)
        .select_related("rater", "transcript__participant")
        .defer("transcript__text", "transcript__sentences")
    )
    texts = dict(Transcript.objects.filter(study=member.study).values_list("id", "text"))
    rows = [
        {
            "participant": m.transcript.participant.code if m.transcript.participant else "",
            "transcript": m.transcript.title,
            "rater": m.rater.username,
            "valence": m.valence,
            "intensity": m.intensity,
            "start": m.start,
            "end": m.end,
            "quote": texts[m.transcript_id][m.start : m.end],
            "note": m.note,
        }
        for m in moments
    ]
    rows.sort(key=lambda r: (r["participant"], r["transcript"], r["start"], r["rater"]))
    return rows


def memo_rows(member: Membership) -> list[dict]:
    """Memos this member may read, with what each is about."""
    memos = Memo.objects.visible_to(member).select_related(
        "author", "transcript", "code", "coding__code"
    )
    rows = []
    for memo in memos.order_by("created_at", "id"):
        if memo.coding_id:
            about = f"coding of “{memo.coding.code.name}” [{memo.coding.start}:{memo.coding.end}]"
        elif memo.code_id:
            about = f"code “{memo.code.name}”"
        elif memo.transcript_id:
            about = f"transcript “{memo.transcript.title}”"
        else:
            about = "the study"
        rows.append(
            {
                "author": memo.author.username,
                "about": about,
                "text": memo.text,
                "created": memo.created_at.isoformat(timespec="seconds"),
            }
        )
    return rows


def codebook_rows(member: Membership) -> list[dict]:
    """The codebook, cluster by cluster in their order (codes without a cluster last)."""
    codes = Code.objects.filter(study=member.study).select_related("cluster")
    rows = [
        {
            "_order": (
                (c.cluster.order, c.cluster.name) if c.cluster else (10**9, ""),
                c.order,
                c.name,
            ),
            "cluster": c.cluster.name if c.cluster else "",
            "code": c.name,
            "definition": c.definition,
            "inclusion": c.inclusion,
            "exclusion": c.exclusion,
            "example": c.example,
            "colour": c.colour,
            "active": c.active,
        }
        for c in codes
    ]
    rows.sort(key=lambda r: r["_order"])
    for row in rows:
        del row["_order"]
    return rows


KINDS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
WHAT = ("segments", "codebook", "moments", "memos")


def render(member: Membership, what: str, fmt: str) -> tuple[bytes, str, str] | None:
    """(file bytes, content type, file name) of one export; None for an unknown one."""
    if what not in WHAT or fmt not in KINDS:
        return None
    title = member.study.title
    if what in ("moments", "memos"):
        if fmt == "docx":
            return None
        rows = moment_rows(member) if what == "moments" else memo_rows(member)
        columns = documents.MOMENT_COLUMNS if what == "moments" else documents.MEMO_COLUMNS
        data = (
            documents.table_csv(rows, columns).encode("utf-8")
            if fmt == "csv"
            else documents.table_xlsx(rows, columns, what)
        )
        return data, KINDS[fmt], f"{what}-study{member.study_id}.{fmt}"
    if what == "segments":
        rows = segment_rows(member)
        render_one = {
            "csv": lambda: documents.segments_csv(rows).encode("utf-8"),
            "xlsx": lambda: documents.segments_xlsx(rows),
            "docx": lambda: documents.segments_docx(rows, title=title),
        }[fmt]
    else:
        rows = codebook_rows(member)
        render_one = {
            "csv": lambda: documents.codebook_csv(rows).encode("utf-8"),
            "xlsx": lambda: documents.codebook_xlsx(rows),
            "docx": lambda: documents.codebook_docx(rows, title=title),
        }[fmt]
    return render_one(), KINDS[fmt], f"{what}-study{member.study_id}.{fmt}"
