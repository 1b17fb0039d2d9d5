"""Pages of the coding app: the workbench (workbench_views), the codebook (codebook_views)
and the constant-comparison page (comparison_views)."""

from . import codebook_views, comparison_views, workbench_views

urlpatterns = (
    workbench_views.urlpatterns + codebook_views.urlpatterns + comparison_views.urlpatterns
)
