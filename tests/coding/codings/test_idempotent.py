"""Writes a double click is likely to repeat are stored once: moments and memos, also when
ten identical requests arrive at the same time (PostgreSQL, threads)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from coding.models import Memo, SignificantMoment
from tests.coding.conftest import span_of


def _moment_body(interview):
    start, end = span_of(interview, "I cried in the car.")
    return {"transcript": interview.pk, "start": start, "end": end, "valence": "hindering"}


def test_the_same_moment_and_memo_twice_are_stored_once(world, interview):
    url = reverse("api-moment-list", kwargs={"study_pk": world.study.pk})
    first = world.client("coder").post(url, _moment_body(interview), format="json")
    second = world.client("coder").post(url, _moment_body(interview), format="json")
    assert first.json()["id"] == second.json()["id"]
    assert SignificantMoment.objects.count() == 1
    memos = reverse("api-memo-list", kwargs={"study_pk": world.study.pk})
    body = {"text": "Endings matter.", "transcript": interview.pk}
    a = world.client("coder").post(memos, body, format="json").json()
    b = world.client("coder").post(memos, body, format="json").json()
    assert a["id"] == b["id"] and Memo.objects.count() == 1
    # Another author, or another text, is another memo.
    world.client("owner").post(memos, body, format="json")
    world.client("coder").post(memos, {**body, "text": "Endings matter a lot."}, format="json")
    assert Memo.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need row locks")
def test_ten_identical_requests_at_once_store_one(transactional_db, world, interview):
    from rest_framework.test import APIClient

    moment_url = reverse("api-moment-list", kwargs={"study_pk": world.study.pk})
    memo_url = reverse("api-memo-list", kwargs={"study_pk": world.study.pk})
    statuses: list[int] = []
    gate = threading.Barrier(10)

    def post(url, body) -> None:
        client = APIClient()
        client.force_authenticate(world.users["coder"])
        try:
            gate.wait()
            statuses.append(client.post(url, body, format="json").status_code)
        finally:
            connection.close()

    for url, body in (
        (moment_url, _moment_body(interview)),
        (memo_url, {"text": "Once.", "transcript": interview.pk}),
    ):
        threads = [threading.Thread(target=post, args=(url, body)) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert len(statuses) == 20 and set(statuses) <= {200, 201}, statuses
    assert SignificantMoment.objects.count() == 1
    assert Memo.objects.count() == 1
