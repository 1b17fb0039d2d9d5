"""The per-transcript cap (the best N open suggestions by score) applied by the server: the
list API (`best`, default the study's setting), the workbench's payload and the review queue."""

import pytest
from django.urls import reverse

from coding.models import Code, Suggestion
from coding.suggestions.config import settings_for
from coding.suggestions.queue import best_per_transcript, review_queue
from tests.coding.codings.test_workbench_page import config_of
from transcripts import imports

pytestmark = pytest.mark.django_db

TEXT = b"Interviewer: Hi?\n\nClient: One. Two. Three. Four. Five. Six. Seven.\n"
# Scores of the seven sentences' suggestions; 0.7 twice, so a cap of 3 takes the earlier one.
SCORES = [0.6, 0.9, 0.7, 0.55, 0.8, 0.7, 0.65]


@pytest.fixture
def suggested(world):
    docs = [
        world.study.transcripts.get(pk=o.transcript_id)
        for o in imports.import_files(
            study=world.study,
            user=world.users["owner"],
            files=[("P61.txt", TEXT), ("P62.txt", TEXT.replace(b"One", b"Uno"))],
        )
    ]
    code = Code.objects.create(study=world.study, name="Counting")
    rows = []
    for doc in docs:
        for (start, end), score in zip(doc.sentences[1:], SCORES, strict=True):
            rows.append(
                Suggestion(
                    study=world.study,
                    transcript=doc,
                    code=code,
                    start=start,
                    end=end,
                    score=score,
                    recommender="rules",
                    version="v",
                )
            )
    Suggestion.objects.bulk_create(rows)
    return world, docs


def cap(world, best: int) -> None:
    found = settings_for(world.study)
    found.best_per_transcript = best
    found.save()


def listing(world, doc, query: str = ""):
    url = reverse("api-suggestion-list", kwargs={"study_pk": world.study.pk})
    return world.client("coder").get(f"{url}?transcript={doc.pk}{query}")


def quotes(items) -> list[str]:
    return [item["quote"] for item in items]


def test_no_cap_by_default_and_the_study_cap_keeps_the_best_in_text_order(suggested):
    world, [doc, _] = suggested
    assert len(listing(world, doc).json()) == 7
    cap(world, 3)
    response = listing(world, doc)
    assert response.status_code == 200
    assert quotes(response.json()) == ["Two.", "Three.", "Five."]  # 0.9, 0.7 (earlier), 0.8


def test_the_best_parameter_overrides_the_study_cap(suggested):
    world, [doc, _] = suggested
    cap(world, 3)
    assert len(listing(world, doc, "&best=0").json()) == 7
    assert quotes(listing(world, doc, "&best=5").json()) == [
        "Two.", "Three.", "Five.", "Six.", "Seven.",
    ]  # fmt: skip
    assert quotes(listing(world, doc, "&best=1").json()) == ["Two."]
    for bad in ("-1", "x", "1001"):
        refused = listing(world, doc, f"&best={bad}")
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["field"] == "best"


def test_the_workbench_ships_the_capped_list_and_the_cap(suggested, client):
    world, [doc, _] = suggested
    cap(world, 2)
    world.login(client, "coder")
    config = config_of(client.get(reverse("transcript-detail", args=[world.study.pk, doc.pk])))
    assert config["suggestBest"] == 2
    assert quotes(config["suggestions"]) == ["Two.", "Five."]


def test_the_review_queue_takes_the_best_of_each_transcript(suggested):
    world, docs = suggested
    member = world.study.memberships.get(user=world.users["coder"])
    assert len(review_queue(member)) == 14
    cap(world, 2)
    queue = review_queue(member)
    assert [(item["transcript"], item["score"]) for item in queue] == [
        (docs[0].pk, 0.9), (docs[1].pk, 0.9), (docs[0].pk, 0.8), (docs[1].pk, 0.8),
    ]  # fmt: skip


def test_owners_set_the_cap_in_the_settings_api(suggested):
    world, _ = suggested
    url = reverse("api-suggestion-settings", kwargs={"study_pk": world.study.pk})
    changed = world.client("owner").patch(url, {"best_per_transcript": 20}, format="json")
    assert changed.status_code == 200 and changed.json()["best_per_transcript"] == 20
    too_many = world.client("owner").patch(url, {"best_per_transcript": 5000}, format="json")
    assert too_many.status_code == 400
    assert settings_for(world.study).best_per_transcript == 20


def test_best_per_transcript_is_pure_and_keeps_the_given_order():
    items = [{"id": i, "start": i * 10, "score": s} for i, s in enumerate([0.5, 0.9, 0.5, 0.7])]
    assert [i["id"] for i in best_per_transcript(items, 2)] == [1, 3]
    assert [i["id"] for i in best_per_transcript(items, 3)] == [0, 1, 3]  # tie: earlier start
    assert best_per_transcript(items, 0) == items and best_per_transcript(items, 9) == items


def test_owners_set_the_cap_on_the_settings_page(suggested, client):
    world, _ = suggested
    world.login(client, "owner")
    url = reverse("suggestion-settings", args=[world.study.pk])
    body = {"threshold": "0.5", "use_rules": "on", "rule_unit": "sentence", "source": "all"}
    body["min_examples"] = "5"
    assert client.post(url, {**body, "best_per_transcript": "4"}).status_code == 302
    assert settings_for(world.study).best_per_transcript == 4
    assert client.post(url, body).status_code == 302  # a form without the field keeps it
    assert settings_for(world.study).best_per_transcript == 4
    page = client.get(reverse("suggestions", args=[world.study.pk])).content.decode()
    assert 'name="best_per_transcript"' in page and 'value="4"' in page
