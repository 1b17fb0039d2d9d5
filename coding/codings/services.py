"""Service functions for codings, significant moments and memos.

Every id that arrives is looked up within the study; offsets are checked against the stored
text; the quote is derived from the text (a client may send the quote it saw, and a mismatch
is refused). One coder's overlapping or touching spans of one code are merged into one."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404

from coding.codings import spans, trail
from coding.models import Code, Coding, Memo, MemoKind, SignificantMoment, Valence
from transcripts.access import require_writer
from transcripts.compiled import Compiled, concrete_columns, instance
from transcripts.errors import DomainError
from transcripts.models import Membership, Study, Transcript


@dataclass(frozen=True, slots=True)
class CodingResult:
    coding: Coding
    created: bool  # False when an identical coding existed or the span merged into another
    merged: int  # how many existing spans were absorbed
    text: str  # the transcript's text, so callers can cut the quote without another query


REFUSAL = "Viewers cannot code; ask an owner for the coder role."


_TEXT_COLUMNS = [
    f.attname for f in Transcript._meta.concrete_fields if f.attname in {"id", "study_id", "text"}
]


def _transcript_text(lock: bool) -> Compiled:
    def build(study_id, transcript_id):
        live = Transcript.objects.filter(study_id=study_id, pk=transcript_id)
        # Serialises writes per transcript so two requests cannot both miss a merge.
        return (live.select_for_update() if lock else live).values_list(*_TEXT_COLUMNS)

    return Compiled(build, study_id=int, transcript_id=int)


# Every coding reads its transcript's text first: compiled once (transcripts.compiled).
_TRANSCRIPT = {False: _transcript_text(False), True: _transcript_text(True)}


def get_transcript(study: Study, transcript_id: object, *, lock: bool = False) -> Transcript:
    """A transcript of the study (its text loaded) or a DomainError naming `transcript`."""
    try:
        [row] = _TRANSCRIPT[lock].rows(study_id=study.pk, transcript_id=transcript_id)
    except (TypeError, ValueError, OverflowError):
        raise DomainError("transcript", "No such transcript in this study.") from None
    return Transcript.from_db(connection.alias, _TEXT_COLUMNS, row)


def _code(study: Study, code_id: object) -> Code:
    """An active code of the study, held for this transaction: a merge, split or delete of it
    (which lock it for update) waits for this coding, or this coding waits for them and then
    finds the code gone, a 400, never a 500."""
    try:
        code = _held_code(study, int(code_id))
    except (TypeError, ValueError, OverflowError):
        code = None
    if code is None:
        raise DomainError("code", "No such code in this study.")
    if not code.active:
        raise DomainError("code", f"The code “{code.name}” is inactive; reactivate it first.")
    return code


def _held_code(study: Study, code_id: int) -> Code | None:
    """The code, read FOR KEY SHARE on PostgreSQL (in the same query): many codings of one
    code proceed side by side, a structural change of it (FOR UPDATE) waits for them and
    they for it. SQLite locks the whole database per write transaction, which already
    serialises them. Written as SQL on both: no query to compile on every coding."""
    if not -(2**63) <= code_id < 2**63:
        return None
    share = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    found = Code.objects.raw(
        f"SELECT * FROM {Code._meta.db_table} WHERE id = %s AND study_id = %s{share}",
        [code_id, study.pk],
    )
    return next(iter(found), None)


_NEAR = Compiled(
    lambda transcript_id, code_id, coder_id, start, end: Coding.objects.filter(
        transcript_id=transcript_id, code_id=code_id, coder_id=coder_id,
        start__lte=end, end__gte=start,
    ).values_list(*concrete_columns(Coding)),
    transcript_id=int, code_id=int, coder_id=int, start=int, end=int,
)  # fmt: skip


def check_span(text: str, start: object, end: object, quote: str | None = None) -> None:
    problem = spans.span_problem(start, end, len(text))
    if problem:
        raise DomainError(*problem)
    if quote is not None and text[start:end] != quote:
        raise DomainError(
            "quote", "does not match the transcript text at these offsets (stale page or offsets)."
        )


def merge_same_code_spans(*, transcript_id: int, code_id: int, coder_id: int) -> list[Coding]:
    """Merge one coder's overlapping/touching spans of one code in one transcript: the earliest
    coding of each group survives with the union span, memos are joined (memo objects move to
    the survivor), the others are deleted. Returns the surviving codings."""
    rows = list(
        Coding.objects.select_for_update()
        .filter(transcript_id=transcript_id, code_id=code_id, coder_id=coder_id)
        .order_by("start", "end", "id")
    )
    survivors: list[Coding] = []
    absorbed: dict[int, list[int]] = {}  # surviving coding id -> ids merged into it
    for row in rows:
        last = survivors[-1] if survivors else None
        if last and spans.overlaps_or_touches((last.start, last.end), (row.start, row.end)):
            last.end = max(last.end, row.end)
            if row.memo and row.memo not in last.memo:
                last.memo = f"{last.memo}\n\n{row.memo}" if last.memo else row.memo
            absorbed.setdefault(last.pk, []).append(row.pk)
        else:
            survivors.append(row)
    for survivor in survivors:
        ids = absorbed.get(survivor.pk)
        if ids:
            Memo.objects.filter(coding_id__in=ids).update(coding=survivor)
            Coding.objects.filter(pk__in=ids).delete()
            survivor.save(update_fields=["end", "memo", "updated_at"])
    return survivors


@transaction.atomic
def apply_code(
    *,
    member: Membership,
    transcript_id: object,
    code_id: object,
    start: object,
    end: object,
    memo: str = "",
    quote: str | None = None,
) -> CodingResult:
    """Code [start, end) of a transcript for `user`; duplicates return the existing coding."""
    result = code_span(member, transcript_id, code_id, start, end, memo, quote)
    if result.created or result.merged:
        trail.log(member, "created" if result.created else "merged", result.coding)
    return result


def code_span(member, transcript_id, code_id, start, end, memo, quote) -> CodingResult:
    """apply_code without its audit record, inside the caller's transaction (undo records
    the change its own way)."""
    study, user = require_writer(member, REFUSAL)
    transcript = get_transcript(study, transcript_id, lock=True)
    code = _code(study, code_id)
    check_span(transcript.text, start, end, quote)
    # One query finds both an identical coding and the spans this one overlaps or touches.
    near = [
        instance(Coding, row, 0)
        for row in _NEAR.rows(
            transcript_id=transcript.pk, code_id=code.pk, coder_id=user.pk, start=start, end=end
        )
    ]
    identical = next((c for c in near if (c.start, c.end) == (start, end)), None)
    if identical:
        return CodingResult(identical, created=False, merged=0, text=transcript.text)
    coding = Coding.objects.create(
        transcript=transcript, code=code, coder=user, start=start, end=end, memo=memo.strip()
    )
    if not near:
        return CodingResult(coding, created=True, merged=0, text=transcript.text)
    survivors = merge_same_code_spans(
        transcript_id=transcript.pk, code_id=code.pk, coder_id=user.pk
    )
    survivor = next(c for c in survivors if c.start <= start and end <= c.end)
    return CodingResult(survivor, created=False, merged=len(near), text=transcript.text)


def _own(member: Membership, model, pk: object):
    """A coding or moment the user can see (404 otherwise), writable only by its author."""
    try:
        row = model.objects.visible_to(member).select_for_update(of=("self",)).get(pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404("No such item in this study.") from None
    if getattr(row, f"{model.OWNER_FIELD}_id") != member.user_id:
        raise PermissionDenied("You can only change your own codings and moments.")
    return row


@transaction.atomic
def update_coding(
    *,
    member: Membership,
    coding_id: object,
    code_id: object = None,
    start: object = None,
    end: object = None,
    memo: str | None = None,
    quote: str | None = None,
) -> Coding:
    """Change the code, the span or the memo of one's own coding (then re-merge)."""
    study, user = require_writer(member, REFUSAL)
    coding = _own(member, Coding, coding_id)
    before = trail.state(coding)
    transcript = get_transcript(study, coding.transcript_id, lock=True)
    if code_id is not None:
        coding.code = _code(study, code_id)
    new_start = coding.start if start is None else start
    new_end = coding.end if end is None else end
    check_span(transcript.text, new_start, new_end, quote)
    coding.start, coding.end = new_start, new_end
    if memo is not None:
        coding.memo = memo.strip()
    clash = Coding.objects.filter(
        transcript=transcript, code=coding.code, coder=user, start=new_start, end=new_end
    ).exclude(pk=coding.pk)
    if clash.exists():
        raise DomainError("", "You already have this code on exactly this span.")
    coding.save()
    merge_same_code_spans(transcript_id=transcript.pk, code_id=coding.code_id, coder_id=user.pk)
    coding = Coding.objects.filter(
        transcript=transcript, code=coding.code, coder=user, start__lte=new_start, end__gte=new_end
    ).get()
    trail.log(member, "changed", coding, before=before)
    return coding


@transaction.atomic
def delete_coding(*, member: Membership, coding_id: object) -> None:
    """Delete one's own coding; the trail keeps it with its memos, for `restore_coding`."""
    study, user = require_writer(member, REFUSAL)
    coding = _own(member, Coding, coding_id)
    trail.log(member, "deleted", coding, before=trail.state(coding, with_memos=True))
    coding.delete()


def _moment_fields(valence: object, intensity: object) -> None:
    if valence not in Valence.values:
        raise DomainError("valence", f"must be one of {', '.join(Valence.values)}.")
    if not isinstance(intensity, int) or isinstance(intensity, bool) or not 1 <= intensity <= 5:
        raise DomainError("intensity", "must be a whole number from 1 to 5.")


@transaction.atomic
def mark_moment(
    *,
    member: Membership,
    transcript_id: object,
    start: object,
    end: object,
    valence: str,
    intensity: int = 3,
    note: str = "",
    quote: str | None = None,
) -> SignificantMoment:
    study, user = require_writer(member, REFUSAL)
    # Locked like a coding, so a double click (or ten) stores one moment.
    transcript = get_transcript(study, transcript_id, lock=True)
    check_span(transcript.text, start, end, quote)
    _moment_fields(valence, intensity)
    existing = SignificantMoment.objects.filter(
        transcript=transcript, rater=user, start=start, end=end, valence=valence
    ).first()
    if existing:
        return existing
    moment = SignificantMoment.objects.create(
        transcript=transcript,
        rater=user,
        start=start,
        end=end,
        valence=valence,
        intensity=intensity,
        note=note.strip(),
    )
    trail.log(member, "created", moment)
    return moment


@transaction.atomic
def update_moment(*, member: Membership, moment_id: object, **changes) -> SignificantMoment:
    study, user = require_writer(member, REFUSAL)
    moment = _own(member, SignificantMoment, moment_id)
    before = trail.state(moment)
    transcript = get_transcript(study, moment.transcript_id)
    quote = changes.pop("quote", None)
    for field in ("start", "end", "valence", "intensity", "note"):
        if changes.get(field) is not None:
            setattr(moment, field, changes[field].strip() if field == "note" else changes[field])
    check_span(transcript.text, moment.start, moment.end, quote)
    _moment_fields(moment.valence, moment.intensity)
    moment.save()
    trail.log(member, "changed", moment, before=before)
    return moment


@transaction.atomic
def delete_moment(*, member: Membership, moment_id: object) -> None:
    study, user = require_writer(member, REFUSAL)
    moment = _own(member, SignificantMoment, moment_id)
    trail.log(member, "deleted", moment, before=trail.state(moment), object_id=moment.pk)
    moment.delete()


@transaction.atomic
def write_memo(
    *,
    member: Membership,
    text: str,
    transcript_id: object = None,
    code_id: object = None,
    coding_id: object = None,
    kind: str = MemoKind.OPEN,
) -> Memo:
    """A memo of a kind (open, axial, theoretical, methodological) on the study, or on one
    transcript, code or (visible) coding of it."""
    study, user = require_writer(member, REFUSAL)
    if not text.strip():
        raise DomainError("text", "A memo needs some text.")
    _check_kind(kind)
    targets = [t for t in (transcript_id, code_id, coding_id) if t is not None]
    if len(targets) > 1:
        raise DomainError("", "Attach a memo to one thing: a transcript, a code or a coding.")
    memo = Memo(study=study, author=user, text=text.strip(), kind=kind)
    if transcript_id is not None:
        memo.transcript = get_transcript(study, transcript_id)
    if code_id is not None:
        try:
            memo.code = Code.objects.get(study=study, pk=int(code_id))
        except (Code.DoesNotExist, TypeError, ValueError):
            raise DomainError("code", "No such code in this study.") from None
    if coding_id is not None:
        try:
            memo.coding = Coding.objects.visible_to(member).get(pk=int(coding_id))
        except (Coding.DoesNotExist, TypeError, ValueError):
            raise DomainError("coding", "No such coding in this study.") from None
    # One author's writes queue on their membership row, so the same memo sent twice (a
    # double click) is stored once.
    Membership.objects.select_for_update().filter(pk=member.pk).first()
    same = Memo.objects.filter(
        study=study,
        author=user,
        text=memo.text,
        transcript=memo.transcript,
        code=memo.code,
        coding=memo.coding,
        kind=kind,
    ).first()
    if same is not None:
        return same
    memo.save()
    trail.log(member, "created", memo)
    return memo


def _check_kind(kind: object) -> None:
    if kind not in MemoKind.values:
        raise DomainError("kind", f"must be one of {', '.join(MemoKind.values)}.")


@transaction.atomic
def update_memo(
    *, member: Membership, memo_id: object, text: str | None = None, kind: str | None = None
) -> Memo:
    """Change the text and/or the kind of one's own memo."""
    memo = _own_memo(member, memo_id)
    before = trail.state(memo)
    if text is not None:
        if not text.strip():
            raise DomainError("text", "A memo needs some text.")
        memo.text = text.strip()
    if kind is not None:
        _check_kind(kind)
        memo.kind = kind
    memo.save(update_fields=["text", "kind", "updated_at"])
    trail.log(member, "changed", memo, before=before)
    return memo


@transaction.atomic
def delete_memo(*, member: Membership, memo_id: object) -> None:
    memo = _own_memo(member, memo_id)
    trail.log(member, "deleted", memo, before=trail.state(memo), object_id=memo.pk)
    memo.delete()


def _own_memo(member: Membership, memo_id: object) -> Memo:
    _, user = require_writer(member, REFUSAL)
    try:
        memo = Memo.objects.visible_to(member).select_for_update(of=("self",)).get(pk=int(memo_id))
    except (Memo.DoesNotExist, TypeError, ValueError):
        raise Http404("No such memo in this study.") from None
    if memo.author_id != user.pk:
        raise PermissionDenied("You can only change your own memos.")
    return memo


def spans_within(outer_start: int, outer_end: int) -> Q:
    """Filter for spans lying inside [outer_start, outer_end)."""
    return Q(start__gte=outer_start, end__lte=outer_end)


def spans_around(inner_start: int, inner_end: int) -> Q:
    """Filter for spans containing [inner_start, inner_end)."""
    return Q(start__lte=inner_start, end__gte=inner_end)


def get_active_code(study: Study, code_id: object) -> Code:
    """An active code of the study, held for this transaction (as apply_code holds it)."""
    return _code(study, code_id)
