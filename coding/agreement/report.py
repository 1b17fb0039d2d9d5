"""Inter-coder agreement for a study: gathers codings from the database, projects them onto the
unit of analysis and calls the pure coefficients of coding/agreement.

Units: "sentence" and "turn" are binary per code (a unit carries a code for a coder when that
coder's codings of it cover at least half of the unit, coding/units.py); a coder counts as having
rated a transcript's units once they made any coding in it. "unitized" uses Krippendorff's
unitizing alphas on the character continuum, transcripts pooled end to end. Tables come per
code, per cluster (any code of the cluster), per transcript, per participant and for the whole
study (the last three pool every code as one more binary unit), plus every coder pair."""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from django.db.models.functions import Length

from coding import agreement
from coding.agreement.units import covered_units_grouped
from coding.models import Code, Coding
from transcripts.errors import DomainError
from transcripts.models import Study

UNITS = ("sentence", "turn", "unitized")


@dataclass(frozen=True, slots=True)
class Row:
    key: int | None
    name: str
    units: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    note: str = ""
    u_alpha: float | None = None  # unitized cluster rows: u-alpha beside cu-alpha


@dataclass(slots=True)
class Report:
    unit: str
    coders: list[str]
    codes: list[Row] = field(default_factory=list)
    clusters: list[Row] = field(default_factory=list)
    transcripts: list[Row] = field(default_factory=list)
    participants: list[Row] = field(default_factory=list)
    overall: Row | None = None
    pairs: list[dict] = field(default_factory=list)
    consensus: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        def rows(items):
            return [_row_dict(r) for r in items]

        return {
            "unit": self.unit,
            "coders": self.coders,
            "overall": _row_dict(self.overall) if self.overall else None,
            "codes": rows(self.codes),
            "clusters": rows(self.clusters),
            "transcripts": rows(self.transcripts),
            "participants": rows(self.participants),
            "pairs": self.pairs,
            "consensus": self.consensus,
            "warnings": self.warnings,
        }


def _row_dict(row: Row) -> dict:
    return {
        "id": row.key,
        "name": row.name,
        "units": row.units,
        "percent_agreement": row.percent,
        "kappa": row.kappa,
        "alpha": row.alpha,
        "note": row.note,
        "u_alpha": row.u_alpha,
    }


def _clean(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else round(value, 6)


@dataclass(slots=True)
class _Data:
    coders: list[str]
    coder_ids: list[int]
    codes: list[Code]
    transcripts: list[tuple[int, str, str | None]]  # id, title, participant code
    unit_transcript: np.ndarray  # transcript position of every unit
    presence: np.ndarray  # coders x units x codes
    rated: np.ndarray  # coders x units
    codings: list[tuple]  # (transcript_id, coder_id, code_id, start, end)


def parse_unit(value: str | None, study: Study) -> str:
    """The unit of analysis asked for, or the study's default."""
    unit = value or study.agreement_unit
    if unit not in UNITS:
        raise DomainError("unit", f"must be one of {', '.join(UNITS)}.")
    return unit


def coders_of(study: Study) -> list[str]:
    """Usernames of everyone who coded in the study, in name order; the consensus identity is
    left out (name it in `coders` to compare each coder with the consensus)."""
    return sorted(
        Coding.objects.by_coders(study)
        .order_by()  # the model's ordering would make DISTINCT per span
        .values_list("coder__username", flat=True)
        .distinct()
    )


def _gather(
    study: Study,
    unit: str,
    coders: list[str] | None,
    *,
    project: bool = True,
    cache: dict | None = None,
) -> _Data:
    """Codings projected onto the units. `cache` (a dict the caller keeps) shares the
    unit-independent queries between several units of analysis of one request."""
    from django.contrib.auth import get_user_model

    cache = {} if cache is None else cache

    def once(key, load):
        if key not in cache:
            cache[key] = load()
        return cache[key]

    names = coders or once("coders", lambda: coders_of(study))
    users = dict(get_user_model().objects.filter(username__in=names).values_list("username", "id"))
    names = [n for n in names if n in users]
    coder_ids = [users[n] for n in names]
    codes = once(
        "codes",
        lambda: list(
            Code.objects.filter(study=study).select_related("cluster").order_by("order", "name")
        ),
    )
    # The sentence arrays are the only large column; fetch them only when they are the units.
    with_sentences = unit == "sentence" and project
    rows = [
        (*row, []) if not with_sentences else row
        for row in study.transcripts.order_by("participant__code", "id").values_list(
            "id", "title", "participant__code", *(["sentences"] if with_sentences else [])
        )
    ]
    transcripts = [(pk, title, participant) for pk, title, participant, _ in rows]
    if unit == "turn" and project:
        turns = defaultdict(list)
        for transcript_id, start, end in (
            study.transcripts.values_list("turns__transcript_id", "turns__start", "turns__end")
            .exclude(turns__start=None)
            .order_by("turns__transcript_id", "turns__start")
        ):
            turns[transcript_id].append((start, end))
        bounds = {pk: np.array(turns[pk], dtype=np.int64).reshape(-1, 2) for pk, *_ in rows}
    else:
        bounds = {
            pk: np.array(sentences, dtype=np.int64).reshape(-1, 2) for pk, _, _, sentences in rows
        }
    # Lay the transcripts end to end (character offsets) so one vectorised pass projects every
    # coder's codings of every code onto every unit of the study.
    lengths = once(
        "lengths", lambda: dict(study.transcripts.annotate(n=Length("text")).values_list("id", "n"))
    )
    unit_base, char_base, n_units, n_chars = {}, {}, 0, 0
    for pk, *_ in rows:
        unit_base[pk], char_base[pk] = n_units, n_chars
        n_units += len(bounds[pk])
        n_chars += lengths[pk] + 1
    codings = once(
        ("codings", tuple(coder_ids)),
        lambda: list(
            Coding.objects.filter(
                transcript_id__in=[pk for pk, *_ in rows], coder_id__in=coder_ids
            ).values_list("transcript_id", "coder_id", "code_id", "start", "end")
        ),
    )
    coder_index = {pk: i for i, pk in enumerate(coder_ids)}
    code_index = {c.pk: i for i, c in enumerate(codes)}
    presence = np.zeros((len(coder_ids), n_units, len(codes)), dtype=bool)
    rated = np.zeros((len(coder_ids), n_units), dtype=bool)
    if project and codings:
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
    unit_transcript = np.repeat(np.arange(len(rows)), [len(bounds[pk]) for pk, *_ in rows])
    return _Data(names, coder_ids, codes, transcripts, unit_transcript, presence, rated, codings)


def _binary_rows(presence: np.ndarray, rated: np.ndarray) -> tuple[np.ndarray, ...]:
    """alpha, percent agreement and kappa for every column of a coders x units x k array."""
    alpha = agreement.binary_alpha_by_code(presence, rated)
    percent = agreement.percent_agreement_by_code(presence, rated)
    if presence.shape[0] == 2:
        kappa = agreement.cohen_kappa_by_code(presence, rated)
    else:
        kappa = agreement.fleiss_kappa_by_code(presence, rated)
    return alpha, percent, kappa


def _reason(column: np.ndarray, rated: np.ndarray) -> str:
    """Why a binary coefficient is undefined, from the counts (no per-unit Python loop)."""
    pairable = rated.sum(axis=0) >= 2
    if not pairable.any():
        return "No unit was rated by two coders."
    present = int((column & rated)[:, pairable].sum())
    total = int(rated[:, pairable].sum())
    if present == 0:
        return "Nobody used it on units two coders rated, so there is nothing to compare."
    if present == total:
        return "Every rating was 'present', so chance agreement is total."
    return "Not enough variation to compare."


def _unit_sums(presence: np.ndarray, rated: np.ndarray) -> dict[str, np.ndarray]:
    """Per-unit sums over codes behind every pooled binary coefficient. With p the coders
    saying "present" and r the raters of a unit: sum_k p(r - p) = r S1 - S2 and the agreeing
    pairs sum_k [p(p - 1) + (r - p)(r - p - 1)] = K r(r - 1) - 2 r S1 + 2 S2, where S1 = sum_k p
    and S2 = sum_k p^2, so only integer column sums are needed."""
    codes = presence.shape[2]
    raters = rated.sum(axis=0).astype(np.float64)
    present = (presence & rated[:, :, None]).sum(axis=0, dtype=np.int32)
    s1 = present.sum(axis=1, dtype=np.int64).astype(np.float64)
    s2 = np.einsum("uk,uk->u", present, present, dtype=np.int64).astype(np.float64)
    pairable = raters >= 2
    r = np.where(pairable, raters, 2.0)
    sums = {
        "pairable": pairable.astype(np.float64),
        "seen": (raters >= 1).astype(np.float64),
        "n": np.where(pairable, raters * codes, 0.0),
        "n1": np.where(pairable, s1, 0.0),
        "disagree": np.where(pairable, (r * s1 - s2) / (r - 1), 0.0),
        "agree": np.where(
            pairable, (codes * r * (r - 1) - 2 * r * s1 + 2 * s2) / (r * (r - 1)), 0.0
        ),
        "share": np.where(raters >= 1, s1 / np.maximum(raters, 1), 0.0),
    }
    if presence.shape[0] == 2:
        both = (raters == 2).astype(np.float64)
        sums["both"] = both
        sums["a"] = both * presence[0].sum(axis=1)
        sums["b"] = both * presence[1].sum(axis=1)
        sums["ab"] = both * (presence[0] & presence[1]).sum(axis=1)
    return sums


def _pooled_rows(
    sums: dict[str, np.ndarray], codes: int, group: np.ndarray, n_groups: int
) -> list[tuple]:
    """(units, percent, kappa, alpha) per group of units, every (unit, code) pair pooled as one
    binary unit. The sums are additive over units, so each grouping (transcripts, participants,
    the study) is one bincount per sum; equal to the per-code functions run on the flattened
    (unit x code) array (tested)."""

    def total(name: str) -> np.ndarray:
        return np.bincount(group, weights=sums[name], minlength=n_groups)

    n, n1 = total("n"), total("n1")
    n0 = n - n1
    n_pairable = total("pairable") * codes
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(n0 * n1 > 0, 1 - (n - 1) * total("disagree") / (n0 * n1), np.nan)
        percent = np.where(n_pairable > 0, total("agree") / n_pairable, np.nan)
        if "both" in sums:
            count = total("both") * codes
            a, b, ab = total("a") / count, total("b") / count, total("ab") / count
            observed = 1 - a - b + 2 * ab
            chance = a * b + (1 - a) * (1 - b)
            kappa = np.where((count > 0) & (chance < 1), (observed - chance) / (1 - chance), np.nan)
        else:
            pi = total("share") / (total("seen") * codes)
            chance = pi**2 + (1 - pi) ** 2
            defined = (pi > 0) & (pi < 1) & (n_pairable > 0)
            kappa = np.where(defined, (percent - chance) / (1 - chance), np.nan)
    units = total("seen").astype(int)
    return [(units[g], percent[g], kappa[g], alpha[g]) for g in range(n_groups)]


def _pooled_row(key, name, stats: tuple, column: np.ndarray, rated: np.ndarray) -> Row:
    units, percent, kappa, alpha = stats
    row = Row(key, name, int(units), _clean(percent), _clean(kappa), _clean(alpha))
    if row.alpha is not None:
        return row
    any_code = column.any(axis=2, keepdims=True) if column.shape[1] else column[:, :, :1]
    return _with_note(row, any_code, rated)


def _with_note(row: Row, presence: np.ndarray, rated: np.ndarray) -> Row:
    note = _reason(presence[:, :, 0], rated) if presence.shape[1] else "No units to compare."
    return Row(row.key, row.name, row.units, row.percent, row.kappa, row.alpha, note)


def study_agreement(
    study: Study,
    *,
    unit: str = "sentence",
    coders: list[str] | None = None,
    cache: dict | None = None,
) -> Report:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    if unit == "unitized":
        return _unitized(study, coders, cache)
    data = _gather(study, unit, coders, cache=cache)
    report = Report(unit=unit, coders=data.coders)
    if len(data.coders) < 2:
        report.warnings.append("Agreement needs at least two coders who coded in this study.")
        return report
    presence, rated = data.presence, data.rated
    units_rated = int((rated.sum(axis=0) >= 2).sum())
    alpha, percent, kappa = _binary_rows(presence, rated)
    for k, code in enumerate(data.codes):
        row = Row(
            code.pk, code.name, units_rated, _clean(percent[k]), _clean(kappa[k]), _clean(alpha[k])
        )
        report.codes.append(
            row if row.alpha is not None else _with_note(row, presence[:, :, k : k + 1], rated)
        )
    by_cluster = defaultdict(list)
    for k, code in enumerate(data.codes):
        by_cluster[(code.cluster_id, code.cluster.name if code.cluster else "(no cluster)")].append(
            k
        )
    order = {c.cluster_id: c.cluster.order if c.cluster else 10**6 for c in data.codes}
    cluster_keys = sorted(by_cluster, key=lambda key: (order[key[0]], key[1]))
    if cluster_keys:
        cluster_presence = np.stack(
            [presence[:, :, by_cluster[key]].any(axis=2) for key in cluster_keys], axis=2
        )
        alpha, percent, kappa = _binary_rows(cluster_presence, rated)
        for i, (pk, name) in enumerate(cluster_keys):
            row = Row(pk, name, units_rated, _clean(percent[i]), _clean(kappa[i]), _clean(alpha[i]))
            report.clusters.append(
                row
                if row.alpha is not None
                else _with_note(row, cluster_presence[:, :, i : i + 1], rated)
            )
    sums, k = _unit_sums(presence, rated), presence.shape[2]
    per_transcript = _pooled_rows(sums, k, data.unit_transcript, len(data.transcripts))
    for index, (pk, title, _) in enumerate(data.transcripts):
        mask = data.unit_transcript == index
        report.transcripts.append(
            _pooled_row(pk, title, per_transcript[index], presence[:, mask], rated[:, mask])
        )
    participant_codes = sorted({code or "(none)" for _, _, code in data.transcripts})
    participant_of = np.array(
        [participant_codes.index(code or "(none)") for _, _, code in data.transcripts],
        dtype=np.int64,
    )
    unit_participant = (
        participant_of[data.unit_transcript] if len(data.unit_transcript) else data.unit_transcript
    )
    per_participant = _pooled_rows(sums, k, unit_participant, len(participant_codes))
    for index, code in enumerate(participant_codes):
        mask = unit_participant == index
        report.participants.append(
            _pooled_row(None, code, per_participant[index], presence[:, mask], rated[:, mask])
        )
    whole = np.zeros(presence.shape[1], dtype=np.int64)
    report.overall = _pooled_row(
        None, "Whole study", _pooled_rows(sums, k, whole, 1)[0], presence, rated
    )
    for a, b in combinations(range(len(data.coders)), 2):
        pair = _pooled_row(
            None,
            "",
            _pooled_rows(_unit_sums(presence[[a, b]], rated[[a, b]]), k, whole, 1)[0],
            presence[[a, b]],
            rated[[a, b]],
        )
        report.pairs.append(
            {
                "a": data.coders[a],
                "b": data.coders[b],
                "alpha": pair.alpha,
                "kappa": pair.kappa,
                "percent_agreement": pair.percent,
            }
        )
    report.consensus = _against_consensus(study, unit, data.coders)
    report.warnings += _same_cluster_overlaps(data)
    return report


def all_units(study: Study, *, coders: list[str] | None = None) -> dict[str, Report]:
    """The study's agreement for every unit of analysis, sharing the queries between them."""
    cache: dict = {}
    return {unit: study_agreement(study, unit=unit, coders=coders, cache=cache) for unit in UNITS}


def _against_consensus(study: Study, unit: str, coders: list[str]) -> list[dict]:
    """Each coder against the consensus codings (training view), over the transcripts the
    consensus covers; empty until reconciliation produced a consensus."""
    if study.consensus_user is None:
        return []
    name = study.consensus_user.username
    if name in coders or not Coding.objects.by_consensus(study).exists():
        return []
    data = _gather(study, unit, [*coders, name])
    if len(data.coders) != len(coders) + 1:
        return []
    last = len(data.coders) - 1
    whole = np.zeros(data.presence.shape[1], dtype=np.int64)
    rows = []
    for index, coder in enumerate(data.coders[:-1]):
        pair = [index, last]
        sums = _unit_sums(data.presence[pair], data.rated[pair])
        units, percent, kappa, alpha = _pooled_rows(sums, data.presence.shape[2], whole, 1)[0]
        rows.append(
            {
                "coder": coder,
                "units": int(units),
                "alpha": _clean(alpha),
                "kappa": _clean(kappa),
                "percent_agreement": _clean(percent),
            }
        )
    return rows


def _same_cluster_overlaps(data: _Data, limit: int = 50) -> list[str]:
    """Places where one coder applied two codes of one cluster to overlapping text."""
    cluster_of = {c.pk: (c.cluster_id, c.name) for c in data.codes}
    titles = {pk: title for pk, title, _ in data.transcripts}
    names = dict(zip(data.coder_ids, data.coders, strict=True))
    by_key = defaultdict(list)
    for transcript_id, coder_id, code_id, start, end in data.codings:
        cluster_id, _ = cluster_of.get(code_id, (None, ""))
        if cluster_id is not None:
            by_key[(transcript_id, coder_id, cluster_id)].append((start, end, code_id))
    found = []
    for (transcript_id, coder_id, _), spans in by_key.items():
        spans.sort()
        for i, (start, end, code) in enumerate(spans):
            for other_start, other_end, other in spans[i + 1 :]:
                if other_start >= end:
                    break
                if other != code:
                    found.append(
                        f"{titles[transcript_id]}, characters {max(start, other_start)}-{min(end, other_end)}: "
                        f"{names[coder_id]} applied both “{cluster_of[code][1]}” and “{cluster_of[other][1]}”."
                    )
    if len(found) > limit:
        found = found[:limit] + [f"... and {len(found) - limit} more."]
    return found


def confusion(study: Study, *, unit: str, coder_a: str, coder_b: str) -> dict:
    """Code-by-code matrix for two coders: where A used X on a unit, what did B use there?"""
    if unit not in ("sentence", "turn"):
        raise ValueError("The confusion matrix needs sentence or turn units.")
    data = _gather(study, unit, [coder_a, coder_b])
    if len(data.coders) != 2:
        raise ValueError("Choose two coders who coded in this study.")
    both = data.rated.all(axis=0)
    a = data.presence[0][both].astype(np.int64)
    b = data.presence[1][both].astype(np.int64)
    matrix = a.T @ b
    a_only = (a.astype(bool) & ~b.any(axis=1, keepdims=True)).sum(axis=0)
    b_only = (b.astype(bool) & ~a.any(axis=1, keepdims=True)).sum(axis=0)
    return {
        "unit": unit,
        "a": data.coders[0],
        "b": data.coders[1],
        "codes": [{"id": c.pk, "name": c.name} for c in data.codes],
        "matrix": matrix.tolist(),
        "a_only": a_only.tolist(),
        "b_only": b_only.tolist(),
        "units": int(both.sum()),
    }


def _unitized(study: Study, coders: list[str] | None, cache: dict | None = None) -> Report:
    names = coders or coders_of(study)
    data = _gather(study, "sentence", names, project=False, cache=cache)
    report = Report(unit="unitized", coders=data.coders)
    if len(data.coders) < 2:
        report.warnings.append("Agreement needs at least two coders who coded in this study.")
        return report
    lengths = (cache or {}).get("lengths") or dict(
        study.transcripts.annotate(n=Length("text")).values_list("id", "n")
    )
    coded = {(t, c) for t, c, *_ in data.codings}
    # Continuum: the transcripts every coder coded, end to end.
    shared = [pk for pk, *_ in data.transcripts if all((pk, c) in coded for c in data.coder_ids)]
    offsets, total = {}, 0
    for pk in shared:
        offsets[pk], total = total, total + lengths[pk]
    # One array per column for every coding on the shared continuum; each code and cluster is
    # a mask over them (coding/agreement/unitized.from_arrays skips per-unit Python).
    coder_index = {pk: i for i, pk in enumerate(data.coder_ids)}
    code_index = {c.pk: i for i, c in enumerate(data.codes)}
    rows = np.array(
        [
            (coder_index[c], offsets[t] + s, offsets[t] + e, code_index[k])
            for t, c, k, s, e in data.codings
            if t in offsets
        ],
        dtype=np.int64,
    ).reshape(-1, 4)
    coder, start, end, code = rows.T
    m = len(data.coders)
    note = "" if shared else "No transcript was coded by every chosen coder."

    def alpha(mask: np.ndarray, measure: str, values: np.ndarray | None = None) -> float | None:
        if not total:
            return None
        chosen = values if values is not None else code[mask] + 1
        return agreement.unitized.from_arrays(
            coder[mask], start[mask], end[mask], chosen, coders=m, length=total, measure=measure
        )[0]

    for i, c in enumerate(data.codes):
        value = alpha(code == i, "binary")
        report.codes.append(
            Row(c.pk, c.name, total, None, None, _clean(value), note if value is None else "")
        )
    by_cluster = defaultdict(list)
    for i, c in enumerate(data.codes):
        by_cluster[(c.cluster_id, c.cluster.name if c.cluster else "(no cluster)")].append(i)
    for (pk, name), members in by_cluster.items():
        mask = np.isin(code, members)
        single = _one_value_per_point(
            list(
                zip(
                    coder[mask].tolist(),
                    start[mask].tolist(),
                    end[mask].tolist(),
                    (code[mask] + 1).tolist(),
                    strict=True,
                )
            )
        )
        arrays = np.array(single, dtype=np.int64).reshape(-1, 4).T
        cu = u = None
        if total and len(single):
            cu = agreement.unitized.from_arrays(*arrays, coders=m, length=total, measure="cu")[0]
            u = agreement.unitized.from_arrays(*arrays, coders=m, length=total, measure="u")[0]
        why = (
            "" if cu is not None else "cu-alpha undefined (one code used, or no overlapping units)."
        )
        report.clusters.append(Row(pk, name, total, None, None, _clean(cu), why, _clean(u)))
    value = alpha(np.ones(len(code), dtype=bool), "binary")
    report.overall = Row(None, "Whole study (any code)", total, None, None, _clean(value), note)
    report.warnings += _same_cluster_overlaps(data)
    return report


def _one_value_per_point(units: list[tuple]) -> list[tuple]:
    """Unitizing needs one value per point and coder: where a coder's units of different codes
    overlap (listed in the report's warnings), the earlier-starting unit keeps the stretch and
    the later one is trimmed to what remains. Vectorised: a running maximum of ends per coder."""
    if not units:
        return []
    names = sorted({u[0] for u in units})
    coder_of = {name: i for i, name in enumerate(names)}
    coder = np.fromiter((coder_of[u[0]] for u in units), dtype=np.int64, count=len(units))
    start = np.fromiter((u[1] for u in units), dtype=np.int64, count=len(units))
    end = np.fromiter((u[2] for u in units), dtype=np.int64, count=len(units))
    value = np.fromiter((u[3] for u in units), dtype=np.int64, count=len(units))
    order = np.lexsort((-end, start, coder))
    coder, start, end, value = coder[order], start[order], end[order], value[order]
    span = int(end.max()) + 1
    reach = np.maximum.accumulate(end + coder * span) - coder * span  # per-coder running max
    previous = np.full(len(end), -1, dtype=np.int64)
    same = np.flatnonzero(coder[1:] == coder[:-1]) + 1
    previous[same] = reach[same - 1]
    trimmed = np.maximum(start, previous)
    keep = trimmed < end
    return [
        (names[c], int(s), int(e), int(v))
        for c, s, e, v in zip(coder[keep], trimmed[keep], end[keep], value[keep], strict=True)
    ]
