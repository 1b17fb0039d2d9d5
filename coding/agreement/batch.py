"""Per-code binary agreement in one vectorised pass. Input: `presence`, booleans coders x units x
codes (did this coder give this unit this code?), and optionally `rated`, booleans coders x units
(did this coder rate this unit at all? default: everyone rated everything). A unit a coder did not
rate is a missing value, as None is in coders x units data. Results are lists with one entry per
code, None where the coefficient is undefined, equal to the per-code results of measures.py.

Nominal alpha for binary data (Krippendorff 2011, binary case): per pairable unit u (r_u >= 2
raters) with p_u coders saying "present", o_01 = sum_u p_u (r_u - p_u) / (r_u - 1),
n_1 = sum_u p_u, n_0 = sum_u (r_u - p_u), n = n_0 + n_1, alpha = 1 - (n - 1) o_01 / (n_0 n_1).
Units are grouped by r_u (at most one group per coder count), so every sum over units is two
column sums per group, sum p and sum p^2, taken for all codes at once.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class _Group:
    """Pairable units rated by the same number of coders: the per-code sums over them."""

    raters: int
    units: int
    present: np.ndarray  # sum_u p_u, one per code
    squares: np.ndarray  # sum_u p_u^2, one per code


def _validated(presence: np.ndarray, rated: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    presence = np.asarray(presence, dtype=bool)
    if presence.ndim != 3:
        raise ValueError("presence must be coders x units x codes.")
    if rated is None:
        return presence, np.ones(presence.shape[:2], dtype=bool)
    rated = np.asarray(rated, dtype=bool)
    if rated.shape != presence.shape[:2]:
        raise ValueError("rated must be coders x units, matching presence.")
    return presence, rated


def _groups(presence: np.ndarray, rated: np.ndarray) -> list[_Group]:
    presence, rated = _validated(presence, rated)
    coders, _, codes = presence.shape
    counts = np.zeros(presence.shape[1:], dtype=np.uint8 if coders < 256 else np.int64)
    everyone = bool(rated.all())
    for says, took_part in zip(presence, rated, strict=True):
        counts += says if everyone else says & took_part[:, None]
    raters = rated.sum(axis=0)
    groups = []
    for r in np.unique(raters[raters >= 2]).tolist():
        chosen = counts if everyone else counts[raters == r]
        as_float = chosen.astype(np.float64)
        groups.append(
            _Group(
                raters=r,
                units=len(chosen),
                present=chosen.sum(axis=0, dtype=np.int64).astype(np.float64),
                squares=np.einsum("uk,uk->k", as_float, as_float),
            )
        )
    return groups


def _as_list(values: np.ndarray, defined: np.ndarray) -> list[float | None]:
    pairs = zip(values.tolist(), defined.tolist(), strict=True)
    return [float(v) if ok else None for v, ok in pairs]


def binary_alpha_by_code(
    presence: np.ndarray, rated: np.ndarray | None = None
) -> list[float | None]:
    """Krippendorff's nominal alpha of every code (presence vs absence), all codes at once."""
    codes = np.shape(presence)[-1]
    groups = _groups(presence, rated)
    n = float(sum(g.raters * g.units for g in groups))
    n_1 = sum((g.present for g in groups), np.zeros(codes))
    disagree = sum(
        ((g.raters * g.present - g.squares) / (g.raters - 1) for g in groups), np.zeros(codes)
    )
    n_0 = n - n_1
    defined = (n_0 * n_1) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1 - (n - 1) * disagree / (n_0 * n_1)
    return _as_list(alpha, defined)


def percent_agreement_by_code(
    presence: np.ndarray, rated: np.ndarray | None = None
) -> list[float | None]:
    """Share of agreeing coder pairs per unit, averaged over units rated by two or more coders."""
    codes = np.shape(presence)[-1]
    groups = _groups(presence, rated)
    units = sum(g.units for g in groups)
    # Per unit: p (p - 1) + (r - p) (r - p - 1) = 2 p^2 - 2 r p + r (r - 1) agreeing pairs.
    agreeing = sum(
        (
            (2 * g.squares - 2 * g.raters * g.present) / (g.raters * (g.raters - 1)) + g.units
            for g in groups
        ),
        np.zeros(codes),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = agreeing / units
    return _as_list(mean, np.full(codes, units > 0))


def cohen_kappa_by_code(
    presence: np.ndarray, rated: np.ndarray | None = None
) -> list[float | None]:
    """Cohen's kappa of every code for exactly two coders, over the units both rated."""
    presence, rated = _validated(presence, rated)
    if presence.shape[0] != 2:
        raise ValueError("Cohen's kappa compares exactly two coders.")
    both = rated[0] & rated[1]
    units = int(both.sum())
    if not units:
        return [None] * presence.shape[2]
    a, b = (presence[i] if both.all() else presence[i][both] for i in (0, 1))
    p_a = np.count_nonzero(a, axis=0) / units
    p_b = np.count_nonzero(b, axis=0) / units
    p_both = np.count_nonzero(a & b, axis=0) / units
    observed = 1 - p_a - p_b + 2 * p_both
    chance = p_a * p_b + (1 - p_a) * (1 - p_b)
    defined = chance < 1
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = (observed - chance) / (1 - chance)
    return _as_list(kappa, defined)


def fleiss_kappa_by_code(
    presence: np.ndarray, rated: np.ndarray | None = None
) -> list[float | None]:
    """Fleiss' kappa of every code (Gwet's form for missing ratings, as measures.fleiss_kappa):
    p_a from percent_agreement_by_code; chance sum_k pi_k^2 with pi_present the mean over
    units rated by anyone of p_u / r_u."""
    presence, rated = _validated(presence, rated)
    raters = rated.sum(axis=0)
    seen = raters >= 1
    counts = (presence & rated[:, :, None]).sum(axis=0, dtype=np.int64)[seen]
    with np.errstate(divide="ignore", invalid="ignore"):
        pi = (
            (counts / raters[seen][:, None]).mean(axis=0)
            if seen.any()
            else np.zeros(presence.shape[2])
        )
    agreement = np.array(
        [np.nan if a is None else a for a in percent_agreement_by_code(presence, rated)]
    )
    chance = pi**2 + (1 - pi) ** 2
    defined = (pi > 0) & (pi < 1) & ~np.isnan(agreement)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = (agreement - chance) / (1 - chance)
    return _as_list(kappa, defined)
