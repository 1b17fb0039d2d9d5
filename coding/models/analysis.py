"""Per-study settings of the cross-case analysis: the CQR frequency-label thresholds
(DOMAIN.md section 2 gives the defaults; papers differ, so owners set them per study)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from transcripts.models import Study

RARE_BELOW_VARIANT = "Rare runs from the variant minimum up: it cannot end below it."


class AnalysisSettings(models.Model):
    study = models.OneToOneField(Study, on_delete=models.CASCADE, related_name="analysis_settings")
    # What owners edit, on the analysis page (a ModelForm) and in the API (a ModelSerializer);
    # the validators below serve both.
    EDITABLE = ("general_missing", "typical_percent", "variant_min", "rare_above", "rare_max")

    general_missing = models.PositiveSmallIntegerField(
        default=1,
        validators=[MaxValueValidator(10)],
        help_text="General: found in all cases, or all but this many.",
    )
    typical_percent = models.PositiveSmallIntegerField(
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Typical: found in at least this percentage of the cases.",
    )
    variant_min = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Variant: found in at least this many cases.",
    )
    rare_above = models.PositiveSmallIntegerField(
        default=15,
        validators=[MaxValueValidator(10000)],
        help_text="Samples larger than this have a rare label.",
    )
    rare_max = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Rare (in larger samples): from the variant minimum up to this many cases.",
    )

    class Meta:
        verbose_name_plural = "analysis settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(rare_max__gte=F("variant_min")),
                name="analysis_rare_from_variant_min",
                violation_error_message=RARE_BELOW_VARIANT,
            ),
            models.CheckConstraint(
                condition=Q(typical_percent__gte=1, typical_percent__lte=100),
                name="analysis_typical_percent_1_100",
            ),
        ]

    def __str__(self) -> str:
        return f"analysis settings of study {self.study_id}"
