"""Pages of the coding app: the workbench (workbench_views), the codebook (codebook_views),
the constant-comparison page (comparison_views), agreement (agreement_views) and
reconciliation (reconcile_views) and suggestions (suggest_views)."""

from . import (
    agreement_views,
    codebook_views,
    comparison_views,
    reconcile_views,
    suggest_views,
    workbench_views,
)

urlpatterns = (
    workbench_views.urlpatterns
    + codebook_views.urlpatterns
    + comparison_views.urlpatterns
    + agreement_views.urlpatterns
    + reconcile_views.urlpatterns
    + suggest_views.urlpatterns
)
