"""Undo: bring back a coding its coder deleted, with the memos that were attached to it, from
what the audit trail kept of it (coding/codings/trail.py)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404

from coding.codings import trail
from coding.codings.services import REFUSAL, CodingResult, code_span, get_transcript
from coding.models import Memo
from transcripts.access import require_writer
from transcripts.models import Membership


@transaction.atomic
def restore_coding(*, member: Membership, coding_id: object) -> CodingResult:
    """Undo the deletion of one's own coding: the coding again (merged like a new one) and
    the memos that were attached to it, by their authors. 404 if it was not deleted by this
    member or is restored already; 400 if its transcript or code is gone."""
    study, user = require_writer(member, REFUSAL)
    try:
        was = trail.deleted_coding(member, int(coding_id))
    except (TypeError, ValueError, OverflowError):
        was = None
    if was is not None:  # again under the transcript's lock: two undos restore once
        get_transcript(study, was["transcript"], lock=True)
        was = trail.deleted_coding(member, int(coding_id))
    if was is None:
        raise Http404("No deleted coding of yours with this id.")
    result = code_span(
        member, was["transcript"], was["code"], was["start"], was["end"], was["memo"], None
    )
    authors = set(
        get_user_model()
        .objects.filter(pk__in={m["author"] for m in was["memos"]})
        .values_list("pk", flat=True)
    )
    Memo.objects.bulk_create(  # (a memo whose author is gone meanwhile becomes the coder's)
        Memo(
            study_id=member.study_id,
            author_id=m["author"] if m["author"] in authors else user.pk,
            coding=result.coding,
            text=m["text"],
        )
        for m in was["memos"]
    )
    after = {"id": result.coding.pk, **trail.state(result.coding, with_memos=True)}
    trail.log(member, "restored", result.coding, after=after, object_id=int(coding_id))
    return result
