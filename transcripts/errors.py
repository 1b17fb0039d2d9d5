"""One shape for errors: services raise DomainError(field, reason); the API answers 400 with
{"detail": ..., "errors": [{"field": ..., "reason": ...}]} for it, for Django's ValidationError and
for DRF's own validation errors, so clients parse one format."""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class DomainError(Exception):
    """A request the domain refuses; `field` names the input at fault ("" for the whole request)."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason


class ConflictError(DomainError):
    """The request is right but someone changed the thing first: 409 with what is there now
    (`current`), so the client can show it and decide again."""

    def __init__(self, field: str, reason: str, current: dict[str, Any]):
        super().__init__(field, reason)
        self.current = current


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        out: list[dict[str, str]] = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            out += _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
        return out
    if isinstance(detail, list):
        out = []
        for i, item in enumerate(detail):
            sub = f"{prefix}[{i}]" if isinstance(item, dict) else prefix
            out += _flatten(item, sub)
        return out
    return [{"field": prefix, "reason": str(detail)}]


def error_body(errors: list[dict[str, str]]) -> dict[str, Any]:
    first = errors[0] if errors else {"field": "", "reason": "Invalid request."}
    detail = f"{first['field']}: {first['reason']}" if first["field"] else first["reason"]
    return {"detail": detail, "errors": errors}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ConflictError):
        body = error_body([{"field": exc.field, "reason": exc.reason}])
        return Response({**body, "current": exc.current}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        return Response(
            error_body([{"field": exc.field, "reason": exc.reason}]),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return Response(error_body(_flatten(detail)), status=status.HTTP_400_BAD_REQUEST)
    # ParseError: a body that is not JSON (or form data) at all.
    if isinstance(exc, (exceptions.ValidationError, exceptions.ParseError)):
        return Response(error_body(_flatten(exc.detail)), status=status.HTTP_400_BAD_REQUEST)
    # Django's own refusals of a request body (more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields,
    # a body over DATA_UPLOAD_MAX_MEMORY_SIZE): in the API's shape, not Django's HTML page.
    if isinstance(exc, SuspiciousOperation):
        if isinstance(exc, TooManyFieldsSent):
            reason = f"Too many fields in the request (at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,})."
        elif isinstance(exc, RequestDataTooBig):
            reason = "The request body is too large."
        else:
            reason = "The request was refused."
        return Response(error_body([{"field": "", "reason": reason}]), status=400)
    return exception_handler(exc, context)
