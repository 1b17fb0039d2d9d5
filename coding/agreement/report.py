"""Inter-coder agreement for a study: gathers codings from the database, projects them onto the
unit of analysis and hands plain arrays to the pure tables (coding/agreement/tables.py and
continuum.py), which call the coefficients.

Units: "sentence" and "turn" are binary per code (a unit carries a code for a coder when that
coder's codings of it cover at least half of the unit, coding/agreement/units.py); a coder
counts as having rated a transcript's units once they made any coding in it. "unitized" uses
Krippendorff's unitizing alphas on the character continuum, transcripts pooled end to end.
Tables come per code, per cluster (any code of the cluster), per transcript, per participant
and for the whole study (the last three pool every code as one more binary unit), plus every
coder pair."""

from collections import defaultdict

import numpy as np
from django.contrib.auth import get_user_model
from django.db.models.functions import Length

from coding.agreement import continuum, tables
from coding.agreement.tables import CodeInfo, Data, Report, Row
from coding.agreement.units import covered_units_grouped
from coding.models import Code, Coding, ReconciliationDecision
from coding.reconcile.services import reconciled_transcripts
from transcripts.errors import DomainError
from transcripts.models import Role, Study

UNITS = ("sentence", "turn", "unitized")
CONSENSUS_OVER = ("reconciled", "decided")
__all__ = ["UNITS", "Report", "Row", "all_units", "confusion", "coders_of", "study_agreement"]


def parse_unit(value: str | None, study: Study) -> str:
    """The unit of analysis asked for, or the study's default."""
    unit = value or study.agreement_unit
    if unit not in UNITS:
        raise DomainError("unit", f"must be one of {', '.join(UNITS)}.")
    return unit


def coded_by(study: Study) -> list[str]:
    """Usernames of every member who coded in the study (any role), in name order; the
    consensus identity is left out."""
    return sorted(
        Coding.objects.by_coders(study)
        .order_by()  # the model's ordering would make DISTINCT per span
        .values_list("coder__username", flat=True)
        .distinct()
    )


def coders_of(study: Study) -> list[str]:
    """The default set of coders compared: members with the coder role who coded, in name
    order (an owner who accepted a suggestion is not a coder of the study; name owners
    explicitly to include them)."""
    coders = set(study.memberships.filter(role=Role.CODER).values_list("user__username", flat=True))
    return [name for name in coded_by(study) if name in coders]


def check_coders(study: Study, names: list[str] | None) -> list[str]:
    """The coders to compare: `names` when given (distinct members who coded, or the
    consensus once it exists; at least two), else the study's coders. DomainError("coders")
    names the fault."""
    if not names:
        return coders_of(study)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DomainError("coders", f"“{name}” is named twice; name each coder once.")
        seen.add(name)
    allowed = set(coded_by(study))
    if study.consensus_user is not None and Coding.objects.by_consensus(study).exists():
        allowed.add(study.consensus_user.username)
    for name in names:
        if name not in allowed:
            raise DomainError("coders", f"“{name}” is not a member of this study who coded.")
    if len(names) < 2:
        raise DomainError("coders", "Choose at least two coders.")
    return list(names)


def _code_infos(study: Study) -> list[CodeInfo]:
    return [
        CodeInfo(
            c.pk,
            c.name,
            c.cluster_id,
            c.cluster.name if c.cluster else "(no cluster)",
            c.cluster.order if c.cluster else 10**6,
        )
        for c in Code.objects.filter(study=study)
        .select_related("cluster")
        .order_by("order", "name")
    ]


def _bounds(study: Study, unit: str, rows: list[tuple]) -> dict[int, np.ndarray]:
    """Unit boundaries (n x 2 character offsets) per transcript."""
    if unit != "turn":
        return {pk: np.array(s, dtype=np.int64).reshape(-1, 2) for pk, _, _, s in rows}
    turns = defaultdict(list)
    for transcript_id, start, end in (
        study.transcripts.values_list("turns__transcript_id", "turns__start", "turns__end")
        .exclude(turns__start=None)
        .order_by("turns__transcript_id", "turns__start")
    ):
        turns[transcript_id].append((start, end))
    return {pk: np.array(turns[pk], dtype=np.int64).reshape(-1, 2) for pk, *_ in rows}


def _project(
    codings, coder_ids, codes, rows, bounds, lengths
) -> tuple[np.ndarray, np.ndarray, int]:
    """presence (coders x units x codes) and rated (coders x units): the transcripts laid end
    to end (character offsets) so one vectorised pass projects every coder's codings of every
    code onto every unit of the study."""
    unit_base, char_base, n_units, n_chars = {}, {}, 0, 0
    for pk, *_ in rows:
        unit_base[pk], char_base[pk] = n_units, n_chars
        n_units += len(bounds[pk])
        n_chars += lengths[pk] + 1
    coder_index = {pk: i for i, pk in enumerate(coder_ids)}
    code_index = {c.pk: i for i, c in enumerate(codes)}
    presence = np.zeros((len(coder_ids), n_units, len(codes)), dtype=bool)
    rated = np.zeros((len(coder_ids), n_units), dtype=bool)
    if not codings:
        return presence, rated, 0
    for transcript_id, coder_id in {(t, c) for t, c, *_ in codings}:
        base = unit_base[transcript_id]
        rated[coder_index[coder_id], base : base + len(bounds[transcript_id])] = True
    all_units = np.concatenate(
        [bounds[pk] + char_base[pk] for pk, *_ in rows] or [np.zeros((0, 2), dtype=np.int64)]
    )
    table = np.array(
        [
            (char_base[t] + s, char_base[t] + e, coder_index[c] * len(codes) + code_index[k])
            for t, c, k, s, e in codings
        ],
        dtype=np.int64,
    )
    group, unit_ids = covered_units_grouped(all_units, table[:, :2], table[:, 2])
    presence[group // len(codes), unit_ids, group % len(codes)] = True
    return presence, rated, _unplaced(presence, all_units, table, len(codes))


def _unplaced(presence: np.ndarray, units: np.ndarray, table: np.ndarray, n_codes: int) -> int:
    """Codings that count for nothing at this unit: no unit they touch carries their code for
    their coder (each covers less than half of every unit it touches, even with the coder's
    other codings of that code)."""
    if not len(units):
        return len(table)
    coder, code = table[:, 2] // n_codes, table[:, 2] % n_codes
    first = np.searchsorted(units[:, 1], table[:, 0], side="right")  # first unit ending after
    stop = np.searchsorted(units[:, 0], table[:, 1], side="left")  # units starting before end
    placed = np.zeros(len(table), dtype=bool)
    width = int((stop - first).max()) if len(table) else 0
    for step in range(width):  # codings touch few units: one vectorised pass per extra unit
        at = first + step
        inside = at < stop
        placed[inside] |= presence[coder[inside], at[inside], code[inside]]
    return int((~placed).sum())


def _gather(
    study: Study,
    unit: str,
    coders: list[str] | None,
    *,
    project: bool = True,
    cache=None,
    transcript_ids: list[int] | None = None,
) -> Data:
    """Codings projected onto the units. `cache` (a dict the caller keeps) shares the
    unit-independent queries between several units of analysis of one request."""
    cache = {} if cache is None else cache

    def once(key, load):
        return _once(cache, key, load)

    names = coders or once("coders", lambda: coders_of(study))
    users = dict(get_user_model().objects.filter(username__in=names).values_list("username", "id"))
    names = [n for n in names if n in users]
    coder_ids = [users[n] for n in names]
    codes = once("codes", lambda: _code_infos(study))
    # The sentence arrays are the only large column; fetch them only when they are the units.
    with_sentences = unit == "sentence" and project
    transcripts = study.transcripts.all()
    if transcript_ids is not None:
        transcripts = transcripts.filter(pk__in=transcript_ids)
    rows = [
        (*row, []) if not with_sentences else row
        for row in transcripts.order_by("participant__code", "id").values_list(
            "id", "title", "participant__code", *(["sentences"] if with_sentences else [])
        )
    ]
    codings = once(
        ("codings", tuple(coder_ids)),
        lambda: list(
            Coding.objects.filter(
                transcript_id__in=[pk for pk, *_ in rows], coder_id__in=coder_ids
            ).values_list("transcript_id", "coder_id", "code_id", "start", "end")
        ),
    )
    bounds = _bounds(study, unit, rows) if project else {pk: np.zeros((0, 2)) for pk, *_ in rows}
    if project:
        lengths = once("lengths", lambda: _lengths(study))
        presence, rated, unplaced = _project(codings, coder_ids, codes, rows, bounds, lengths)
    else:
        presence = np.zeros((len(coder_ids), 0, len(codes)), dtype=bool)
        rated = np.zeros((len(coder_ids), 0), dtype=bool)
        unplaced = 0
    unit_transcript = np.repeat(np.arange(len(rows)), [len(bounds[pk]) for pk, *_ in rows])
    transcripts = [(pk, title, participant) for pk, title, participant, _ in rows]
    spans = [bounds[pk] for pk, *_ in rows]
    unit_spans = np.concatenate(spans) if spans else np.zeros((0, 2), dtype=np.int64)
    return Data(
        names, coder_ids, codes, transcripts, unit_transcript, presence, rated, codings, unplaced,
        unit_spans,
    )  # fmt: skip


def _once(cache: dict | None, key, load):
    """`load()` once per request: the units of one report share what does not depend on them."""
    if cache is None:
        return load()
    if key not in cache:
        cache[key] = load()
    return cache[key]


def _lengths(study: Study) -> dict[int, int]:
    return dict(study.transcripts.annotate(n=Length("text")).values_list("id", "n"))


def study_agreement(
    study: Study,
    *,
    unit: str = "sentence",
    coders: list[str] | None = None,
    cache: dict | None = None,
    consensus_over: str = "reconciled",
) -> Report:
    """The report for one unit of analysis. `consensus_over` chooses what the coders are
    compared with the consensus on: "reconciled" transcripts (every region decided) or every
    "decided" region, wherever it is."""
    if consensus_over not in CONSENSUS_OVER:
        raise DomainError("consensus_over", f"must be one of {', '.join(CONSENSUS_OVER)}.")
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    asked = tuple(coders or ())
    coders = _once(cache, ("checked", asked), lambda: check_coders(study, list(asked)))
    if unit == "unitized":
        data = _gather(study, "sentence", coders, project=False, cache=cache)
        lengths = _once(cache, "lengths", lambda: _lengths(study))
        return continuum.unitized_report(data, lengths)
    data = _gather(study, unit, coders, cache=cache)
    report = tables.binary_report(data, unit)
    if len(data.coders) >= 2:
        report.consensus, report.consensus_coverage = _against_consensus(
            study, unit, data.coders, cache, consensus_over
        )
    return report


def all_units(study: Study, *, coders: list[str] | None = None) -> dict[str, Report]:
    """The study's agreement for every unit of analysis, sharing the queries between them."""
    cache: dict = {}
    return {unit: study_agreement(study, unit=unit, coders=coders, cache=cache) for unit in UNITS}


def _against_consensus(
    study: Study, unit: str, coders: list[str], cache: dict | None, over: str
) -> tuple[list[dict], dict | None]:
    """Each coder against the consensus codings (training view), over the reconciled
    transcripts (every region decided) or over the decided regions, and how much of the study
    that covers; empty until reconciliation decided something."""
    if study.consensus_user is None:
        return [], None
    name = study.consensus_user.username
    if name in coders:
        return [], None
    if over == "decided":
        regions = _once(cache, "decided", lambda: _decided_regions(study))
        ids = sorted(regions)
    else:
        regions, ids = None, _once(cache, "reconciled", lambda: reconciled_transcripts(study))
    if not ids:
        return [], {"over": over, "transcripts": 0, "units": 0, "characters": 0.0}
    data = _gather(study, unit, [*coders, name], transcript_ids=ids)
    if len(data.coders) != len(coders) + 1:
        return [], None
    lengths = _once(cache, "lengths", lambda: _lengths(study))
    covered = sum(lengths[pk] for pk in ids)
    if regions is not None:
        data = tables.only_units(data, _inside(data, regions))
        covered = sum(e - s for stretches in regions.values() for s, e in stretches)
    coverage = {
        "over": over,
        "transcripts": len(ids),
        "units": int(data.presence.shape[1]),
        "characters": round(covered / max(1, sum(lengths.values())), 4),
    }
    return tables.against_last(data), coverage


def _decided_regions(study: Study) -> dict[int, list[tuple[int, int]]]:
    """Transcript id -> the stretches some decision covers (merged, in text order)."""
    found: dict[int, list[tuple[int, int]]] = {}
    for transcript_id, start, end in (
        ReconciliationDecision.objects.filter(study=study, transcript__deleted_at=None)
        .order_by("transcript_id", "start")
        .values_list("transcript_id", "start", "end")
    ):
        stretches = found.setdefault(transcript_id, [])
        if stretches and start <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], max(stretches[-1][1], end))
        else:
            stretches.append((start, end))
    return found


def _inside(data: Data, regions: dict[int, list[tuple[int, int]]]) -> np.ndarray:
    """Units that overlap a decided stretch of their transcript."""
    mask = np.zeros(len(data.unit_transcript), dtype=bool)
    for index, (pk, *_) in enumerate(data.transcripts):
        here = data.unit_transcript == index
        starts, ends = data.unit_spans[here, 0], data.unit_spans[here, 1]
        hit = np.zeros(len(starts), dtype=bool)
        for start, end in regions.get(pk, []):
            hit |= (starts < end) & (ends > start)
        mask[here] = hit
    return mask


def confusion(study: Study, *, unit: str, coder_a: str, coder_b: str) -> dict:
    """Code-by-code matrix for two coders: where A used X on a unit, what did B use there?"""
    if unit not in ("sentence", "turn"):
        raise ValueError("The confusion matrix needs sentence or turn units.")
    data = _gather(study, unit, [coder_a, coder_b])
    if len(data.coders) != 2:
        raise ValueError("Choose two coders who coded in this study.")
    return tables.confusion(data, unit)
