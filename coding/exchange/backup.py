"""Study backup: everything of one study in a documented, versioned JSON document, including
what REFI-QDA cannot hold (settings, roles, turns and sentences, codebook rules and history,
reconciliation decisions, suggestion settings). Trained suggestion models and the suggestions
themselves are not kept: train again after a restore.

Format "qualcode-study-backup", version 1: a JSON object with `format`, `version`, `study`
(title, description, blind phase and settings), `users` (username, names, `consensus` for the
study's consensus identity) and `members` (user, role, named_reconciler), then `participants`,
`transcripts` (text, sentences and `turns` as [index, speaker, role, start, end,
start_seconds, end_seconds, participant]: the participant key is a focus group member's, null
in one-to-one interviews, and absent from backups written before it was kept), `clusters`, `codes`, `codings`, `moments`, `memos`, `decisions`,
`codebook_events` and `suggestion_settings`. Objects refer to each other by `key` (their id in
the backed-up instance); code and coding ids inside decisions' versions and results are keys
too. Offsets are code points; timestamps ISO 8601."""

from django.contrib.auth import get_user_model

from coding.codebook import services as codebook_services
from coding.models import (
    Cluster,
    Code,
    CodebookEvent,
    Coding,
    Memo,
    ReconciliationDecision,
    SignificantMoment,
    SuggestionSettings,
)
from transcripts.imports import TURN_FIELDS
from transcripts.models import Membership, Participant, Study, Transcript, Turn

FORMAT, VERSION = "qualcode-study-backup", 1
STUDY_FIELDS = (
    "title",
    "description",
    "blind_coding",
    "agreement_unit",
    "spacy_pipeline",
    "speaker_roles",
)
# The fields of a code and of a transcript, as written here and read back by restore.py.
CODE_FIELDS = ("name", *codebook_services.CODE_FIELDS)  # every field an owner edits
TRANSCRIPT_FIELDS = (
    "title",
    "text",
    "language",
    "source_name",
    "source_format",
    "sha256",
    "word_count",
    "media_duration",
    "sentences",
)


def _time(value) -> str | None:
    return value.isoformat() if value else None


def _rows(queryset, fields: tuple[str, ...], times: tuple[str, ...] = ()) -> list[dict]:
    rows = []
    for row in queryset.order_by("pk").values("pk", *fields, *times):
        item = {"key": row.pop("pk"), **{f.removesuffix("_id"): row[f] for f in fields}}
        item.update({t: _time(row[t]) for t in times})
        rows.append(item)
    return rows


def dump_study(study: Study) -> dict:
    """The whole study as plain JSON-ready data (owners' or staff's view: everything)."""
    study = Study.objects.get(pk=study.pk)  # as stored: the consensus identity may be new
    spans = {"transcript__study": study}
    turns: dict[int, list] = {}
    for turn in (
        Turn.objects.filter(transcript__study=study)
        .order_by("transcript_id", "index")
        .values_list(*TURN_FIELDS)
    ):
        turns.setdefault(turn[0], []).append(list(turn[1:]))
    transcripts = _rows(
        Transcript.objects.filter(study=study),
        ("participant_id", *TRANSCRIPT_FIELDS, "imported_by_id"),
        ("imported_at",),
    )
    for item in transcripts:
        item["turns"] = turns.get(item["key"], [])
    members = list(
        Membership.objects.filter(study=study).values("user_id", "role", "named_reconciler")
    )
    user_ids = {m["user_id"] for m in members}
    codings = _rows(
        Coding.objects.filter(**spans),
        ("transcript_id", "code_id", "coder_id", "start", "end", "memo"),
        ("created_at", "updated_at"),
    )
    moments = _rows(
        SignificantMoment.objects.filter(**spans),
        ("transcript_id", "rater_id", "start", "end", "valence", "intensity", "note"),
        ("created_at", "updated_at"),
    )
    memos = _rows(
        Memo.objects.filter(study=study),
        ("author_id", "transcript_id", "code_id", "coding_id", "text"),
        ("created_at", "updated_at"),
    )
    decisions = _rows(
        ReconciliationDecision.objects.filter(study=study),
        (
            "transcript_id",
            "start",
            "end",
            "kind",
            "versions",
            "outcome",
            "accepted_coder",
            "result",
            "reason",
            "decided_by_id",
        ),
        ("decided_at",),
    )
    events = _rows(
        CodebookEvent.objects.filter(study=study),
        ("actor_id", "action", "summary", "blind_summary", "reason", "details"),
        ("at",),
    )
    settings = (
        SuggestionSettings.objects.filter(study=study)
        .values(*SuggestionSettings.EDITABLE, "source_coder_id")
        .first()
    )
    for rows, field in (
        (codings, "coder"),
        (moments, "rater"),
        (memos, "author"),
        (decisions, "decided_by"),
        (events, "actor"),
        (transcripts, "imported_by"),
    ):
        user_ids |= {row[field] for row in rows if row[field]}
    if settings and settings["source_coder_id"]:
        user_ids.add(settings["source_coder_id"])
    users = [
        {
            "key": u.pk,
            "username": u.username,
            "first_name": u.first_name,
            "last_name": u.last_name,
            "consensus": u.pk == study.consensus_user_id,
        }
        for u in get_user_model().objects.filter(pk__in=user_ids).order_by("pk")
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "study": {
            **{f: getattr(study, f) for f in STUDY_FIELDS},
            "created_at": _time(study.created_at),
        },
        "users": users,
        "members": [
            {"user": m["user_id"], "role": m["role"], "named_reconciler": m["named_reconciler"]}
            for m in members
        ],
        "participants": _rows(Participant.objects.filter(study=study), ("code", "attributes")),
        "transcripts": transcripts,
        "clusters": _rows(
            Cluster.objects.filter(study=study), ("name", "description", "order", "parent_id")
        ),
        "codes": _rows(
            Code.objects.filter(study=study),
            ("cluster_id", *CODE_FIELDS),
        ),
        "codings": codings,
        "moments": moments,
        "memos": memos,
        "decisions": decisions,
        "codebook_events": events,
        "suggestion_settings": (
            {
                **{k: v for k, v in settings.items() if k != "source_coder_id"},
                "source_coder": settings["source_coder_id"],
            }
            if settings
            else None
        ),
    }
