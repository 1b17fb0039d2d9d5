"""Cluster-level suggestions: the pure rule (a cluster only where none of its codes is
confident), what a member sees, accepting by picking a code of the cluster, rejecting, the
blind phase and bad input."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coding.models import Code, Coding, Suggestion, SuggestionDecision
from coding.suggestions import clusters
from coding.suggestions import services as suggest
from coding.suggestions import training as suggest_training
from coding.suggestions.queue import review_queue
from tests.coding.conftest import span_of
from tests.coding.suggestions.test_services import add, code, configure, member
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db


def test_a_cluster_is_suppressed_where_one_of_its_codes_is_confident():
    labels = ["code:1", "code:2", "code:3", "cluster:7"]
    parents = clusters.parents_of(labels, {"code:1": "cluster:7", "code:2": "cluster:7"})
    # code:3 has no cluster; a cluster not learned (cluster:8) is no parent.
    assert parents == {"code:1": "cluster:7", "code:2": "cluster:7"}
    assert clusters.parents_of(labels, {"code:3": "cluster:8"}) == {}
    scores = np.array(
        [
            [0.2, 0.3, 0.9, 0.8],  # no code of the cluster confident: the cluster stays
            [0.5, 0.1, 0.0, 0.8],  # code:1 at its threshold: the cluster goes
            [0.1, 0.7, 0.0, 0.6],  # code:2 confident: the cluster goes
        ]
    )
    out = clusters.suppress_known(scores, labels, parents)
    assert out.tolist() == [
        [0.2, 0.3, 0.9, 0.8],
        [0.5, 0.1, 0.0, 0.0],
        [0.1, 0.7, 0.0, 0.0],
    ]
    assert scores[1, 3] == 0.8  # the input is left as it was


def _cluster_suggestion(world, book, transcript, quote, *, for_user=None, score=0.7):
    start, end = span_of(transcript, quote)
    return Suggestion.objects.create(
        study=world.study,
        transcript=transcript,
        cluster=book.relationship,
        start=start,
        end=end,
        score=score,
        recommender="model",
        version="model-v1",
        for_user=for_user,
    )


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


def test_listed_accepted_with_a_picked_code_and_then_gone(world, book, interview):
    sugg = _cluster_suggestion(world, book, interview, "She understood me.")
    url = _url(world, "api-suggestion-list") + f"?transcript={interview.pk}"
    client = world.client("coder")
    [item] = [s for s in client.get(url).json() if s["cluster"] is not None]
    assert (item["id"], item["code"], item["cluster"], item["valence"]) == (
        sugg.pk,
        None,
        book.relationship.pk,
        "",
    )
    assert item["quote"] == "She understood me."

    accept = _url(world, "api-suggestion-accept", suggestion_pk=sugg.pk)
    # No code, a code of another cluster, a retired code, a code of another study: 400 on code.
    other = Code.objects.create(study=book.safe.study, cluster=book.relationship, name="Gone")
    other.active = False
    other.save()
    for body in ({}, {"code": book.safe.pk}, {"code": other.pk}, {"code": 10**6}):
        response = client.post(accept, body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert [e["field"] for e in response.json()["errors"]] == ["code"]
    assert not Coding.objects.filter(coder=world.users["coder"]).exists()

    response = client.post(accept, {"code": book.trust.pk}, format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["kind"], made["code"]) == ("coding", book.trust.pk)
    coding = Coding.objects.get(coder=world.users["coder"])
    assert (coding.code_id, coding.start, coding.end) == (
        book.trust.pk,
        sugg.start,
        sugg.end,
    )
    decision = SuggestionDecision.objects.get(user=world.users["coder"])
    assert (decision.cluster_id, decision.code_id, decision.accepted) == (
        book.relationship.pk,
        None,
        True,
    )
    assert [s for s in client.get(url).json() if s["cluster"] is not None] == []
    # Another coder still has it open.
    listed = world.client("owner").get(url).json()
    assert [s["id"] for s in listed if s["cluster"] is not None] == [sugg.pk]


def test_rejected_for_good_and_hidden_where_own_codings_of_the_cluster_cover_it(
    world, book, interview
):
    first = _cluster_suggestion(world, book, interview, "She understood me.")
    second = _cluster_suggestion(world, book, interview, "The room was calm 😊 and safe.")
    coder = member(world, "coder")
    reject = _url(world, "api-suggestion-reject", suggestion_pk=first.pk)
    assert world.client("coder").post(reject).status_code == 204
    assert [s["id"] for s in suggest.open_for(coder, interview.pk)] == [second.pk]
    # A recompute makes new rows for the same span and cluster: still rejected for this coder.
    Suggestion.objects.filter(pk=first.pk).delete()
    _cluster_suggestion(world, book, interview, "She understood me.")
    assert [s["id"] for s in suggest.open_for(coder, interview.pk)] == [second.pk]
    # A coding of any code of the cluster over half of it hides it (a code of another cluster
    # does not).
    start, end = span_of(interview, "The room was calm 😊 and safe.")
    Coding.objects.create(
        transcript=interview, code=book.safe, coder=world.users["coder"], start=start, end=end
    )
    assert [s["id"] for s in suggest.open_for(coder, interview.pk)] == [second.pk]
    Coding.objects.create(
        transcript=interview, code=book.understood, coder=world.users["coder"], start=start, end=end
    )
    assert suggest.open_for(coder, interview.pk) == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_personas_accepting_a_cluster_suggestion(world, book, interview, persona):
    sugg = _cluster_suggestion(world, book, interview, "She understood me.")
    accept = _url(world, "api-suggestion-accept", suggestion_pk=sugg.pk)
    response = world.client(persona).post(accept, {"code": book.trust.pk}, format="json")
    expected = {"outsider": 404, "viewer": 403, "coder": 201, "owner": 201}[persona]
    assert response.status_code == expected, response.content


def test_blind_phase_a_coder_sees_only_cluster_suggestions_made_for_them(world, book, interview):
    coder, owner = world.users["coder"], world.users["owner"]
    theirs = _cluster_suggestion(world, book, interview, "She understood me.", for_user=owner)
    mine = _cluster_suggestion(world, book, interview, "She understood me.", for_user=coder)
    assert world.study.blind_coding
    assert [s["id"] for s in suggest.open_for(member(world, "coder"), interview.pk)] == [mine.pk]
    assert [s["id"] for s in suggest.open_for(member(world, "owner"), interview.pk)] == [theirs.pk]
    # Another coder's suggestion cannot be accepted (nor found) by id.
    accept = _url(world, "api-suggestion-accept", suggestion_pk=theirs.pk)
    response = world.client("coder").post(accept, {"code": book.trust.pk}, format="json")
    assert response.status_code == 404
    # The review queue names it as a cluster to pick a code in, in a constant number of queries.
    with CaptureQueriesContext(connection) as queries:
        [item] = review_queue(member(world, "coder"))
    assert item["name"] == "Relationship (cluster: pick a code)"
    assert item["cluster"] == book.relationship.pk
    _cluster_suggestion(world, book, interview, "The room was calm 😊 and safe.", for_user=coder)
    with CaptureQueriesContext(connection) as more:
        assert len(review_queue(member(world, "coder"))) == 2
    assert len(more) == len(queries)


CLIENT = (
    "Interviewer: How was she?\n\n"
    "Client: She understood me. She listened to me. I trusted her. She got me.\n\n"
    "Interviewer: And the place?\n\n"
    "Client: The room was calm. The chairs were soft.\n"
)


def test_trained_per_coder_and_suggested_where_no_code_of_it_is_sure(world, book):
    # Six interviews with the same answers (the text differs, so none is a duplicate). The
    # coder codes "She listened to me." as understood in two, as trust in two and leaves it in
    # two: each code is right on a third of them (never precise enough to suggest), the
    # relationship cluster on two thirds.
    docs = [add(world, f"P3{i}.txt", CLIENT + "\n" * i) for i in range(6)]
    configure(world, min_examples=2, use_rules=False, use_memory=False, use_moments=False)
    for i, doc in enumerate(docs):
        if i < 4:
            chosen = book.understood if i < 2 else book.trust
            code(world, "coder", doc, chosen, "She listened to me.")
        code(world, "coder", doc, book.safe, "The chairs were soft.")
        code(world, "owner", doc, book.safe, "The room was calm.")
    outcome = suggest_training.train(world.study)
    models = {m.for_user_id: m for m in outcome.models if m.kind == "codes"}
    coder, owner = world.users["coder"].pk, world.users["owner"].pk
    relationship = f"cluster:{book.relationship.pk}"
    assert models[coder].labels == [
        f"code:{book.safe.pk}",
        f"code:{book.understood.pk}",
        f"code:{book.trust.pk}",
        relationship,
    ]
    assert models[coder].positives[relationship] == 4
    # The owner coded one code of the environment only: no cluster to learn.
    assert models[owner].labels == [f"code:{book.safe.pk}"]
    suggest.refresh(world.study)
    stored = Suggestion.objects.filter(cluster__isnull=False)
    assert set(stored.values_list("for_user", "cluster")) == {(coder, book.relationship.pk)}
    assert stored.count() == 6  # one per interview
    # Where the coder coded it with a code of the cluster, it is theirs already: hidden.
    for doc in docs[:4]:
        assert all(s["cluster"] is None for s in suggest.open_for(member(world, "coder"), doc.pk))
    for doc in docs[4:]:
        [item] = [s for s in suggest.open_for(member(world, "coder"), doc.pk) if s["cluster"]]
        assert doc.text[item["start"] : item["end"]] == "She listened to me."
        assert item["score"] == pytest.approx(0.9554, abs=1e-4)
        # Its codes are suggested below the threshold only: the cluster is the suggestion.
        codes_there = [s for s in suggest.open_for(member(world, "coder"), doc.pk, threshold=0)]
        assert {s["code"] for s in codes_there if s["start"] == item["start"]} == {
            None,
            book.understood.pk,
            book.trust.pk,
        }
    for doc in docs:
        assert all(s["cluster"] is None for s in suggest.open_for(member(world, "owner"), doc.pk))
