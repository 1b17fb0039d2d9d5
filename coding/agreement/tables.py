"""Agreement tables from plain arrays (no Django): one row per code, cluster, transcript,
participant, the whole study and every coder pair, for binary units (sentences or turns).

Input is `Data`: every chosen coder's codings projected onto the units as a boolean array
coders x units x codes (`presence`) and which units each coder rated (`rated`). The pooled
rows treat every (unit, code) pair as one binary unit; their sums are additive over units, so
every grouping is one bincount per sum."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import combinations

import numpy as np

from coding import agreement


@dataclass(frozen=True, slots=True)
class CodeInfo:
    pk: int
    name: str
    cluster_id: int | None
    cluster_name: str  # "(no cluster)" when the code has none
    cluster_order: int


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
    # Code and cluster rows: units each coder marked present, in the order of the coders.
    positives: tuple[int, ...] | None = None
    # Unitized cluster rows: the share of the coder-continuum cu-alpha rests on.
    coverage: float | None = None


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
    # What the consensus rows cover: reconciled transcripts, their units, share of characters.
    consensus_coverage: dict | None = None
    warnings: list[str] = field(default_factory=list)
    # The chosen coders' codings, and how many of them count for nothing at this unit.
    codings: int = 0
    unplaced: int = 0
    # The transcripts the figures cover, and the rule that chose them.
    covered: int = 0
    covered_rule: str = ""

    def as_dict(self) -> dict:
        def rows(items):
            return [row_dict(r, self.coders) for r in items]

        return {
            "unit": self.unit,
            "coders": self.coders,
            "overall": row_dict(self.overall) if self.overall else None,
            "codes": rows(self.codes),
            "clusters": rows(self.clusters),
            "transcripts": rows(self.transcripts),
            "participants": rows(self.participants),
            "pairs": self.pairs,
            "consensus": self.consensus,
            "consensus_coverage": self.consensus_coverage,
            "warnings": self.warnings,
            "codings": self.codings,
            "unplaced": self.unplaced,
            "covered": self.covered,
            "covered_rule": self.covered_rule,
        }


@dataclass(slots=True)
class Data:
    coders: list[str]
    coder_ids: list[int]
    codes: list[CodeInfo]
    transcripts: list[tuple[int, str, str | None]]  # id, title, participant code
    unit_transcript: np.ndarray  # transcript position of every unit
    presence: np.ndarray  # coders x units x codes
    rated: np.ndarray  # coders x units
    codings: list[tuple]  # (transcript_id, coder_id, code_id, start, end)
    unplaced: int = 0  # codings that count for nothing at this unit (see report._unplaced)
    # Every unit's (start, end) in its own transcript's text, when the caller needs them.
    unit_spans: np.ndarray | None = None


def only_units(data: Data, mask: np.ndarray) -> Data:
    """The same data restricted to the units where `mask` is true."""
    return replace(
        data,
        unit_transcript=data.unit_transcript[mask],
        presence=data.presence[:, mask],
        rated=data.rated[:, mask],
        unit_spans=None if data.unit_spans is None else data.unit_spans[mask],
    )


def row_dict(row: Row, coders: list[str] | None = None) -> dict:
    positives = None
    if row.positives is not None and coders is not None:
        positives = dict(zip(coders, row.positives, strict=True))
    return {
        "id": row.key,
        "name": row.name,
        "units": row.units,
        "percent_agreement": row.percent,
        "kappa": row.kappa,
        "alpha": row.alpha,
        "note": row.note,
        "u_alpha": row.u_alpha,
        "coverage": row.coverage,
        "positives": positives,
    }


def clean(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else round(value, 6)


def clusters_of(
    codes: list[CodeInfo], *, by_order: bool = True
) -> list[tuple[tuple[int | None, str], list[int]]]:
    """(cluster id, name) -> positions of its codes; clusters in codebook order, or in the
    order of their first code."""
    members = defaultdict(list)
    for k, code in enumerate(codes):
        members[(code.cluster_id, code.cluster_name)].append(k)
    if not by_order:
        return list(members.items())
    order = {c.cluster_id: c.cluster_order for c in codes}
    return [(key, members[key]) for key in sorted(members, key=lambda k: (order[k[0]], k[1]))]


def binary_rows(presence: np.ndarray, rated: np.ndarray) -> tuple[np.ndarray, ...]:
    """alpha, percent agreement and kappa for every column of a coders x units x k array."""
    alpha = agreement.binary_alpha_by_code(presence, rated)
    percent = agreement.percent_agreement_by_code(presence, rated)
    if presence.shape[0] == 2:
        kappa = agreement.cohen_kappa_by_code(presence, rated)
    else:
        kappa = agreement.fleiss_kappa_by_code(presence, rated)
    return alpha, percent, kappa


def reason(column: np.ndarray, rated: np.ndarray) -> str:
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


def unit_sums(presence: np.ndarray, rated: np.ndarray) -> dict[str, np.ndarray]:
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


def pooled_rows(
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
    # Units rated by two or more coders: the only ones a coefficient compares.
    units = total("pairable").astype(int)
    return [(units[g], percent[g], kappa[g], alpha[g]) for g in range(n_groups)]


def pooled_row(key, name, stats: tuple, column: np.ndarray, rated: np.ndarray) -> Row:
    units, percent, kappa, alpha = stats
    row = Row(key, name, int(units), clean(percent), clean(kappa), clean(alpha))
    if row.alpha is not None:
        return row
    any_code = column.any(axis=2, keepdims=True) if column.shape[1] else column[:, :, :1]
    return with_note(row, any_code, rated)


def with_note(row: Row, presence: np.ndarray, rated: np.ndarray) -> Row:
    note = reason(presence[:, :, 0], rated) if presence.shape[1] else "No units to compare."
    return replace(row, note=note)


def _column_rows(keys: list, names: list[str], presence, rated, units: int) -> list[Row]:
    """One row per column (code or cluster) of a coders x units x k array, with how many
    units each coder marked present (percent agreement is mostly agreement on absence)."""
    alpha, percent, kappa = binary_rows(presence, rated)
    positives = (presence & rated[:, :, None]).sum(axis=1)  # coders x k
    rows = []
    for i, (key, name) in enumerate(zip(keys, names, strict=True)):
        row = Row(key, name, units, clean(percent[i]), clean(kappa[i]), clean(alpha[i]))
        if row.alpha is None:
            row = with_note(row, presence[:, :, i : i + 1], rated)
        rows.append(replace(row, positives=tuple(int(n) for n in positives[:, i])))
    return rows


def _grouped_rows(data: Data, sums: dict, group: np.ndarray, labels: list[tuple]) -> list[Row]:
    """Pooled rows per group of units (`group` maps every unit to a label's position)."""
    stats = pooled_rows(sums, data.presence.shape[2], group, len(labels))
    rows = []
    for index, (key, name) in enumerate(labels):
        mask = group == index
        rows.append(
            pooled_row(key, name, stats[index], data.presence[:, mask], data.rated[:, mask])
        )
    return rows


def pair_row(data: Data, a: int, b: int) -> Row:
    """Two coders pooled over every unit and code."""
    presence, rated = data.presence[[a, b]], data.rated[[a, b]]
    whole = np.zeros(presence.shape[1], dtype=np.int64)
    stats = pooled_rows(unit_sums(presence, rated), presence.shape[2], whole, 1)[0]
    return pooled_row(None, "", stats, presence, rated)


def binary_report(data: Data, unit: str) -> Report:
    """Every table of the binary report (codes, clusters, transcripts, participants, study,
    coder pairs) from the projected arrays."""
    report = Report(unit=unit, coders=data.coders)
    report.codings, report.unplaced = len(data.codings), data.unplaced
    if len(data.coders) < 2:
        report.warnings.append("Agreement needs at least two coders who coded in this study.")
        return report
    presence, rated = data.presence, data.rated
    pairable = rated.sum(axis=0) >= 2
    units_rated = int(pairable.sum())
    report.covered = len(np.unique(data.unit_transcript[pairable]))
    report.covered_rule = "transcripts two or more of the chosen coders coded"
    codes = data.codes
    report.codes = _column_rows(
        [c.pk for c in codes], [c.name for c in codes], presence, rated, units_rated
    )
    clusters = clusters_of(codes)
    if clusters:
        stacked = np.stack([presence[:, :, ks].any(axis=2) for _, ks in clusters], axis=2)
        report.clusters = _column_rows(
            [pk for (pk, _), _ in clusters],
            [n for (_, n), _ in clusters],
            stacked,
            rated,
            units_rated,
        )
    sums = unit_sums(presence, rated)
    report.transcripts = _grouped_rows(
        data, sums, data.unit_transcript, [(pk, title) for pk, title, _ in data.transcripts]
    )
    participants = sorted({code or "(none)" for _, _, code in data.transcripts})
    of = np.array(
        [participants.index(code or "(none)") for _, _, code in data.transcripts], dtype=np.int64
    )
    unit_participant = (
        of[data.unit_transcript] if len(data.unit_transcript) else data.unit_transcript
    )
    report.participants = _grouped_rows(
        data, sums, unit_participant, [(None, code) for code in participants]
    )
    whole = np.zeros(presence.shape[1], dtype=np.int64)
    report.overall = _grouped_rows(data, sums, whole, [(None, "Whole study")])[0]
    for a, b in combinations(range(len(data.coders)), 2):
        pair = pair_row(data, a, b)
        report.pairs.append(
            {
                "a": data.coders[a],
                "b": data.coders[b],
                "alpha": pair.alpha,
                "kappa": pair.kappa,
                "percent_agreement": pair.percent,
            }
        )
    report.warnings += same_cluster_overlaps(data)
    return report


def against_last(data: Data) -> list[dict]:
    """Each coder against the last coder of `data` (the consensus), pooled over every unit."""
    last = len(data.coders) - 1
    rows = []
    for index, coder in enumerate(data.coders[:-1]):
        pair = pair_row(data, index, last)
        rows.append(
            {
                "coder": coder,
                "units": pair.units,
                "alpha": pair.alpha,
                "kappa": pair.kappa,
                "percent_agreement": pair.percent,
            }
        )
    return rows


def confusion(data: Data, unit: str) -> dict:
    """Code-by-code matrix for two coders: where A used X on a unit, what did B use there?"""
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


def same_cluster_overlaps(data: Data, limit: int = 50) -> list[str]:
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
