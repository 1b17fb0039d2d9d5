"""Writes of codebook proposals. Owners and coders propose and comment (viewers 403); an
owner accepts or rejects an open proposal; its author withdraws it. Accepting applies the
change through the codebook services (which check it again: a code merged away meanwhile is a
400) and names the proposal in the history entries the change made. Segments are codings the
proposer may see (the blind phase included)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from coding.codebook import clusters as codebook_clusters
from coding.codebook import restructure
from coding.codebook import services as codebook
from coding.models import (
    CodebookEvent,
    CodebookProposal,
    Coding,
    ProposalComment,
    ProposalKind,
    ProposalStatus,
    Stance,
)
from coding.principles import services as principles
from transcripts.access import require_writer
from transcripts.errors import DomainError
from transcripts.models import Membership

REFUSAL = "Viewers cannot propose or comment; ask an owner for the coder role."
TEXT_MAX = 5000


def _text(field: str, value: object, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise DomainError(field, "must be text.")
    value = value.strip()
    if required and not value:
        raise DomainError(field, "This cannot be empty.")
    if len(value) > limit:
        raise DomainError(field, f"Keep it to {limit:,} characters.")
    return value


def _described(member: Membership, kind: str, change: dict) -> tuple[dict, str]:
    """The change checked against the study, as stored ids and texts, and in words."""
    study = member.study
    if kind == ProposalKind.MOVE_CODE:
        code = codebook.get_code(study, change.get("code"))
        cluster = codebook.get_cluster(study, change.get("cluster"))
        where = f"“{cluster.name}”" if cluster else "no cluster"
        return {"code": code.pk, "cluster": cluster.pk if cluster else None}, (
            f"Move “{code.name}” to {where}"
        )
    if kind == ProposalKind.MERGE_CODES:
        target = codebook.get_code(study, change.get("target"), "target")
        sources = change.get("sources")
        if not isinstance(sources, list) or not sources:
            raise DomainError("sources", "Choose the codes to merge.")
        codes = [codebook.get_code(study, pk, "sources") for pk in sources]
        if any(c.pk == target.pk for c in codes):
            raise DomainError("sources", "A code cannot be merged into itself.")
        names = ", ".join(f"“{c.name}”" for c in codes)
        return {"sources": sorted({c.pk for c in codes}), "target": target.pk}, (
            f"Merge {names} into “{target.name}”"
        )
    if kind == ProposalKind.RENAME_CLUSTER:
        cluster = codebook.get_cluster(study, change.get("cluster"))
        if cluster is None:
            raise DomainError("cluster", "Choose the cluster to rename.")
        name = codebook.clean_name(change.get("name"))
        return {"cluster": cluster.pk, "name": name}, f"Rename “{cluster.name}” to “{name}”"
    if kind == ProposalKind.CORE_CATEGORY:
        statement = _text("statement", change.get("statement"), limit=2000)
        return {"statement": statement}, f"Name the core category: “{statement}”"
    raise DomainError("kind", f"must be one of {', '.join(ProposalKind.values)}.")


@transaction.atomic
def propose(
    *, member: Membership, kind: str, change: dict, reason: str, segments: list | tuple = ()
) -> CodebookProposal:
    study, user = require_writer(member, REFUSAL)
    stored, summary = _described(member, kind, change if isinstance(change, dict) else {})
    reason = _text("reason", reason)
    ids = sorted({int(pk) for pk in segments})
    found = list(Coding.objects.visible_to(member).filter(pk__in=ids))
    missing = sorted(set(ids) - {c.pk for c in found})
    if missing:
        listed = ", ".join(str(pk) for pk in missing)
        raise DomainError("segments", f"No such coding in this study: {listed}.")
    proposal = CodebookProposal.objects.create(
        study=study, author=user, kind=kind, change=stored, summary=summary[:500], reason=reason
    )
    proposal.segments.set(found)
    return proposal


def _proposal(member: Membership, proposal_id: object, *, lock: bool = False) -> CodebookProposal:
    qs = CodebookProposal.objects.filter(study_id=member.study_id)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=int(proposal_id))
    except (CodebookProposal.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such proposal in this study.") from None


@transaction.atomic
def comment(
    *, member: Membership, proposal_id: object, stance: str = Stance.COMMENT, text: str = ""
) -> ProposalComment:
    _, user = require_writer(member, REFUSAL)
    proposal = _proposal(member, proposal_id)
    if stance not in Stance.values:
        raise DomainError("stance", f"must be one of {', '.join(Stance.values)}.")
    text = _text("text", text, required=stance == Stance.COMMENT)
    if proposal.status != ProposalStatus.OPEN:
        raise DomainError("", f"This proposal is {proposal.status}; it takes no more comments.")
    return ProposalComment.objects.create(proposal=proposal, author=user, stance=stance, text=text)


def _close(member: Membership, proposal: CodebookProposal, status: str) -> CodebookProposal:
    if proposal.status != ProposalStatus.OPEN:
        raise DomainError("", f"This proposal is already {proposal.status}.")
    proposal.status = status
    proposal.decided_by = member.user
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal


@transaction.atomic
def accept(*, member: Membership, proposal_id: object) -> CodebookProposal:
    """Apply the change (owners only) and name the proposal in its history entries."""
    if not member.is_owner:
        raise PermissionDenied("Only an owner of the study accepts a proposal.")
    proposal = _proposal(member, proposal_id, lock=True)
    if proposal.status != ProposalStatus.OPEN:
        raise DomainError("", f"This proposal is already {proposal.status}.")
    last = CodebookEvent.objects.filter(study_id=member.study_id).aggregate(n=Max("id"))["n"]
    _apply(member, proposal)
    events = CodebookEvent.objects.filter(study_id=member.study_id, id__gt=last or 0)
    for event in events:
        event.details = {**event.details, "proposal": proposal.pk}
        event.save(update_fields=["details"])
    return _close(member, proposal, ProposalStatus.ACCEPTED)


def _apply(member: Membership, proposal: CodebookProposal) -> None:
    change, why = proposal.change, f"Proposal {proposal.pk}: {proposal.reason}"
    if proposal.kind == ProposalKind.MOVE_CODE:
        codebook.move_code(
            member=member, code_id=change["code"], cluster_id=change["cluster"], reason=why
        )
    elif proposal.kind == ProposalKind.MERGE_CODES:
        restructure.merge_codes(
            member=member, source_ids=change["sources"], target_id=change["target"], reason=why
        )
    elif proposal.kind == ProposalKind.RENAME_CLUSTER:
        codebook_clusters.update_cluster(
            member=member, cluster_id=change["cluster"], name=change["name"], reason=why
        )
    else:
        principles.set_core_category(member=member, statement=change["statement"])


@transaction.atomic
def reject(*, member: Membership, proposal_id: object) -> CodebookProposal:
    if not member.is_owner:
        raise PermissionDenied("Only an owner of the study rejects a proposal.")
    return _close(member, _proposal(member, proposal_id, lock=True), ProposalStatus.REJECTED)


@transaction.atomic
def withdraw(*, member: Membership, proposal_id: object) -> CodebookProposal:
    require_writer(member, REFUSAL)
    proposal = _proposal(member, proposal_id, lock=True)
    if proposal.author_id != member.user_id:
        raise PermissionDenied("Only its author withdraws a proposal.")
    return _close(member, proposal, ProposalStatus.WITHDRAWN)
