"""Members' decisions on suggestions: accepting makes the member's coding (or moment),
rejecting hides the suggestion from them for good; both are remembered and re-weigh each
code's rule, memory and cue scores on the next round."""

from django.db import transaction
from django.http import Http404

from coding.codings import services as codings
from coding.models import Code, Coding, SignificantMoment, Suggestion, SuggestionDecision
from coding.suggestions.services import open_for
from transcripts.access import require_writer
from transcripts.audit import services as audit
from transcripts.errors import DomainError
from transcripts.models import Membership

REFUSAL = "Viewers cannot accept or reject suggestions."


def _suggestion(member: Membership, suggestion_id: object) -> Suggestion:
    try:
        return Suggestion.objects.visible_to(member).get(pk=int(suggestion_id))
    except (Suggestion.DoesNotExist, TypeError, ValueError, OverflowError):
        # Suggestions are replaced when recomputed: a stale id is simply gone.
        raise Http404("No such suggestion in this study.") from None


def _remember(suggestion: Suggestion, user, accepted: bool) -> None:
    decision, _ = SuggestionDecision.objects.update_or_create(
        transcript_id=suggestion.transcript_id,
        user=user,
        code_id=suggestion.code_id,
        cluster_id=suggestion.cluster_id,
        valence=suggestion.valence,
        start=suggestion.start,
        end=suggestion.end,
        defaults={
            "study_id": suggestion.study_id,
            "accepted": accepted,
            "recommender": suggestion.recommender,
            "score": suggestion.score,
        },
    )
    audit.record(
        study=suggestion.study_id,
        actor=user,
        kind=audit.Kind.DECISION,
        action="accepted" if accepted else "rejected",
        obj=decision,
        summary=f"Suggestion {'accepted' if accepted else 'rejected'}",
        after=audit.snapshot(
            decision,
            ("transcript", "code", "cluster", "valence", "start", "end")
            + ("recommender", "score", "accepted"),
        ),
    )


def _picked(suggestion: Suggestion, code_id: object) -> int:
    """The code a coder picked for a cluster suggestion: an active code of that cluster."""
    if code_id in (None, ""):
        raise DomainError("code", "A cluster suggestion is accepted with a code of its cluster.")
    try:
        return Code.objects.values_list("pk", flat=True).get(
            pk=int(code_id), cluster_id=suggestion.cluster_id, active=True
        )
    except (Code.DoesNotExist, TypeError, ValueError, OverflowError):
        raise DomainError("code", "Not an active code of the suggested cluster.") from None


@transaction.atomic
def accept(
    *,
    member: Membership,
    suggestion_id: object,
    start: object = None,
    end: object = None,
    code_id: object = None,
) -> Coding | SignificantMoment:
    """The suggestion becomes the user's coding (or moment), on its span or on the adjusted
    [start, end) the user chose; a cluster suggestion becomes a coding with the code of that
    cluster the user picked (`code_id`). The decision is remembered against the suggested
    span."""
    study, user = require_writer(member, REFUSAL)
    suggestion = _suggestion(member, suggestion_id)
    start = suggestion.start if start is None else start
    end = suggestion.end if end is None else end
    if suggestion.code_id is not None or suggestion.cluster_id is not None:
        code = suggestion.code_id
        if suggestion.cluster_id is not None:
            code = _picked(suggestion, code_id)
        made = codings.apply_code(
            member=member,
            transcript_id=suggestion.transcript_id,
            code_id=code,
            start=start,
            end=end,
        ).coding
    else:
        made = codings.mark_moment(
            member=member,
            transcript_id=suggestion.transcript_id,
            start=start,
            end=end,
            valence=suggestion.valence,
        )
    _remember(suggestion, user, accepted=True)
    return made


@transaction.atomic
def reject(*, member: Membership, suggestion_id: object) -> None:
    study, user = require_writer(member, REFUSAL)
    suggestion = _suggestion(member, suggestion_id)
    # The transcript first, as accept (through apply_code) takes it: one lock order for both,
    # so a reject and an accept on one transcript queue instead of deadlocking.
    codings.get_transcript(study, suggestion.transcript_id, lock=True)
    _remember(suggestion, user, accepted=False)


def accept_all(
    *, member: Membership, transcript_id: object, code_id: object, threshold: object = None
) -> list[Coding]:
    """Accept every open suggestion of one code in one transcript scoring at least the
    threshold (default: the study's). All or nothing."""
    study, user = require_writer(member, REFUSAL)
    transcript = codings.get_transcript(study, transcript_id)
    try:
        code = Code.objects.get(study=study, pk=int(code_id))
    except (Code.DoesNotExist, TypeError, ValueError):
        raise DomainError("code", "No such code in this study.") from None
    pending = [
        s for s in open_for(member, transcript.pk, threshold=threshold) if s["code"] == code.pk
    ]
    made = []
    with transaction.atomic():
        for item in pending:
            made.append(accept(member=member, suggestion_id=item["id"]))
    return made
