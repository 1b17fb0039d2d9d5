"""Reconciliation: the disagreement queue of a transcript and the decisions that turn it into
consensus codings. Consensus codings are ordinary codings by the study's consensus identity
(a per-study user that cannot log in), so every analysis can treat "consensus" like a coder.
Each decision keeps the coders' versions, the outcome, who decided, when and why."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from coding.codings.services import check_span, get_transcript, merge_same_code_spans
from coding.models import Code, Coding, ReconciliationDecision
from coding.reconcile import regions as disagreements
from transcripts.audit import services as audit
from transcripts.errors import ConflictError, DomainError
from transcripts.models import Membership, Study, Transcript
from transcripts.studies import consensus_user

Outcome = ReconciliationDecision.Outcome


def require_reconciler(member: Membership) -> None:
    if member.named_reconciler and not member.can_reconcile:
        raise PermissionDenied("Named reconcilers reconcile once the owner ends the blind phase.")
    if not member.can_reconcile:
        raise PermissionDenied("Only owners and the members they name as reconcilers reconcile.")


def _regions(study: Study, transcript: Transcript, coders, tolerance: int):
    rows = list(
        Coding.objects.by_coders(study)
        .filter(transcript=transcript)
        .values_list("id", "coder__username", "code_id", "start", "end")
    )
    names = sorted({row[1] for row in rows}) if not coders else sorted(coders)
    spans = [disagreements.Span(*row) for row in rows if row[1] in names]
    return names, disagreements.regions(spans, names, tolerance=tolerance)


def _region_item(region, decision: ReconciliationDecision | None, text: str) -> dict:
    """One region of the queue: the coders' versions with quotes, and its latest decision."""
    return {
        "key": region.key,
        "start": region.start,
        "end": region.end,
        "kind": region.kind,
        "quote": text[region.start : region.end],
        "versions": [
            {
                "id": s.id,
                "coder": s.coder,
                "code": s.code,
                "start": s.start,
                "end": s.end,
                "quote": text[s.start : s.end],
            }
            for s in region.spans
        ],
        "decision": None if decision is None else _decision_dict(decision),
    }


def _decision_dict(decision: ReconciliationDecision) -> dict:
    return {
        "id": decision.pk,
        "outcome": decision.outcome,
        "accepted_coder": decision.accepted_coder,
        "result": decision.result,
        "reason": decision.reason,
        "decided_by": decision.decided_by.username if decision.decided_by else None,
        "decided_at": decision.decided_at,
    }


def queue(*, member: Membership, transcript_id: object, coders=None, tolerance: int = 10) -> dict:
    """Every disagreement region of a transcript with the coders' versions and any decision,
    and the agreed regions (adopted into the consensus here, see `_adopt_agreements`)."""
    require_reconciler(member)
    study = member.study
    with transaction.atomic():
        # Locked while agreed regions are adopted, so two reconcilers adopt them once.
        transcript = get_transcript(study, transcript_id, lock=coders is None)
        names, found = _regions(study, transcript, coders, tolerance)
        decided = {}
        for decision in ReconciliationDecision.objects.filter(transcript=transcript).select_related(
            "decided_by"
        ):
            decided.setdefault((decision.start, decision.end), decision)  # newest first
        if coders is None:
            for decision in _adopt_agreements(study, transcript, found, decided):
                decided[(decision.start, decision.end)] = decision
    text = transcript.text
    items = [
        _region_item(region, decided.get((region.start, region.end)), text) for region in found
    ]
    disagreements = [item for item in items if item["kind"] != "agree"]
    return {
        "transcript": transcript.pk,
        "coders": names,
        "tolerance": tolerance,
        "total": len(disagreements),
        "resolved": sum(1 for item in disagreements if item["decision"]),
        "regions": disagreements,
        "agreed": [item for item in items if item["kind"] == "agree"],
    }


def reconciled_transcripts(study: Study) -> list[int]:
    """Transcripts whose every region (of all coders' codings) has a decision, agreed ones
    included: only there does the consensus say what the team decided."""
    decided: dict[int, set[tuple[int, int]]] = {}
    live = ReconciliationDecision.objects.filter(study=study, transcript__deleted_at=None)
    for transcript_id, start, end in live.values_list("transcript_id", "start", "end"):
        decided.setdefault(transcript_id, set()).add((start, end))
    rows = (
        Coding.objects.by_coders(study)
        .filter(transcript_id__in=decided)
        .values_list("transcript_id", "id", "coder__username", "code_id", "start", "end")
    )
    spans: dict[int, list] = {pk: [] for pk in decided}
    for transcript_id, *span in rows:
        spans[transcript_id].append(disagreements.Span(*span))
    done = []
    for pk, found in spans.items():
        names = {s.coder for s in found}
        regions = disagreements.regions(found, names)
        if regions and all((r.start, r.end) in decided[pk] for r in regions):
            done.append(pk)
    return sorted(done)


def _adopt_agreements(
    study: Study, transcript: Transcript, found: list, decided: dict
) -> list[ReconciliationDecision]:
    """Regions where every coder agrees (same codes, boundaries within the tolerance) enter
    the consensus without a click, each as a decision of its own kind ("agreed") that a
    reconciler may revisit. The consensus takes the version of the first coder by name (the
    others differ by at most the tolerance). Returns the decisions made."""
    made = []
    for region in found:
        if region.kind != "agree" or (region.start, region.end) in decided:
            continue
        first = min(s.coder for s in region.spans)
        result = sorted((s.code, s.start, s.end) for s in region.spans if s.coder == first)
        _write_consensus(study, transcript, region.start, region.end, result)
        made.append(_record(study, transcript, region, Outcome.AGREED, "", result, "", None))
    return made


def _record(study, transcript, region, outcome, coder, result, reason, user):
    decision = ReconciliationDecision.objects.create(
        study=study,
        transcript=transcript,
        start=region.start,
        end=region.end,
        kind=region.kind,
        versions=[
            {"id": s.id, "coder": s.coder, "code": s.code, "start": s.start, "end": s.end}
            for s in region.spans
        ],
        outcome=outcome,
        accepted_coder=coder if outcome == Outcome.ACCEPT_ONE else "",
        result=[{"code": c, "start": s, "end": e} for c, s, e in result],
        reason=reason.strip(),
        decided_by=user,
    )
    audit.record(
        study=study,
        actor=user,
        kind=audit.Kind.DECISION,
        action=outcome,
        obj=decision,
        summary=f"Region {region.start}–{region.end} of “{transcript.title}”: {outcome}",
        after=audit.snapshot(
            decision,
            ("transcript", "start", "end", "kind", "outcome", "accepted_coder", "result", "reason"),
        ),
    )
    return decision


@transaction.atomic
def decide(
    *,
    member: Membership,
    transcript_id: object,
    start: int,
    end: int,
    outcome: str,
    coder: str = "",
    codings: list[dict] | None = None,
    reason: str = "",
    tolerance: int = 10,
    replaces: int | None = None,
) -> ReconciliationDecision:
    """Resolve one region: its consensus codings are replaced by the outcome's codings.
    Revisiting another reconciler's decision names it (`replaces`); otherwise a region that
    someone else decided meanwhile is a ConflictError (409) carrying their decision. The same
    decision sent twice (a double click) is recorded once."""
    require_reconciler(member)
    study, user = member.study, member.user
    if len(reason) > 2000:
        raise DomainError("reason", "A reason has at most 2,000 characters.")
    # Locked like any coding write, so two reconcilers cannot interleave on one transcript.
    transcript = get_transcript(study, transcript_id, lock=True)
    names, found = _regions(study, transcript, None, tolerance)
    region = next((r for r in found if (r.start, r.end) == (start, end)), None)
    if region is None:
        raise DomainError("start", "No region at these offsets any more; reload the queue.")
    result = _outcome_codings(study, transcript, region, outcome, coder, codings)
    latest = (
        ReconciliationDecision.objects.filter(transcript=transcript, start=start, end=end)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
        .first()
    )
    if latest is not None:
        if _same_decision(latest, outcome, coder, result, user):
            return latest
        by_other = latest.decided_by_id not in (None, user.pk)
        if by_other and replaces != latest.pk:
            raise ConflictError(
                "replaces",
                f"{latest.decided_by.username} decided this region meanwhile; review their "
                "decision, then send it as `replaces` to decide again.",
                _decision_dict(latest),
            )
    _write_consensus(study, transcript, start, end, result)
    return _record(study, transcript, region, outcome, coder, result, reason, user)


def _same_decision(latest, outcome: str, coder: str, result, user) -> bool:
    return (
        latest.decided_by_id == user.pk
        and latest.outcome == outcome
        and latest.accepted_coder == (coder if outcome == Outcome.ACCEPT_ONE else "")
        and latest.result == [{"code": c, "start": s, "end": e} for c, s, e in result]
    )


def _outcome_codings(
    study: Study, transcript: Transcript, region, outcome: str, coder: str, codings
) -> list[tuple[int, int, int]]:
    """The consensus codings (code, start, end) an outcome makes of a region."""
    if outcome not in Outcome.values or outcome == Outcome.AGREED:
        choices = [o for o in Outcome.values if o != Outcome.AGREED]
        raise DomainError("outcome", f"must be one of {', '.join(choices)}.")
    if outcome == Outcome.ACCEPT_ONE:
        if coder not in {s.coder for s in region.spans}:
            raise DomainError("coder", "Choose a coder who coded in this region.")
        return [(s.code, s.start, s.end) for s in region.spans if s.coder == coder]
    if outcome == Outcome.ACCEPT_ALL:
        return sorted({(s.code, s.start, s.end) for s in region.spans})
    if outcome == Outcome.ACCEPT_NONE:
        return []
    return _edited(study, transcript, codings or [])


def _write_consensus(study: Study, transcript: Transcript, start: int, end: int, result) -> None:
    """Replace the consensus codings of a stretch by the decision's result."""
    consensus = consensus_user(study)
    low = min([start] + [s for _, s, _ in result])
    high = max([end] + [e for _, _, e in result])
    # Re-deciding replaces the earlier consensus for this stretch; the old decision stays.
    Coding.objects.filter(
        transcript=transcript, coder=consensus, start__lt=high, end__gt=low
    ).delete()
    Coding.objects.bulk_create(
        [
            Coding(transcript=transcript, code_id=code, coder=consensus, start=s, end=e)
            for code, s, e in result
        ],
        ignore_conflicts=True,
    )
    for code in {code for code, _, _ in result}:
        merge_same_code_spans(transcript_id=transcript.pk, code_id=code, coder_id=consensus.pk)


def _edited(
    study: Study, transcript: Transcript, codings: list[dict]
) -> list[tuple[int, int, int]]:
    result = []
    for number, item in enumerate(codings):
        try:
            code = Code.objects.get(study=study, pk=int(item.get("code")), active=True)
        except (Code.DoesNotExist, TypeError, ValueError):
            raise DomainError(
                f"codings[{number}].code", "No such active code in this study."
            ) from None
        try:
            check_span(transcript.text, item.get("start"), item.get("end"))
        except DomainError as error:
            raise DomainError(f"codings[{number}].{error.field}", error.reason) from None
        result.append((code.pk, item["start"], item["end"]))
    return result
