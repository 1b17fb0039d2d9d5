"""The coding workbench (being written)."""

urlpatterns: list = []
