"""Inter-coder agreement, pure: coders x units coefficients (measures), the vectorised per-code
binary pass (batch) and Krippendorff's unitizing alphas (unitized). Callers import from here:
`agreement.krippendorff_alpha(...)`. No Django, no ORM: plain data in, plain numbers out."""

from coding.agreement.batch import (
    binary_alpha_by_code,
    cohen_kappa_by_code,
    fleiss_kappa_by_code,
    percent_agreement_by_code,
)
from coding.agreement.measures import (
    LEVELS,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
    undefined_reason,
)
from coding.agreement.unitized import (
    OverlapError,
    binary_unitized_alpha,
    cu_alpha,
    pool,
    unitized_alpha,
    unitized_undefined_reason,
)

__all__ = [
    "LEVELS",
    "OverlapError",
    "binary_alpha_by_code",
    "binary_unitized_alpha",
    "brennan_prediger",
    "cohen_kappa",
    "cohen_kappa_by_code",
    "cu_alpha",
    "fleiss_kappa",
    "fleiss_kappa_by_code",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
    "percent_agreement_by_code",
    "pool",
    "scott_pi",
    "undefined_reason",
    "unitized_alpha",
    "unitized_undefined_reason",
]
