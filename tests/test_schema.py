"""The OpenAPI schema is the API's contract (STYLE.md 14): every answer typed, operation ids
unique, refusals documented, and drf-spectacular generating it without a warning."""

from collections import Counter

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def untyped(schema: dict, node: dict) -> bool:
    """An object without properties (a bare dict), directly or as the items of an array or
    one of the alternatives of a oneOf."""
    node = resolve(schema, node)
    if "oneOf" in node:
        return any(untyped(schema, choice) for choice in node["oneOf"])
    if node.get("type") == "array":
        return untyped(schema, node.get("items", {}))
    return node.get("type") == "object" and not node.get("properties") or node == {}


def test_no_response_is_a_bare_object(schema):
    bare = [
        f"{method.upper()} {path} {code}"
        for path, method, operation in operations(schema)
        for code, response in operation["responses"].items()
        for media in response.get("content", {}).values()
        if untyped(schema, media["schema"])
    ]
    assert bare == []


def test_every_answer_with_a_body_has_a_schema(schema):
    missing = [
        f"{method.upper()} {path} {code}"
        for path, method, operation in operations(schema)
        for code, response in operation["responses"].items()
        if code != "204" and "content" not in response
    ]
    assert missing == []


def test_operation_ids_are_unique(schema):
    counts = Counter(operation["operationId"] for _, _, operation in operations(schema))
    assert [name for name, n in counts.items() if n > 1] == []


def test_refusals_are_documented(schema):
    """403 everywhere (not logged in, role too low); 404 where the path names a study or an
    object; 400 where the operation takes a body or query parameters."""
    missing = []
    for path, method, operation in operations(schema):
        params = operation.get("parameters", [])
        expected = {"403"} if path != "/api/v1/auth/token/" else set()  # open to everyone
        if any(p["in"] == "path" for p in params):
            expected.add("404")
        if "requestBody" in operation or any(p["in"] == "query" for p in params):
            expected.add("400")
        missing += [
            f"{method.upper()} {path} {code}"
            for code in sorted(expected - set(operation["responses"]))
        ]
    assert missing == []


def test_errors_have_the_one_error_shape(schema):
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"detail", "errors"}
    item = resolve(schema, error["properties"]["errors"]["items"])
    assert set(item["properties"]) == {"field", "reason"}


def test_schema_generates_and_validates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
