"""REST endpoint of a study's audit trail (owners only; coders and viewers 403)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from transcripts.access import StudyScopedMixin
from transcripts.audit import services
from transcripts.audit.models import AuditKind
from transcripts.audit.serializers import AuditEventOut
from transcripts.params import Pages
from transcripts.serializers import REFUSED

FILTERS = [
    OpenApiParameter("kind", str, enum=AuditKind.values, description="One kind of change."),
    OpenApiParameter("user", str, description="Changes by this username."),
    OpenApiParameter("since", str, description="From this day on (YYYY-MM-DD, UTC)."),
    OpenApiParameter("until", str, description="Up to this day, included (YYYY-MM-DD, UTC)."),
]


def filters(request) -> dict[str, str | None]:
    return {name: request.query_params.get(name) for name in ("kind", "user", "since", "until")}


class AuditList(StudyScopedMixin, APIView):
    pagination_class = Pages

    @extend_schema(
        parameters=FILTERS,
        responses={200: AuditEventOut(many=True), **REFUSED},
        description="Every change in the study, newest first (who, when, what, before/after).",
    )
    def get(self, request, study_pk: int):
        rows = services.events_for(self.member, **filters(request))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(AuditEventOut(page, many=True).data)
