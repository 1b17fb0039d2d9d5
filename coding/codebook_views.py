"""Codebook and constant-comparison pages (being written)."""

urlpatterns: list = []
