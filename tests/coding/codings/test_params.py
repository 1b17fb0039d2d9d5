"""Text query parameters (coding/codings/params.text_param): NUL characters are refused with
the parameter's name instead of failing in the database; API paths that no route matches
answer the API's 404 even when an id holds a line break."""

import pytest
from django.urls import reverse


def url(world, name, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("api-code-counts", {"coder": "ca\x00sey"}, "coder"),
        ("api-agreement", {"coders": "a\x00,b"}, "coders"),
        ("api-agreement-confusion", {"a": "x\x00", "b": "y"}, "a"),
    ],
)
def test_nul_characters_in_text_parameters_are_refused(world, name, params, field):
    response = world.client("owner").get(url(world, name), params)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": field, "reason": "Null characters are not allowed."}
    ]


def test_cluster_delete_reason_with_nul_is_refused(world):
    client = world.client("owner")
    cluster = client.post(url(world, "api-cluster-list"), {"name": "Setting"}, format="json")
    response = client.delete(
        url(world, "api-cluster-detail", cluster_pk=cluster.json()["id"]) + "?reason=a%00b"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "reason"


def test_ids_with_line_breaks_answer_json_404(world):
    response = world.client("owner").get("/api/v1/studies/a%0Ab/moments/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
