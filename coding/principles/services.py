"""Writes of principles and the core category.

Writers (owners and coders) write; viewers are refused (403) and outsiders never get here
(404 at the door). Every coding and moment named as evidence or quote is looked up among
those the writer may see in the study (the blind phase included); an unknown id is a 400
naming the field and the ids, and nothing is stored. A quote is evidence too. The author or
an owner changes or deletes a principle."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404

from coding.models import Cluster, Coding, CoreCategory, Principle, Pseudonym, SignificantMoment
from coding.ordering import next_order
from transcripts.access import require_writer
from transcripts.errors import DomainError
from transcripts.models import Membership

REFUSAL = "Viewers cannot write principles; ask an owner for the coder role."
STATEMENT_MAX = 2000
IMPLICATION_MAX = 5000
QUOTES_MAX = 10
UNSET = object()


def _ids(field: str, values: Iterable[object]) -> list[int]:
    ids = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
            raise DomainError(field, f"{value!r} is not an id.")
        ids.append(value)
    return sorted(set(ids))


def _visible(member: Membership, model, field: str, values: Iterable[object]) -> list:
    """The rows of `model` with these ids that the member may see, or a DomainError."""
    ids = _ids(field, values)
    rows = list(model.objects.visible_to(member).filter(pk__in=ids))
    missing = sorted(set(ids) - {row.pk for row in rows})
    if missing:
        listed = ", ".join(str(pk) for pk in missing)
        raise DomainError(field, f"No such {model._meta.verbose_name} in this study: {listed}.")
    return rows


def _cluster(member: Membership, cluster_id: object) -> Cluster | None:
    if cluster_id is None:
        return None
    try:
        return Cluster.objects.get(study_id=member.study_id, pk=int(cluster_id))
    except (Cluster.DoesNotExist, TypeError, ValueError, OverflowError):
        raise DomainError("cluster", "No such cluster in this study.") from None


def _text(field: str, value: object, limit: int, *, required: bool) -> str:
    if not isinstance(value, str):
        raise DomainError(field, "must be text.")
    value = value.strip()
    if required and not value:
        raise DomainError(field, "This cannot be empty.")
    if len(value) > limit:
        raise DomainError(field, f"Keep it to {limit:,} characters.")
    if "\x00" in value:
        raise DomainError(field, "Null characters are not allowed.")
    return value


def _order(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise DomainError("order", "must be a whole number from 0.")
    return value


@transaction.atomic
def write_principle(
    *,
    member: Membership,
    statement: str,
    cluster_id: object = None,
    implication: str = "",
    evidence: Iterable[object] = (),
    moments: Iterable[object] = (),
    quotes: Iterable[object] = (),
    order: object = None,
) -> Principle:
    """A new principle; without an order it goes after the study's last one."""
    study, user = require_writer(member, REFUSAL)
    principle = Principle(
        study=study,
        author=user,
        statement=_text("statement", statement, STATEMENT_MAX, required=True),
        implication=_text("implication", implication, IMPLICATION_MAX, required=False),
        cluster=_cluster(member, cluster_id),
    )
    links = _links(member, evidence, moments, quotes)
    if order is None:
        last = Principle.objects.filter(study=study).aggregate(last=Max("order"))["last"]
        principle.order = next_order(last, first=0)
    else:
        principle.order = _order(order)
    principle.save()
    _set_links(principle, *links)
    return principle


def _links(member, evidence, moments, quotes) -> tuple[list, list, list]:
    quoted = _visible(member, Coding, "quotes", quotes)
    if len(quoted) > QUOTES_MAX:
        raise DomainError("quotes", f"Choose at most {QUOTES_MAX} quotes.")
    supporting = _visible(member, Coding, "evidence", evidence)
    known = {c.pk for c in supporting}
    supporting += [c for c in quoted if c.pk not in known]  # a quote is evidence too
    return supporting, _visible(member, SignificantMoment, "moments", moments), quoted


def _set_links(principle: Principle, evidence: list, moments: list, quotes: list) -> None:
    principle.evidence.set(evidence)
    principle.moments.set(moments)
    principle.quotes.set(quotes)


def _editable(member: Membership, principle_id: object) -> Principle:
    require_writer(member, REFUSAL)
    try:
        principle = (
            Principle.objects.visible_to(member).select_for_update().get(pk=int(principle_id))
        )
    except (Principle.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such principle in this study.") from None
    if principle.author_id != member.user_id and not member.is_owner:
        raise PermissionDenied("Only its author or an owner changes a principle.")
    return principle


@transaction.atomic
def update_principle(
    *,
    member: Membership,
    principle_id: object,
    statement: object = UNSET,
    cluster_id: object = UNSET,
    implication: object = UNSET,
    evidence: object = UNSET,
    moments: object = UNSET,
    quotes: object = UNSET,
    order: object = UNSET,
) -> Principle:
    """Change what is given; links given replace the old ones (the evidence keeps the quotes).
    Links to codings the member cannot see (another coder's, in the blind phase) are kept."""
    principle = _editable(member, principle_id)
    if statement is not UNSET:
        principle.statement = _text("statement", statement, STATEMENT_MAX, required=True)
    if implication is not UNSET:
        principle.implication = _text("implication", implication, IMPLICATION_MAX, required=False)
    if cluster_id is not UNSET:
        principle.cluster = _cluster(member, cluster_id)
    if order is not UNSET:
        principle.order = _order(order)
    if (evidence, moments, quotes) != (UNSET, UNSET, UNSET):
        _replace_links(member, principle, evidence, moments, quotes)
    principle.save()
    return principle


def _replace_links(member, principle, evidence, moments, quotes) -> None:
    """Replace the given kinds of link, keeping what the member cannot see."""
    hidden_codings = principle.evidence.exclude(pk__in=Coding.objects.visible_to(member))
    hidden_quotes = principle.quotes.exclude(pk__in=Coding.objects.visible_to(member))
    hidden_moments = principle.moments.exclude(pk__in=SignificantMoment.objects.visible_to(member))
    visible = Coding.objects.visible_to(member)
    if quotes is UNSET:
        quotes = list(principle.quotes.filter(pk__in=visible).values_list("pk", flat=True))
    if evidence is UNSET:
        evidence = list(principle.evidence.filter(pk__in=visible).values_list("pk", flat=True))
    if moments is UNSET:
        moments = list(
            principle.moments.filter(
                pk__in=SignificantMoment.objects.visible_to(member)
            ).values_list("pk", flat=True)
        )
    new_evidence, new_moments, new_quotes = _links(member, evidence, moments, quotes)
    _set_links(
        principle,
        new_evidence + list(hidden_codings),
        new_moments + list(hidden_moments),
        new_quotes + list(hidden_quotes),
    )


@transaction.atomic
def delete_principle(*, member: Membership, principle_id: object) -> None:
    _editable(member, principle_id).delete()


@transaction.atomic
def set_core_category(*, member: Membership, statement: str) -> CoreCategory | None:
    """Write (or with an empty statement remove) the study's core category."""
    study, user = require_writer(member, REFUSAL)
    text = _text("statement", statement, STATEMENT_MAX, required=False)
    if not text:
        CoreCategory.objects.filter(study=study).delete()
        return None
    core, _ = CoreCategory.objects.select_for_update().update_or_create(
        study=study, defaults={"statement": text, "author": user}
    )
    return core


@transaction.atomic
def add_pseudonym(*, member: Membership, name: str, replacement: str = "[name]") -> Pseudonym:
    """Add a name to the study's pseudonym list (or change what replaces it)."""
    study, _ = require_writer(member, REFUSAL)
    name = _text("name", name, 100, required=False)
    if not name:
        raise DomainError("name", "Give the name to replace.")
    replacement = _text("replacement", replacement, 100, required=False) or "[name]"
    existing = Pseudonym.objects.select_for_update().filter(study=study, name__iexact=name).first()
    if existing is not None:
        existing.name, existing.replacement = name, replacement
        existing.save(update_fields=["name", "replacement"])
        return existing
    return Pseudonym.objects.create(study=study, name=name, replacement=replacement)


@transaction.atomic
def delete_pseudonym(*, member: Membership, pseudonym_id: object) -> None:
    study, _ = require_writer(member, REFUSAL)
    try:
        Pseudonym.objects.get(study=study, pk=int(pseudonym_id)).delete()
    except (Pseudonym.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such name in the pseudonym list.") from None
