"""Pages of the coding app: the workbench (workbench_views) and the codebook and
constant-comparison pages (codebook_views)."""

from . import codebook_views, workbench_views

urlpatterns = workbench_views.urlpatterns + codebook_views.urlpatterns
