"""Every endpoint, every persona: outsiders get 404, too-low roles 403, the rest succeed."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import PERSONAS, SMALL_INTERVIEW, make_user
from transcripts import imports

RANK = {"viewer": 0, "coder": 1, "owner": 2}


def _extra_member(world):
    from transcripts.models import Membership

    return Membership.objects.create(study=world.study, user=make_user("extra"), role="viewer")


def _job(world):
    from transcripts.models import ImportJob

    return ImportJob.objects.create(study=world.study, created_by=world.users["owner"], total=0)


# (method, url name, extra url kwargs builder, payload builder, minimum role, success status)
ENDPOINTS = [
    ("get", "api-study-detail", None, None, "viewer", 200),
    ("patch", "api-study-detail", None, lambda w, t: {"description": "New aims"}, "owner", 200),
    ("delete", "api-study-detail", None, None, "owner", 204),
    ("get", "api-member-list", None, None, "viewer", 200),
    (
        "post",
        "api-member-list",
        None,
        lambda w, t: {"username": make_user("newbie").username, "role": "coder"},
        "owner",
        202,  # invited: they join once they accept
    ),
    (
        "get",
        "api-member-detail",
        lambda w, t: {"member_pk": _extra_member(w).pk},
        None,
        "viewer",
        200,
    ),
    (
        "patch",
        "api-member-detail",
        lambda w, t: {"member_pk": _extra_member(w).pk},
        lambda w, t: {"role": "coder"},
        "owner",
        200,
    ),
    (
        "delete",
        "api-member-detail",
        lambda w, t: {"member_pk": _extra_member(w).pk},
        None,
        "owner",
        204,
    ),
    ("get", "api-participant-list", None, None, "viewer", 200),
    ("post", "api-participant-list", None, lambda w, t: {"code": "P09"}, "coder", 201),
    (
        "get",
        "api-participant-detail",
        lambda w, t: {"participant_pk": t.participant_id},
        None,
        "viewer",
        200,
    ),
    (
        "patch",
        "api-participant-detail",
        lambda w, t: {"participant_pk": t.participant_id},
        lambda w, t: {"attributes": {"months_since_therapy": 4}},
        "coder",
        200,
    ),
    ("get", "api-speaker-roles", None, None, "viewer", 200),
    (
        "post",
        "api-speaker-roles",
        None,
        lambda w, t: {"label": "Client", "role": "other"},
        "owner",
        200,
    ),
    ("get", "api-transcript-list", None, None, "viewer", 200),
    ("get", "api-transcript-detail", lambda w, t: {"transcript_pk": t.pk}, None, "viewer", 200),
    (
        "patch",
        "api-transcript-detail",
        lambda w, t: {"transcript_pk": t.pk},
        lambda w, t: {"title": "Renamed"},
        "owner",
        200,
    ),
    ("delete", "api-transcript-detail", lambda w, t: {"transcript_pk": t.pk}, None, "owner", 204),
    ("get", "api-transcript-sentences", lambda w, t: {"transcript_pk": t.pk}, None, "viewer", 200),
    ("get", "api-import-job-list", None, None, "viewer", 200),
    ("get", "api-import-job-detail", lambda w, t: {"job_pk": _job(w).pk}, None, "viewer", 200),
    ("get", "api-cluster-list", None, None, "viewer", 200),
    ("get", "api-code-list", None, None, "viewer", 200),
]


CONFIRM = {
    "api-study-detail": lambda w, t: w.study.title,
    "api-transcript-detail": lambda w, t: t.title,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "method,name,kwargs,payload,min_role,ok",
    ENDPOINTS,
    ids=[f"{e[0]}-{e[1]}" for e in ENDPOINTS],
)
def test_endpoint_access(world, transcript, persona, method, name, kwargs, payload, min_role, ok):
    url = reverse(
        name, kwargs={"study_pk": world.study.pk, **(kwargs(world, transcript) if kwargs else {})}
    )
    if method == "delete" and name in CONFIRM:  # deleting needs the name typed back
        url += "?" + urlencode({"confirm": CONFIRM[name](world, transcript)})
    body = payload(world, transcript) if payload else None
    response = getattr(world.client(persona), method)(url, body, format="json")
    if persona == "outsider":
        expected = 404
    elif RANK[persona] < RANK[min_role]:
        expected = 403
    else:
        expected = ok
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_import_endpoint_access(world, persona):
    url = reverse("api-transcript-import", kwargs={"study_pk": world.study.pk})
    upload = SimpleUploadedFile("P03.txt", SMALL_INTERVIEW, content_type="text/plain")
    response = world.client(persona).post(url, {"files": [upload]}, format="multipart")
    expected = {"outsider": 404, "viewer": 403}.get(persona, 201)
    assert response.status_code == expected, response.content
    assert world.study.transcripts.count() == (1 if expected == 201 else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_background_import_endpoint_access(world, persona):
    url = reverse("api-import-job-list", kwargs={"study_pk": world.study.pk})
    upload = SimpleUploadedFile("P04.txt", SMALL_INTERVIEW, content_type="text/plain")
    response = world.client(persona).post(url, {"files": [upload]}, format="multipart")
    expected = {"outsider": 404, "viewer": 403}.get(persona, 202)
    assert response.status_code == expected, response.content
    if expected == 202:
        job = response.json()
        # The test task backend runs jobs at once; a real worker would make this "queued".
        assert (job["status"], job["done"], job["total"]) == ("done", 1, 1)
        assert job["outcomes"][0]["status"] == "imported"
    assert world.study.transcripts.count() == (1 if expected == 202 else 0)


def test_anonymous_gets_nothing(world, transcript):
    from rest_framework.test import APIClient

    client = APIClient()
    for url in (
        reverse("api-study-list"),
        reverse(
            "api-transcript-detail",
            kwargs={"study_pk": world.study.pk, "transcript_pk": transcript.pk},
        ),
    ):
        assert client.get(url).status_code in (401, 403)


def test_listing_shows_only_member_studies(world, transcript):
    from tests.conftest import make_world

    other = make_world("Someone else's study")
    response = world.client("coder").get(reverse("api-study-list"))
    assert [row["title"] for row in response.json()] == ["Helpful moments"]
    assert response.json()[0]["my_role"] == "coder"
    assert world.client("outsider").get(reverse("api-study-list")).json() == []
    assert (
        other.client("owner").get(reverse("api-study-list")).json()[0]["title"]
        == "Someone else's study"
    )


def test_objects_of_another_study_are_404_by_id(world, transcript):
    """A member of study A asking for B's transcript through A's URL, or B's URL, gets 404."""
    from tests.conftest import make_world

    other = make_world("Other")
    [foreign] = imports.import_files(
        study=other.study, user=other.users["owner"], files=[("P02.txt", SMALL_INTERVIEW + b" ")]
    )
    client = world.client("owner")
    via_own = reverse(
        "api-transcript-detail",
        kwargs={"study_pk": world.study.pk, "transcript_pk": foreign.transcript_id},
    )
    via_theirs = reverse(
        "api-transcript-detail",
        kwargs={"study_pk": other.study.pk, "transcript_pk": foreign.transcript_id},
    )
    assert client.get(via_own).status_code == 404
    assert client.get(via_theirs).status_code == 404
    assert client.delete(via_own).status_code == 404
    assert other.study.transcripts.count() == 1


def test_token_authentication(world, transcript):
    from rest_framework.test import APIClient

    client = APIClient()
    token = client.post(
        reverse("api-token"),
        {"username": world.users["viewer"].username, "password": "pw-for-tests-1"},
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get(reverse("api-transcript-list", kwargs={"study_pk": world.study.pk}))
    assert response.status_code == 200
    assert response.json()["results"][0]["participant"] == "P01"
