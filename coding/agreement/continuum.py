"""Unitized agreement tables from plain data (no Django): Krippendorff's unitizing alphas on
the character continuum: the transcripts two or more chosen coders coded, the same set as the
sentence and turn tables, laid end to end per set of coders who coded them.

Per code the binary u-alpha; per cluster cu-alpha and u-alpha over the cluster's codes as
values (one value per point and coder, see `one_value_per_point`); the whole study as any
code. Input is the same `Data` as the binary tables (its unit arrays are not used)."""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from coding import agreement
from coding.agreement.tables import Data, Report, Row, clean, clusters_of, same_cluster_overlaps


@dataclass(frozen=True, slots=True)
class _Continua:
    """Transcripts two or more chosen coders coded, grouped by who coded them; each group is
    one continuum (its transcripts end to end) with its own coders. Rows: (coder index within
    the group, start, end, code index, group)."""

    rows: np.ndarray
    coders: list[int]
    lengths: list[int]
    covered: int

    @property
    def total(self) -> int:
        return sum(self.lengths)


def _continua(data: Data, lengths: dict[int, int]) -> _Continua:
    coded: dict[int, set[int]] = defaultdict(set)
    for t, c, *_ in data.codings:
        coded[t].add(c)
    groups: dict[tuple[int, ...], int] = {}
    sizes: list[int] = []
    place: dict[int, tuple[int, int]] = {}  # transcript -> (group, offset in the group)
    for pk, *_ in data.transcripts:
        who = tuple(c for c in data.coder_ids if c in coded[pk])
        if len(who) < 2:
            continue
        g = groups.setdefault(who, len(groups))
        if g == len(sizes):
            sizes.append(0)
        place[pk] = (g, sizes[g])
        sizes[g] += lengths[pk]
    local = {(g, c): i for who, g in groups.items() for i, c in enumerate(who)}
    code_index = {c.pk: i for i, c in enumerate(data.codes)}
    rows = np.array(
        [
            (local[place[t][0], c], place[t][1] + s, place[t][1] + e, code_index[k], place[t][0])
            for t, c, k, s, e in data.codings
            if t in place
        ],
        dtype=np.int64,
    ).reshape(-1, 5)
    return _Continua(rows, [len(who) for who in groups], sizes, len(place))


def _alpha(continua: _Continua, rows: np.ndarray, measure: str) -> tuple[float | None, float]:
    coder, start, end, code, group = rows.T
    return agreement.unitized.from_groups(
        coder, start, end, code + 1, group,
        coders=continua.coders, lengths=continua.lengths, measure=measure,
    )  # fmt: skip


def _cluster_row(key, name, continua: _Continua, members: list[int]) -> Row:
    rows = continua.rows[np.isin(continua.rows[:, 3], members)]
    width = max(continua.coders, default=0)
    # One value per point and coder: the coder key is unique across groups.
    single = one_value_per_point([(g * width + c, s, e, k) for c, s, e, k, g in rows.tolist()])
    arrays = np.array(
        [(key % width, s, e, k, key // width) for key, s, e, k in single], dtype=np.int64
    ).reshape(-1, 5)
    cu = u = coverage = None
    if continua.total and len(single):
        cu, coverage = _alpha(continua, arrays, "cu")
        u = _alpha(continua, arrays, "u")[0]
    notes = (
        [] if cu is not None else ["cu-alpha undefined (one code used, or no overlapping units)."]
    )
    trimmed = int((rows[:, 2] - rows[:, 1]).sum() - (arrays[:, 2] - arrays[:, 1]).sum())
    if trimmed:
        notes.append(
            f"{trimmed} characters trimmed where one coder's codes of this cluster overlapped "
            "(one value per point: the earlier-starting coding keeps the stretch)."
        )
    return Row(
        key, name, continua.total, None, None, clean(cu), " ".join(notes), clean(u),
        coverage=clean(coverage),
    )  # fmt: skip


def unitized_report(data: Data, lengths: dict[int, int]) -> Report:
    """Every table of the unitized report; `lengths` maps transcript id to its length."""
    report = Report(unit="unitized", coders=data.coders, codings=len(data.codings))
    if len(data.coders) < 2:
        report.warnings.append("Agreement needs at least two coders who coded in this study.")
        return report
    continua = _continua(data, lengths)
    report.covered = continua.covered
    report.covered_rule = "transcripts two or more of the chosen coders coded"
    note = "" if continua.covered else "No transcript was coded by two or more chosen coders."
    code = continua.rows[:, 3]

    def binary(mask: np.ndarray) -> float | None:
        return _alpha(continua, continua.rows[mask], "binary")[0] if continua.total else None

    for i, c in enumerate(data.codes):
        value = binary(code == i)
        report.codes.append(
            Row(
                c.pk,
                c.name,
                continua.total,
                None,
                None,
                clean(value),
                note if value is None else "",
            )
        )
    for (pk, name), members in clusters_of(data.codes, by_order=False):
        report.clusters.append(_cluster_row(pk, name, continua, members))
    value = binary(np.ones(len(code), dtype=bool))
    report.overall = Row(
        None, "Whole study (any code)", continua.total, None, None, clean(value), note
    )
    report.warnings += same_cluster_overlaps(data)
    return report


def one_value_per_point(units: list[tuple]) -> list[tuple]:
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
