"""Every API answer a test receives is checked against the OpenAPI schema the API publishes:
scripts are written against that schema, so an answer outside it is a bug even when the test
asserting on it passes (schemathesis found an undocumented region kind that way)."""

import json
import re
from functools import cache

from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

API = "/api/v1/"


@cache
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node):
    """OpenAPI 3.0 to JSON Schema: `nullable` becomes a null alternative, refs point at $defs."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/$defs/")
    if node.get("nullable"):
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        return {"anyOf": [out, {"type": "null"}]}
    return out


@cache
def _routes() -> list[tuple[re.Pattern, dict]]:
    routes = []
    for path, item in _schema()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
        routes.append((pattern, item))
    return routes


@cache
def _definitions() -> dict:
    return _json_schema(_schema()["components"]["schemas"])


def _validator(path: str, method: str, status: int):
    for pattern, item in _routes():
        if pattern.match(path) and method in item:
            content = item[method]["responses"].get(str(status), {}).get("content", {})
            media = content.get("application/json")
            if media is None:
                return None
            schema = {**_json_schema(media["schema"]), "$defs": _definitions()}
            return Draft202012Validator(schema)
    return None


def _documented(path: str, method: str) -> dict | None:
    for pattern, item in _routes():
        if pattern.match(path) and method in item:
            return item[method]["responses"]
    return None


def check_documented(response, path: str, method: str) -> None:
    """The status code and the media type of every API answer are in the schema (what
    schemathesis reports as ST103 and ST105)."""
    responses = _documented(path, method.lower())
    if responses is None or response.status_code in (304, 405, 429):
        return
    documented = responses.get(str(response.status_code))
    if documented is None:
        raise AssertionError(
            f"{method.upper()} {path} answers {response.status_code}, not in its schema "
            f"({', '.join(sorted(responses))})"
        )
    media = response.get("Content-Type", "").split(";")[0].strip()
    kinds = documented.get("content", {})
    if media and kinds and media not in kinds:
        raise AssertionError(
            f"{method.upper()} {path} {response.status_code} answers {media}, not in its schema "
            f"({', '.join(kinds)})"
        )


def check(response, path: str, method: str) -> None:
    if not path.startswith(API):
        return
    check_documented(response, path, method)
    if "json" not in response.get("Content-Type", ""):
        return
    validator = _validator(path, method.lower(), response.status_code)
    if validator is None:
        return
    body = json.loads(response.content or b"null")
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path)
        raise AssertionError(
            f"{method.upper()} {path} {response.status_code} answers outside its schema "
            f"at '{where}': {errors[0].message}"
        )


class SchemaCheckingClient(APIClient):
    def generic(self, method, path, *args, **kwargs):
        response = super().generic(method, path, *args, **kwargs)
        check(response, path.split("?", 1)[0], method)
        return response
