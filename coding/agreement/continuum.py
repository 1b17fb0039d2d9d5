"""Unitized agreement tables from plain data (no Django): Krippendorff's unitizing alphas on
the character continuum, the transcripts every chosen coder coded laid end to end.

Per code the binary u-alpha; per cluster cu-alpha and u-alpha over the cluster's codes as
values (one value per point and coder, see `one_value_per_point`); the whole study as any
code. Input is the same `Data` as the binary tables (its unit arrays are not used)."""

import numpy as np

from coding import agreement
from coding.agreement.tables import Data, Report, Row, clean, clusters_of, same_cluster_overlaps


def _continuum(data: Data, lengths: dict[int, int]) -> tuple[np.ndarray, int, str]:
    """(coder, start, end, code) rows on the shared continuum, its length, and a note."""
    coded = {(t, c) for t, c, *_ in data.codings}
    shared = [pk for pk, *_ in data.transcripts if all((pk, c) in coded for c in data.coder_ids)]
    offsets, total = {}, 0
    for pk in shared:
        offsets[pk], total = total, total + lengths[pk]
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
    note = "" if shared else "No transcript was coded by every chosen coder."
    return rows, total, note


def _cluster_row(key, name, rows: np.ndarray, members: list[int], m: int, total: int) -> Row:
    coder, start, end, code = rows.T
    mask = np.isin(code, members)
    single = one_value_per_point(
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
    cu = u = coverage = None
    if total and len(single):
        cu, coverage = agreement.unitized.from_arrays(*arrays, coders=m, length=total, measure="cu")
        u = agreement.unitized.from_arrays(*arrays, coders=m, length=total, measure="u")[0]
    notes = (
        [] if cu is not None else ["cu-alpha undefined (one code used, or no overlapping units)."]
    )
    trimmed = (
        int((end[mask] - start[mask]).sum() - (arrays[2] - arrays[1]).sum()) if len(single) else 0
    )
    if trimmed:
        notes.append(
            f"{trimmed} characters trimmed where one coder's codes of this cluster overlapped "
            "(one value per point: the earlier-starting coding keeps the stretch)."
        )
    return Row(
        key, name, total, None, None, clean(cu), " ".join(notes), clean(u),
        coverage=clean(coverage),
    )  # fmt: skip


def unitized_report(data: Data, lengths: dict[int, int]) -> Report:
    """Every table of the unitized report; `lengths` maps transcript id to its length."""
    report = Report(unit="unitized", coders=data.coders, codings=len(data.codings))
    if len(data.coders) < 2:
        report.warnings.append("Agreement needs at least two coders who coded in this study.")
        return report
    rows, total, note = _continuum(data, lengths)
    coded = {(t, c) for t, c, *_ in data.codings}
    report.covered = sum(
        all((pk, c) in coded for c in data.coder_ids) for pk, *_ in data.transcripts
    )
    report.covered_rule = "transcripts every chosen coder coded (the shared continuum)"
    coder, start, end, code = rows.T
    m = len(data.coders)

    def binary(mask: np.ndarray) -> float | None:
        if not total:
            return None
        return agreement.unitized.from_arrays(
            coder[mask], start[mask], end[mask], code[mask] + 1, coders=m, length=total,
            measure="binary",
        )[0]  # fmt: skip

    for i, c in enumerate(data.codes):
        value = binary(code == i)
        report.codes.append(
            Row(c.pk, c.name, total, None, None, clean(value), note if value is None else "")
        )
    for (pk, name), members in clusters_of(data.codes, by_order=False):
        report.clusters.append(_cluster_row(pk, name, rows, members, m, total))
    value = binary(np.ones(len(code), dtype=bool))
    report.overall = Row(None, "Whole study (any code)", total, None, None, clean(value), note)
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
