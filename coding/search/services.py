""" "Code all hits": one code applied to the hits of a search a coder ticked, in one transaction,
by the same rules as coding by hand (coding/codings/services): the code must be an active code
of the study, every span must still be a hit of the query in the stored text, one coder's
overlapping or touching same-code spans merge, and codings are always the member's own (in the
blind phase too). Bulk: a constant number of queries, plus the merge of each transcript where a
hit met a same-code span."""

from dataclasses import dataclass

from django.db import transaction

from coding.codings import services as codings
from coding.codings import trail
from coding.models import Code, Coding
from coding.search import batch, matching
from transcripts.access import require_writer
from transcripts.errors import DomainError
from transcripts.models import Membership, Transcript

MAX_HITS = 1000  # per request: a review list a person can read


@dataclass(frozen=True, slots=True)
class CodedHits:
    code: Code
    hits: int
    created: int
    merged: int
    unchanged: int


@transaction.atomic
def code_hits(
    *,
    member: Membership,
    query: str,
    code_id: object,
    hits: list[tuple[int, int, int]],
    whole_words: bool = False,
) -> CodedHits:
    """Code each (transcript id, start, end) of `hits` with the code; all or nothing."""
    study, user = require_writer(member, codings.REFUSAL)
    problem = matching.query_problem(query)
    if problem:
        raise DomainError("q", problem)
    wanted = sorted(set(hits))
    if not wanted:
        raise DomainError("hits", "Tick at least one hit to code.")
    if len(wanted) > MAX_HITS:
        raise DomainError("hits", f"At most {MAX_HITS:,} hits at once; narrow the search.")
    code = codings.get_active_code(study, code_id)
    ids = sorted({t for t, _, _ in wanted})
    # Locked in id order, like a coding by hand locks its transcript: no merge is missed.
    texts = dict(
        Transcript.objects.select_for_update()
        .filter(study=study, pk__in=ids)
        .order_by("pk")
        .values_list("id", "text")
    )
    for number, (transcript, start, end) in enumerate(wanted, 1):
        if transcript not in texts:
            raise DomainError("hits", f"Hit {number}: no such transcript in this study.")
        if not matching.is_hit(texts[transcript], query, start, end, whole_words):
            raise DomainError(
                "hits",
                f"Hit {number} ({start}–{end}) is not a hit of “{query}” in its transcript; "
                "search again.",
            )
    mine = Coding.objects.filter(transcript_id__in=ids, code=code, coder=user)
    existing = list(mine.values_list("transcript_id", "start", "end"))
    planned = batch.plan(existing, wanted)
    made = Coding.objects.bulk_create(
        Coding(transcript_id=t, code=code, coder=user, start=s, end=e) for t, s, e in planned.new
    )
    trail.log_created(member, made)
    for transcript in planned.to_merge:
        codings.merge_same_code_spans(transcript_id=transcript, code_id=code.pk, coder_id=user.pk)
    return CodedHits(code, len(wanted), planned.created, planned.merged, planned.unchanged)
