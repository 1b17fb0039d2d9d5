"""Code all hits (POST /api/v1/studies/{id}/search/code/ and the service): exact counts of
codings made, merged and already there; the same rules as coding by hand; the blind phase;
personas; bad input stores nothing; a bounded number of queries."""

import pytest
from django.urls import reverse

from coding.models import Coding
from coding.search import batch
from tests.coding.conftest import code_it
from tests.conftest import PERSONAS
from transcripts.audit.models import AuditEvent

HER = [(94, 97), (111, 114)]  # "her" in "I trusted her after I told her."


def code_all(world, persona, transcript, code, spans, q="her"):
    url = reverse("api-search-code", kwargs={"study_pk": world.study.pk})
    hits = [{"transcript": transcript.pk, "start": s, "end": e} for s, e in spans]
    return world.client(persona).post(url, {"q": q, "code": code.pk, "hits": hits}, format="json")


def spans_of(world, persona, code):
    mine = Coding.objects.filter(coder=world.users[persona], code=code)
    return list(mine.order_by("start").values_list("start", "end"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_coders_and_owners_code_viewers_403_outsiders_404(world, book, interview, persona):
    response = code_all(world, persona, interview, book.trust, HER)
    assert (
        response.status_code
        == {"owner": 200, "coder": 200, "viewer": 403, "outsider": 404}[persona]
    )
    assert Coding.objects.count() == (2 if persona in ("owner", "coder") else 0)


def test_two_new_codings_then_nothing_new(world, book, interview, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        first = code_all(world, "coder", interview, book.trust, HER)
    assert first.json() == {
        "code": book.trust.pk,
        "code_name": "Trust after disclosure",
        "hits": 2,
        "created": 2,
        "merged": 0,
        "unchanged": 0,
    }
    assert spans_of(world, "coder", book.trust) == HER
    again = code_all(world, "coder", interview, book.trust, HER + HER[:1]).json()
    assert (again["hits"], again["created"], again["merged"], again["unchanged"]) == (2, 0, 0, 2)
    assert spans_of(world, "coder", book.trust) == HER


def test_a_hit_inside_an_own_coding_of_the_code_merges(
    world, book, interview, django_assert_max_num_queries
):
    assert code_it(world, "coder", interview, book.trust, "I trusted her").status_code == 201
    code_it(world, "coder", interview, book.safe, "after I told her")  # another code: apart
    # 14 for the coding, 3 for the audit trail: the created codings in one insert, and the
    # merge's record (the merged coding's state read back, then written).
    with django_assert_max_num_queries(17):
        body = code_all(world, "coder", interview, book.trust, HER).json()
    assert (body["created"], body["merged"], body["unchanged"]) == (1, 1, 0)
    # "I trusted her" is 84-97: the hit 94-97 merged into it, 111-114 stands alone
    assert spans_of(world, "coder", book.trust) == [(84, 97), (111, 114)]
    assert spans_of(world, "coder", book.safe) == [(98, 114)]


def test_in_the_blind_phase_only_the_coders_own_codings_count(world, book, interview):
    assert world.study.blind_coding
    code_it(world, "owner", interview, book.trust, "I trusted her after I told her.")
    body = code_all(world, "coder", interview, book.trust, HER).json()
    assert (body["created"], body["merged"], body["unchanged"]) == (2, 0, 0)
    assert spans_of(world, "coder", book.trust) == HER
    assert spans_of(world, "owner", book.trust) == [(84, 115)]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"hits": [{"transcript": 0, "start": 94, "end": 97}]}, "hits"),
        ({"hits": [{"start": 1, "end": 2}]}, "hits"),
        ({"hits": []}, "hits"),
        ({"q": ""}, "q"),
        ({"q": "a\x00"}, "q"),
        ({"q": "\u0301"}, "q"),
        ({"q": "she"}, "hits"),  # the spans are no hits of "she"
        ({"code": 2**40}, "code"),
    ],
)
def test_bad_input_is_a_400_and_stores_nothing(world, book, interview, change, field):
    url = reverse("api-search-code", kwargs={"study_pk": world.study.pk})
    hits = [{"transcript": interview.pk, "start": s, "end": e} for s, e in HER]
    body = {"q": "her", "code": book.trust.pk, "hits": hits, **change}
    response = world.client("coder").post(url, body, format="json")
    assert response.status_code == 400
    assert field in str(response.json())
    assert Coding.objects.count() == 0


def test_codes_of_other_studies_inactive_codes_and_stale_hits_are_refused(world, book, interview):
    retired = code_all(world, "coder", interview, book.retired, HER)
    assert retired.status_code == 400 and "inactive" in str(retired.json())
    stale = code_all(world, "coder", interview, book.trust, [(94, 97), (112, 115)])
    assert stale.status_code == 400 and "Hit 2 (112–115)" in str(stale.json())
    assert Coding.objects.count() == 0


def test_plan_counts_touching_hits_and_existing_spans():
    existing = [(1, 10, 20), (2, 0, 5)]
    hits = [(1, 10, 20), (1, 20, 23), (1, 30, 33), (1, 33, 36), (1, 50, 53), (2, 8, 9)]
    planned = batch.plan(existing, hits)
    assert planned.new == [(1, 20, 23), (1, 30, 33), (1, 33, 36), (1, 50, 53), (2, 8, 9)]
    # 20-23 touches 10-20; 30-33 and 33-36 touch each other; 50-53 and 8-9 stand alone
    assert (planned.created, planned.merged, planned.unchanged) == (2, 3, 1)
    assert planned.to_merge == [1]


def test_whole_words_hits_are_checked_as_whole_words(world, book, interview):
    url = reverse("api-search-code", kwargs={"study_pk": world.study.pk})
    understood = interview.text.index("understood")  # "under" is no whole word there
    hit = {"transcript": interview.pk, "start": understood, "end": understood + 5}
    body = {"q": "under", "code": book.trust.pk, "hits": [hit], "whole_words": True}
    refused = world.client("coder").post(url, body, format="json")
    assert refused.status_code == 400 and "Hit 1" in str(refused.json())
    body["whole_words"] = False
    assert world.client("coder").post(url, body, format="json").json()["created"] == 1


def test_coding_all_hits_is_in_the_audit_trail(world, book, interview):
    body = code_all(world, "coder", interview, book.trust, HER).json()
    assert body["created"] == 2
    made = AuditEvent.objects.filter(study=world.study, kind="coding", action="created")
    assert sorted((e.after["start"], e.after["end"]) for e in made) == HER
    assert {e.actor_id for e in made} == {world.users["coder"].pk}
