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

from transcripts.models import Study

from . import agreement
from .models import Code, Coding
from .units import covered_units

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


def coders_of(study: Study) -> list[str]:
    """Usernames of everyone who coded in the study, in name order."""
    return sorted(
        Coding.objects.filter(transcript__study=study)
        .order_by()  # the model's ordering would make DISTINCT per span
        .values_list("coder__username", flat=True)
        .distinct()
    )


def _gather(study: Study, unit: str, coders: list[str] | None, *, project: bool = True) -> _Data:
    from django.contrib.auth import get_user_model

    names = coders or coders_of(study)
    users = dict(get_user_model().objects.filter(username__in=names).values_list("username", "id"))
    names = [n for n in names if n in users]
    coder_ids = [users[n] for n in names]
    codes = list(
        Code.objects.filter(study=study).select_related("cluster").order_by("order", "name")
    )
    rows = list(
        study.transcripts.order_by("participant__code", "id").values_list(
            "id", "title", "participant__code", "sentences"
        )
    )
    transcripts = [(pk, title, participant) for pk, title, participant, _ in rows]
    if unit == "turn":
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
    offsets, position, start = {}, {}, 0
    for index, (pk, *_) in enumerate(rows):
        offsets[pk], position[pk] = start, index
        start += len(bounds[pk])
    codings = list(
        Coding.objects.filter(transcript__study=study, coder_id__in=coder_ids).values_list(
            "transcript_id", "coder_id", "code_id", "start", "end"
        )
    )
    coder_index = {pk: i for i, pk in enumerate(coder_ids)}
    code_index = {c.pk: i for i, c in enumerate(codes)}
    presence = np.zeros((len(coder_ids), start, len(codes)), dtype=bool)
    rated = np.zeros((len(coder_ids), start), dtype=bool)
    groups: dict[tuple[int, int, int], list[tuple[int, int]]] = defaultdict(list)
    for transcript_id, coder_id, code_id, s, e in codings:
        groups[(transcript_id, coder_id, code_id)].append((s, e))
    for (transcript_id, coder_id, code_id), spans in groups.items() if project else ():
        base = offsets[transcript_id]
        c = coder_index[coder_id]
        rated[c, base : base + len(bounds[transcript_id])] = True
        hits = covered_units(bounds[transcript_id], spans)
        presence[c, base + hits, code_index[code_id]] = True
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


def _pooled(presence: np.ndarray, rated: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (unit, code) pair as one binary unit: coders x (units*codes) x 1."""
    coders, units, codes = presence.shape
    flat = presence.reshape(coders, units * codes, 1)
    mask = np.repeat(rated, codes, axis=1)
    return flat, mask


def _pooled_row(key, name, presence, rated) -> Row:
    flat, mask = _pooled(presence, rated)
    alpha, percent, kappa = _binary_rows(flat, mask) if flat.shape[1] else ([None], [None], [None])
    units = int(rated.any(axis=0).sum()) if rated.size else 0
    row = Row(key, name, units, _clean(percent[0]), _clean(kappa[0]), _clean(alpha[0]))
    return row if row.alpha is not None else _with_note(row, flat, mask)


def _with_note(row: Row, presence: np.ndarray, rated: np.ndarray) -> Row:
    note = _reason(presence[:, :, 0], rated) if presence.shape[1] else "No units to compare."
    return Row(row.key, row.name, row.units, row.percent, row.kappa, row.alpha, note)


def study_agreement(
    study: Study, *, unit: str = "sentence", coders: list[str] | None = None
) -> Report:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    if unit == "unitized":
        return _unitized(study, coders)
    data = _gather(study, unit, coders)
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
    for index, (pk, title, _) in enumerate(data.transcripts):
        mask = data.unit_transcript == index
        report.transcripts.append(_pooled_row(pk, title, presence[:, mask], rated[:, mask]))
    participants = defaultdict(list)
    for index, (_, _, code) in enumerate(data.transcripts):
        participants[code or "(none)"].append(index)
    for code, indexes in sorted(participants.items()):
        mask = np.isin(data.unit_transcript, indexes)
        report.participants.append(_pooled_row(None, code, presence[:, mask], rated[:, mask]))
    report.overall = _pooled_row(None, "Whole study", presence, rated)
    for a, b in combinations(range(len(data.coders)), 2):
        row = _pooled_row(None, "", presence[[a, b]], rated[[a, b]])
        report.pairs.append(
            {
                "a": data.coders[a],
                "b": data.coders[b],
                "alpha": row.alpha,
                "kappa": row.kappa,
                "percent_agreement": row.percent,
            }
        )
    report.warnings += _same_cluster_overlaps(data)
    return report


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


def _unitized(study: Study, coders: list[str] | None) -> Report:
    names = coders or coders_of(study)
    data = _gather(study, "sentence", names, project=False)
    report = Report(unit="unitized", coders=data.coders)
    if len(data.coders) < 2:
        report.warnings.append("Agreement needs at least two coders who coded in this study.")
        return report
    lengths = dict(study.transcripts.annotate(n=Length("text")).values_list("id", "n"))
    coded = {(t, c) for t, c, *_ in data.codings}
    # Continuum: the transcripts every coder coded, end to end.
    shared = [pk for pk, *_ in data.transcripts if all((pk, c) in coded for c in data.coder_ids)]
    offsets, total = {}, 0
    for pk in shared:
        offsets[pk], total = total, total + lengths[pk]
    names = dict(zip(data.coder_ids, data.coders, strict=True))
    per_code = defaultdict(list)
    for transcript_id, coder_id, code_id, start, end in data.codings:
        if transcript_id in offsets:
            base = offsets[transcript_id]
            per_code[code_id].append((names[coder_id], base + start, base + end, code_id))
    note = "" if shared else "No transcript was coded by every chosen coder."
    for code in data.codes:
        value = (
            agreement.binary_unitized_alpha(per_code[code.pk], total, coders=data.coders)[0]
            if total
            else None
        )
        report.codes.append(
            Row(code.pk, code.name, total, None, None, _clean(value), note if value is None else "")
        )
    by_cluster = defaultdict(list)
    for code in data.codes:
        by_cluster[(code.cluster_id, code.cluster.name if code.cluster else "(no cluster)")] += (
            per_code[code.pk]
        )
    for (pk, name), units in by_cluster.items():
        value = (
            agreement.cu_alpha(_one_value_per_point(units), total, coders=data.coders)[0]
            if total
            else None
        )
        report.clusters.append(
            Row(
                pk,
                name,
                total,
                None,
                None,
                _clean(value),
                ""
                if value is not None
                else "cu-alpha undefined (one code used, or no overlapping units).",
            )
        )
    everything = [(c, s, e, 1) for units in per_code.values() for c, s, e, _ in units]
    value = (
        agreement.binary_unitized_alpha(everything, total, coders=data.coders)[0] if total else None
    )
    report.overall = Row(None, "Whole study (any code)", total, None, None, _clean(value), note)
    report.warnings += _same_cluster_overlaps(data)
    return report


def _one_value_per_point(units: list[tuple]) -> list[tuple]:
    """Unitizing needs one value per point and coder: where a coder's units of different codes
    overlap (listed in the report's warnings), the earlier-starting unit keeps the stretch and
    the later one is trimmed to what remains."""
    out, by_coder = [], defaultdict(list)
    for unit in units:
        by_coder[unit[0]].append(unit)
    for coder, items in by_coder.items():
        reach = -1
        for _, start, end, value in sorted(items, key=lambda u: (u[1], -u[2])):
            start = max(start, reach)
            if start < end:
                out.append((coder, start, end, value))
                reach = end
    return out
