"""Pages of the coding app: the workbench (workbench_views), the codebook (codebook_views),
the constant-comparison page (comparison_views) and agreement (agreement_views)."""

from . import agreement_views, codebook_views, comparison_views, workbench_views

urlpatterns = (
    workbench_views.urlpatterns
    + codebook_views.urlpatterns
    + comparison_views.urlpatterns
    + agreement_views.urlpatterns
)
