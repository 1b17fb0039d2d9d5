"""Every suggestion endpoint and page, every persona: outsiders 404, viewers read but never
write, owners alone change the settings; plus bad input answered with field and reason."""

import pytest
from django.urls import reverse

from coding.models import Coding, Suggestion, SuggestionDecision, SuggestionJob
from coding.suggestions import services as suggest
from tests.conftest import PERSONAS

RANK = {"outsider": -1, "viewer": 0, "coder": 1, "owner": 2}


@pytest.fixture
def suggested(world, book, interview):
    book.safe.keywords = ["safe"]
    book.safe.save()
    book.understood.keywords = ["understood"]
    book.understood.save()
    # Computed as after the blind phase: one shared row per rule hit that every persona may
    # try (during it each coding member gets their own: test_services covers that).
    blind, world.study.blind_coding = world.study.blind_coding, False
    world.study.save(update_fields=["blind_coding"])
    suggest.refresh(world.study)
    world.study.blind_coding = blind
    world.study.save(update_fields=["blind_coding"])
    job = SuggestionJob.objects.create(
        study=world.study, kind="evaluate", status="done", result={"tables": {}}
    )
    return {
        "safe": Suggestion.objects.get(code=book.safe, recommender="rules"),
        "understood": Suggestion.objects.get(code=book.understood, recommender="rules"),
        "job": job,
    }


def _url(name, world, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


READS = [
    ("api-suggestion-list", lambda s, i: {}, lambda i: f"?transcript={i.pk}"),
    ("api-suggestion-settings", lambda s, i: {}, lambda i: ""),
    ("api-suggestion-jobs", lambda s, i: {}, lambda i: ""),
    ("api-suggestion-job", lambda s, i: {"job_pk": s["job"].pk}, lambda i: ""),
    ("api-suggestion-models", lambda s, i: {}, lambda i: ""),
    ("api-suggestion-evaluation", lambda s, i: {}, lambda i: ""),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,kwargs,query", READS, ids=[r[0] for r in READS])
def test_api_reads(world, interview, suggested, persona, name, kwargs, query):
    url = _url(name, world, **kwargs(suggested, interview)) + query(interview)
    response = world.client(persona).get(url)
    expected = 404 if persona == "outsider" else 200
    if name == "api-suggestion-evaluation" and persona == "coder" and world.study.blind_coding:
        expected = 403  # it scores against everyone's codings
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["suggestions", "suggestion-job"])
def test_pages(client, world, suggested, persona, name):
    kwargs = {"job_pk": suggested["job"].pk} if name == "suggestion-job" else {}
    response = world.login(client, persona).get(_url(name, world, **kwargs))
    assert response.status_code == (404 if persona == "outsider" else 200)


def _expected(persona, minimum, success):
    if persona == "outsider":
        return 404
    return success if RANK[persona] >= RANK[minimum] else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_accept(world, interview, suggested, persona):
    url = _url("api-suggestion-accept", world, suggestion_pk=suggested["safe"].pk)
    response = world.client(persona).post(url, {}, format="json")
    assert response.status_code == _expected(persona, "coder", 201), response.content
    made = Coding.objects.filter(coder=world.users[persona], code=suggested["safe"].code)
    assert made.count() == (1 if response.status_code == 201 else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_reject(world, suggested, persona):
    url = _url("api-suggestion-reject", world, suggestion_pk=suggested["safe"].pk)
    response = world.client(persona).post(url)
    assert response.status_code == _expected(persona, "coder", 204), response.content
    stored = SuggestionDecision.objects.filter(user=world.users[persona], accepted=False)
    assert stored.count() == (1 if response.status_code == 204 else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_accept_all(world, book, interview, suggested, persona):
    url = _url("api-suggestion-accept-all", world)
    body = {"transcript": interview.pk, "code": book.safe.pk}
    response = world.client(persona).post(url, body, format="json")
    assert response.status_code == _expected(persona, "coder", 201), response.content
    if response.status_code == 201:
        assert response.json()["accepted"] == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_settings_patch(world, suggested, persona):
    url = _url("api-suggestion-settings", world)
    response = world.client(persona).patch(url, {"threshold": 0.7}, format="json")
    assert response.status_code == _expected(persona, "owner", 200), response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_start_job(world, suggested, persona, django_capture_on_commit_callbacks):
    url = _url("api-suggestion-jobs", world)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client(persona).post(url, {"kind": "suggest"}, format="json")
    assert response.status_code == _expected(persona, "coder", 202), response.content
    if response.status_code == 202:  # the immediate backend ran it on commit
        job = SuggestionJob.objects.get(pk=response.json()["id"])
        assert job.status == "done", job.error


@pytest.mark.parametrize("persona", PERSONAS)
def test_settings_form(client, world, suggested, persona):
    body = {"threshold": "0.6", "use_rules": "on", "rule_unit": "turn", "source": "all"}
    body["min_examples"] = "3"
    response = world.login(client, persona).post(_url("suggestion-settings", world), body)
    assert response.status_code == _expected(persona, "owner", 302)
    cfg = suggest.settings_for(world.study)
    assert (cfg.threshold, cfg.rule_unit) == (
        (0.6, "turn") if persona == "owner" else (0.5, "sentence")
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_job_form(client, world, suggested, persona):
    response = world.login(client, persona).post(
        _url("suggestion-job-start", world), {"kind": "suggest"}
    )
    assert response.status_code == _expected(persona, "coder", 302)


def test_other_studys_suggestion_is_404(world, suggested):
    from tests.conftest import make_world

    other = make_world("Another study")
    url = reverse(
        "api-suggestion-accept",
        kwargs={"study_pk": other.study.pk, "suggestion_pk": suggested["safe"].pk},
    )
    assert other.client("owner").post(url, {}, format="json").status_code == 404


def test_bad_input(world, interview, suggested):
    owner = world.client("owner")
    accept = _url("api-suggestion-accept", world, suggestion_pk=suggested["safe"].pk)
    response = owner.post(accept, {"start": 5, "end": 2}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] in {"start", "end"}
    response = owner.post(accept, {"start": 0, "end": len(interview.text) + 5}, format="json")
    assert response.status_code == 400
    assert not Coding.objects.exists()
    listing = _url("api-suggestion-list", world)
    assert owner.get(listing + f"?transcript={interview.pk}&threshold=2").status_code == 400
    assert owner.get(listing + "?transcript=999999").status_code == 400
    settings_url = _url("api-suggestion-settings", world)
    response = owner.patch(settings_url, {"threshold": 1.5}, format="json")
    assert response.status_code == 400
    response = owner.patch(settings_url, {"source": "coder"}, format="json")
    assert response.status_code == 400 and "coder" in response.json()["detail"]
    response = owner.patch(
        settings_url, {"source": "coder", "source_coder_name": "nobody"}, format="json"
    )
    assert response.status_code == 400
    response = owner.patch(
        settings_url,
        {"source": "coder", "source_coder_name": world.users["coder"].username},
        format="json",
    )
    assert (
        response.status_code == 200
        and response.json()["source_coder"] == world.users["coder"].username
    )
    jobs = _url("api-suggestion-jobs", world)
    assert owner.post(jobs, {"kind": "dance"}, format="json").status_code == 400


def test_second_job_refused_while_one_runs(world, suggested):
    SuggestionJob.objects.create(study=world.study, kind="train", status="running")
    response = world.client("owner").post(
        _url("api-suggestion-jobs", world), {"kind": "suggest"}, format="json"
    )
    assert response.status_code == 400
    assert "already running" in response.json()["detail"]


def test_accept_with_adjusted_span_and_evaluation_absent(world, interview, suggested):
    owner = world.client("owner")
    quote = "The room was calm"
    start = interview.text.index(quote)
    url = _url("api-suggestion-accept", world, suggestion_pk=suggested["safe"].pk)
    response = owner.post(url, {"start": start, "end": start + len(quote)}, format="json")
    assert response.status_code == 201
    assert response.json()["quote"] == quote
    listing = owner.get(_url("api-suggestion-list", world) + f"?transcript={interview.pk}")
    assert [s["code"] for s in listing.json()] == [suggested["understood"].code_id]
    suggested["job"].delete()
    assert owner.get(_url("api-suggestion-evaluation", world)).status_code == 400


def test_settings_form_refuses_out_of_range_values(client, world, suggested):
    owner = world.login(client, "owner")
    body = {"threshold": "1.5", "rule_unit": "sentence", "source": "all", "min_examples": "0"}
    response = owner.post(_url("suggestion-settings", world), body, follow=True)
    assert "Threshold: Ensure this value is less than or equal to 1" in response.content.decode()
    cfg = suggest.settings_for(world.study)
    assert (cfg.threshold, cfg.min_examples) == (0.5, 5)
    accept_all = _url("api-suggestion-accept-all", world)
    response = world.client("owner").post(
        accept_all, {"transcript": 1, "code": 1, "threshold": 2}, format="json"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "threshold"
