"""The demo study's core category and principles, written by hand in fixtures/demo/
principles.json from its codings: each principle rests on every coding of its codes and the
moments around its quotes; quotes are anchored by participant, coder, code and quoted text.
Loading twice adds nothing (principles are found by statement)."""

import json
from pathlib import Path

from django.db import transaction

from coding.codings.demo import DemoDataError
from coding.models import Cluster, Coding, CoreCategory, Principle, SignificantMoment
from transcripts.models import Study


def _quote_coding(study: Study, users: dict, item: dict) -> Coding:
    """The coding holding the quoted text (spans may have merged into a larger one)."""
    candidates = Coding.objects.filter(
        transcript__study=study,
        transcript__participant__code=item["transcript"],
        coder=users[item["coder"]],
        code__name=item["code"],
    ).select_related("transcript")
    for coding in candidates:
        text = coding.transcript.text
        start = text.find(item["quote"])
        if start >= 0 and coding.start <= start and start + len(item["quote"]) <= coding.end:
            return coding
    raise DemoDataError(f"principles.json: no coding holds {item['quote'][:60]!r}")


@transaction.atomic
def load_principles(*, study: Study, users: dict, path: Path) -> int:
    """The core category and any principle not there yet; returns how many were added."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    author = users[spec["author"]]
    CoreCategory.objects.update_or_create(
        study=study, defaults={"statement": spec["core_category"], "author": author}
    )
    clusters = {c.name: c for c in Cluster.objects.filter(study=study)}
    added = 0
    for order, item in enumerate(spec["principles"]):
        if Principle.objects.filter(study=study, statement=item["statement"]).exists():
            continue
        quotes = [_quote_coding(study, users, q) for q in item["quotes"]]
        evidence = Coding.objects.by_coders(study).filter(code__name__in=item["evidence_codes"])
        principle = Principle.objects.create(
            study=study,
            cluster=clusters[item["cluster"]],
            statement=item["statement"],
            implication=item["implication"],
            order=order,
            author=author,
        )
        principle.evidence.set([*evidence, *quotes])
        principle.quotes.set(quotes)
        principle.moments.set(_moments_around(quotes))
        added += 1
    return added


def _moments_around(codings: list[Coding]) -> list[SignificantMoment]:
    found = []
    for coding in codings:
        found += SignificantMoment.objects.filter(
            transcript_id=coding.transcript_id, start__lt=coding.end, end__gt=coding.start
        )
    return found
