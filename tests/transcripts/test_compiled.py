"""Queries compiled once (transcripts.compiled): the same rows, converted the same way, as the
ORM gives for the same QuerySet, with each call's values; refused where it could differ."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.conftest import make_world
from transcripts import access
from transcripts.accounts import tokens
from transcripts.compiled import Compiled, concrete_columns, instance
from transcripts.models import Membership, Study


def study_rows(study_id, user_id):
    return Membership.objects.filter(study_id=study_id, user_id=user_id).values_list(
        *concrete_columns(Membership), "study__blind_coding", "study__created_at", "study__title"
    )


def test_rows_equal_the_orms_with_converted_columns_for_each_calls_values(world):
    other = make_world("Hindering moments")
    Study.objects.filter(pk=other.study.pk).update(blind_coding=False)
    compiled = Compiled(study_rows, study_id=int, user_id=int)
    for w in (world, other):
        for user in w.users.values():
            expected = [list(row) for row in study_rows(w.study.pk, user.pk)]
            assert compiled.rows(study_id=w.study.pk, user_id=user.pk) == expected
    [row] = compiled.rows(study_id=other.study.pk, user_id=other.users["coder"].pk)
    # a boolean and a datetime, whatever the database stores them as
    assert row[-3] is False and row[-2].tzinfo is not None and row[-1] == "Hindering moments"


def test_an_id_as_text_is_taken_and_a_non_id_refused(world):
    compiled = Compiled(study_rows, study_id=int, user_id=int)
    owner = world.users["owner"].pk
    assert len(compiled.rows(study_id=str(world.study.pk), user_id=owner)) == 1
    with pytest.raises(ValueError):
        compiled.rows(study_id="1; DROP TABLE x", user_id=owner)


def test_queries_it_cannot_repeat_exactly_are_refused(db):
    from django.db.models import Count

    annotated = Compiled(
        lambda study_id: (
            Study.objects.filter(pk=study_id).annotate(n=Count("memberships")).values_list("n")
        ),
        study_id=int,
    )
    with pytest.raises(ValueError, match="values_list"):
        annotated.rows(study_id=1)
    inlined = Compiled(
        lambda limit: Study.objects.values_list("id").order_by("id")[:limit], limit=int
    )
    with pytest.raises(ValueError, match="not a parameter"):
        inlined.rows(limit=3)


def test_instances_are_rebuilt_whole_and_an_empty_outer_join_is_none(world):
    columns = concrete_columns(Study) + concrete_columns(
        type(world.users["owner"]), "consensus_user__"
    )
    [row] = Compiled(lambda pk: Study.objects.filter(pk=pk).values_list(*columns), pk=int).rows(
        pk=world.study.pk
    )
    study = instance(Study, row, 0)
    assert (study.pk, study.title, study.created_at) == (
        world.study.pk, world.study.title, Study.objects.get(pk=world.study.pk).created_at,
    )  # fmt: skip
    assert not study._state.adding
    assert instance(type(world.users["owner"]), row, len(Study._meta.concrete_fields)) is None


def test_the_door_and_the_token_are_one_query_each(world):
    key = tokens.issue_token(user=world.users["coder"]).key
    with CaptureQueriesContext(connection) as door:
        study, member = access.get_study_for_user(world.users["coder"], world.study.pk)
    assert len(door) == 1 and study.consensus_user is None and member.role == "coder"
    with CaptureQueriesContext(connection) as token:
        user, _ = tokens.ExpiringTokenAuthentication().authenticate_credentials(key)
    assert len(token) == 1 and user == world.users["coder"]


def test_a_token_of_an_inactive_account_is_refused(world):
    key = tokens.issue_token(user=world.users["coder"]).key
    type(world.users["coder"]).objects.filter(pk=world.users["coder"].pk).update(is_active=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(f"/api/v1/studies/{world.study.pk}/")
    assert response.status_code == 401 and response.json()["detail"] == "User inactive or deleted."
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get(f"/api/v1/studies/{world.study.pk}/")
    assert response.status_code == 401 and response.json()["detail"] == "Invalid token."
