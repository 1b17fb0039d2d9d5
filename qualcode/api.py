"""Shared API plumbing: the study-scoped base view every study endpoint derives from."""

from typing import Any

from rest_framework.permissions import SAFE_METHODS

from transcripts.access import get_study_for_user
from transcripts.models import Role


class StudyScopedMixin:
    """Resolves `self.study` once per request through the one door into a study.

    Reads need membership; writes need `write_role` (coder by default). Outsiders get 404."""

    write_role: str = Role.CODER

    def initial(self, request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication first: anonymous -> 401/403
        min_role = Role.VIEWER if request.method in SAFE_METHODS else self.write_role
        self.study = get_study_for_user(request.user, kwargs["study_pk"], min_role=min_role)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["study"] = getattr(self, "study", None)
        return context
