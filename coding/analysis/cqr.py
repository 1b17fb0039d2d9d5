"""Consensual Qualitative Research frequency labels (DOMAIN.md section 2), pure.

A category found in `n` of `m` cases is general (all, or all but `general_missing`), typical
(at least `typical_percent` of the cases), variant (at least `variant_min`) or, in samples
larger than `rare_above`, rare (`variant_min` to `rare_max` cases; variant then starts above
`rare_max`). Fewer cases get no label (""). Integer arithmetic only, so every edge is exact."""

from dataclasses import dataclass

GENERAL, TYPICAL, VARIANT, RARE, NONE = "general", "typical", "variant", "rare", ""
LABELS = (GENERAL, TYPICAL, VARIANT, RARE, NONE)


@dataclass(frozen=True, slots=True)
class Thresholds:
    general_missing: int = 1
    typical_percent: int = 50
    variant_min: int = 2
    rare_above: int = 15
    rare_max: int = 3


def label(n: int, m: int, t: Thresholds) -> str:
    """The label of a category found in `n` of `m` cases."""
    if n <= 0 or m <= 0:
        return NONE
    if n >= m - t.general_missing:
        return GENERAL
    if n * 100 >= t.typical_percent * m:
        return TYPICAL
    if n < t.variant_min:
        return NONE
    if m > t.rare_above and n <= t.rare_max:
        return RARE
    return VARIANT


def bands(m: int, t: Thresholds) -> list[tuple[str, int, int]]:
    """(label, lowest n, highest n) for each label that some n in 1..m gets, most cases first."""
    found: dict[str, list[int]] = {}
    for n in range(m, 0, -1):
        found.setdefault(label(n, m, t), []).append(n)
    return [(name, min(ns), max(ns)) for name, ns in found.items()]


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def rule_text(m: int, t: Thresholds) -> str:
    """The rule as a sentence with the case counts it gives for a sample of `m`."""
    if m <= 0:
        return "No participants with transcripts yet: no labels."
    why = {
        GENERAL: f"all or all but {t.general_missing}",
        TYPICAL: f"at least {t.typical_percent}%",
        VARIANT: f"more than {t.rare_max}" if m > t.rare_above else f"at least {t.variant_min}",
        RARE: f"{t.variant_min}-{t.rare_max} cases, in samples over {t.rare_above}",
        NONE: "no label",
    }
    parts = [
        f"{name or 'unlabelled'} {_span(low, high)} of {m} ({why[name]})"
        for name, low, high in bands(m, t)
    ]
    return "; ".join(parts) + "."
