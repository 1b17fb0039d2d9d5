"""Input the codebook API refuses before it reaches the database: NUL characters in code
patterns (PostgreSQL cannot store them), orders and decision ids beyond the integer columns."""

from django.urls import reverse


def url(world, name, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


def test_patterns_with_nul_characters_are_refused(world):
    response = world.client("owner").post(
        url(world, "api-code-list"),
        {"name": "Safety", "patterns": [[{"LOWER": "safe\x00"}]]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "patterns", "reason": "Null characters are not allowed."}
    ]


def test_orders_beyond_32_bits_are_refused(world):
    client = world.client("owner")
    for name in ("api-cluster-list", "api-code-list"):
        response = client.post(url(world, name), {"name": "Late", "order": 2**31}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "order"
    ok = client.post(url(world, "api-code-list"), {"name": "Last", "order": 2**31 - 1})
    assert ok.status_code == 201 and ok.json()["order"] == 2**31 - 1


def test_decision_ids_beyond_64_bits_are_refused(world):
    client = world.client("owner")
    code = client.post(url(world, "api-code-list"), {"name": "Trust"}, format="json").json()
    response = client.patch(
        url(world, "api-code-detail", code_pk=code["id"]),
        {"definition": "Trusting the therapist.", "motivated_by": [2**70]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "motivated_by.0",
            "reason": "Ensure this value is less than or equal to 9223372036854775807.",
        }
    ]


def test_a_cluster_after_one_at_the_largest_order_shares_its_place(world):
    # Schemathesis found a 500: the next order after 2**31 - 1 overflowed the column.
    client = world.client("owner")
    last = client.post(url(world, "api-cluster-list"), {"name": "Z", "order": 2**31 - 1})
    assert last.status_code == 201
    after = client.post(url(world, "api-cluster-list"), {"name": "0"}, format="json")
    assert after.status_code == 201 and after.json()["order"] == 2**31 - 1
