"""Query parameters shared by the coding API views: ids, choices and the retrieval filters,
each refused with the parameter's name when malformed."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from coding.models import Valence
from transcripts.errors import DomainError


def int_or_none(value: str | None) -> int | None:
    """A form or query value as an int, None when absent or not a whole number."""
    try:
        return int(value or "")
    except ValueError:
        return None


def int_param(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise DomainError(name, "must be a whole number (an id).") from None


def choice_param(request, name: str, choices) -> str | None:
    value = request.query_params.get(name) or None
    if value is not None and value not in choices:
        raise DomainError(name, f"must be one of {', '.join(choices)}.")
    return value


FILTERS = [
    OpenApiParameter("transcript", OpenApiTypes.INT),
    OpenApiParameter("code", OpenApiTypes.INT),
    OpenApiParameter("cluster", OpenApiTypes.INT),
    OpenApiParameter("coder", OpenApiTypes.STR, description="username"),
    OpenApiParameter("participant", OpenApiTypes.STR, description="code such as P07"),
    OpenApiParameter("valence", OpenApiTypes.STR, enum=Valence.values),
    OpenApiParameter(
        "speaker_role", OpenApiTypes.STR, enum=["interviewer", "client", "therapist", "other"]
    ),
]


def parse_filters(request) -> dict:
    return {
        "transcript": int_param(request, "transcript"),
        "code": int_param(request, "code"),
        "cluster": int_param(request, "cluster"),
        "coder": request.query_params.get("coder") or None,
        "participant": request.query_params.get("participant") or None,
        "valence": choice_param(request, "valence", Valence.values),
        "speaker_role": choice_param(
            request, "speaker_role", ["interviewer", "client", "therapist", "other"]
        ),
    }
