"""Behaviour of the transcripts API beyond access: creation, imports, errors, query counts."""

import io
import json
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import SMALL_INTERVIEW, make_user
from transcripts.models import Membership, Transcript
from transcripts.serializers import TranscriptOut


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_create_study_makes_owner_and_loads_starter_codebook(db):
    from rest_framework.test import APIClient

    user = make_user("founder")
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(reverse("api-study-list"), {"title": "  Alliance study "}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Alliance study" and body["my_role"] == "owner"
    assert Membership.objects.get(study_id=body["id"], user=user).role == "owner"
    clusters = client.get(reverse("api-cluster-list", kwargs={"study_pk": body["id"]})).json()
    assert [c["name"] for c in clusters if c["parent"] is not None] == [
        "Commitment to therapy",
        "Therapy environment",
        "Out-of-session processing",
        "Therapeutic relationship",
        "Therapist characteristics",
        "Therapeutic intervention",
    ]
    codes = client.get(reverse("api-code-list", kwargs={"study_pk": body["id"]})).json()
    assert len(codes) == 21


def test_create_study_empty_codebook_and_bad_title(db):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(make_user("founder"))
    bad = client.post(reverse("api-study-list"), {"title": "   "}, format="json")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "title"
    ok = client.post(
        reverse("api-study-list"), {"title": "Empty", "starter_codebook": False}, format="json"
    )
    assert client.get(reverse("api-code-list", kwargs={"study_pk": ok.json()["id"]})).json() == []


def test_import_batch_reports_each_file_and_keeps_good_ones(world):
    url = reverse("api-transcript-import", kwargs={"study_pk": world.study.pk})
    files = [
        upload("P01.txt", SMALL_INTERVIEW),
        upload("broken.docx", b"not a zip at all"),
        upload("empty.txt", b""),
        upload("again.txt", SMALL_INTERVIEW),  # same bytes as P01.txt: a duplicate
        upload("image.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ]
    response = world.client("coder").post(url, {"files": files}, format="multipart")
    assert response.status_code == 201
    rows = response.json()
    assert [(r["filename"], r["status"]) for r in rows] == [
        ("P01.txt", "imported"),
        ("broken.docx", "failed"),
        ("empty.txt", "failed"),
        ("again.txt", "duplicate"),
        ("image.png", "failed"),
    ]
    assert "not a zip" in rows[1]["message"]
    assert rows[2]["message"] == "The file is empty."
    assert Transcript.objects.filter(study=world.study).count() == 1
    # The same file again later is reported, not duplicated.
    again = world.client("coder").post(
        url, {"files": [upload("P01.txt", SMALL_INTERVIEW)]}, format="multipart"
    )
    assert again.status_code == 200 and again.json()[0]["status"] == "duplicate"
    assert Transcript.objects.filter(study=world.study).count() == 1


def test_import_all_failed_is_400_and_stores_nothing(world):
    url = reverse("api-transcript-import", kwargs={"study_pk": world.study.pk})
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 30_000_000)
    broken_vtt = b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nClient: backwards\n"
    files = [upload("bomb.docx", bomb.getvalue()), upload("bad.vtt", broken_vtt)]
    response = world.client("owner").post(url, {"files": files}, format="multipart")
    assert response.status_code == 400
    assert [r["status"] for r in response.json()] == ["failed", "failed"]
    assert Transcript.objects.count() == 0


def test_import_without_files_names_the_field(world):
    url = reverse("api-transcript-import", kwargs={"study_pk": world.study.pk})
    response = world.client("owner").post(url, {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "files"


def test_import_rejects_a_name_as_participant_code(world):
    url = reverse("api-transcript-import", kwargs={"study_pk": world.study.pk})
    files = [upload("interview.txt", SMALL_INTERVIEW)]
    response = world.client("owner").post(
        url, {"files": files, "participant": "Maria Lopez"}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "participant"
    assert Transcript.objects.count() == 0


def test_transcript_detail_has_turns_with_exact_offsets(world, transcript):
    url = reverse(
        "api-transcript-detail", kwargs={"study_pk": world.study.pk, "transcript_pk": transcript.pk}
    )
    body = world.client("viewer").get(url).json()
    text = body["text"]
    assert [(t["speaker"], t["role"], text[t["start"] : t["end"]]) for t in body["turns"]] == [
        ("Interviewer", "interviewer", "What was helpful in therapy?"),
        ("Client", "client", "Honestly, the room. It felt safe. I could breathe there."),
        ("Interviewer", "interviewer", "And anything hindering?"),
        (
            "Client",
            "client",
            "The endings were abrupt. I left in tears once. Then I sat in the car for a while.",
        ),
    ]
    assert body["participant"] == "P01"


def test_sentences_endpoint(world, transcript):
    url = reverse(
        "api-transcript-sentences",
        kwargs={"study_pk": world.study.pk, "transcript_pk": transcript.pk},
    )
    rows = world.client("viewer").get(url).json()
    assert [r["text"] for r in rows] == [
        "What was helpful in therapy?",
        "Honestly, the room.",
        "It felt safe.",
        "I could breathe there.",
        "And anything hindering?",
        "The endings were abrupt.",
        "I left in tears once.",
        "Then I sat in the car for a while.",
    ]
    assert rows[1]["start"] == transcript.text.index("Honestly")


def test_members_add_unknown_user_and_keep_an_owner(world):
    url = reverse("api-member-list", kwargs={"study_pk": world.study.pk})
    owner = world.client("owner")
    bad = owner.post(url, {"username": "nobody", "role": "coder"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0] == {
        "field": "username",
        "reason": "No user named 'nobody'.",
    }
    bad_role = owner.post(
        url, {"username": world.users["viewer"].username, "role": "admin"}, format="json"
    )
    assert bad_role.status_code == 400 and bad_role.json()["errors"][0]["field"] == "role"
    mine = Membership.objects.get(study=world.study, user=world.users["owner"])
    detail = reverse("api-member-detail", kwargs={"study_pk": world.study.pk, "member_pk": mine.pk})
    assert owner.patch(detail, {"role": "viewer"}, format="json").status_code == 400
    assert owner.delete(detail).status_code == 400
    mine.refresh_from_db()
    assert mine.role == "owner"


def test_speaker_role_correction_applies_to_turns(world, transcript):
    url = reverse("api-speaker-roles", kwargs={"study_pk": world.study.pk})
    response = world.client("owner").post(
        url, {"label": "client", "role": "therapist"}, format="json"
    )
    assert response.json() == {"overrides": {"client": "therapist"}, "turns_changed": 2}
    assert list(transcript.turns.values_list("role", flat=True)) == [
        "interviewer",
        "therapist",
        "interviewer",
        "therapist",
    ]
    listing = world.client("viewer").get(url).json()["labels"]
    assert {(row["speaker"], row["role"], row["turns"]) for row in listing} == {
        ("Client", "therapist", 2),
        ("Interviewer", "interviewer", 2),
    }


def test_participant_code_must_not_be_a_name(world):
    url = reverse("api-participant-list", kwargs={"study_pk": world.study.pk})
    response = world.client("coder").post(url, {"code": "Jane"}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "participant"
    auto = world.client("coder").post(url, {}, format="json")
    assert auto.status_code == 201 and auto.json()["code"] == "P01"


def test_transcript_list_query_count_is_constant(world, django_assert_max_num_queries):
    from transcripts import imports

    for number in range(1, 6):
        data = SMALL_INTERVIEW + f"\n\nInterviewer: Thanks, number {number}.".encode()
        imports.import_files(
            study=world.study, user=world.users["owner"], files=[(f"P0{number}.txt", data)]
        )
    url = reverse("api-transcript-list", kwargs={"study_pk": world.study.pk})
    client = world.client("viewer")
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.json()["count"] == 5


def test_schema_and_docs_are_served_offline(world, client):
    world.login(client, "viewer")
    schema = client.get(reverse("api-schema"))
    assert (
        schema.status_code == 200
        and b"/api/v1/studies/{study_pk}/transcripts/import/" in schema.content
    )
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert b"drf_spectacular_sidecar" in docs.content  # assets from the sidecar, not a CDN


def test_a_body_that_is_not_json_is_refused_in_the_error_shape(world):
    url = reverse("api-participant-list", kwargs={"study_pk": world.study.pk})
    response = world.client("owner").post(url, b"\x00", content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("JSON parse error")
    assert body["errors"] == [{"field": "", "reason": body["detail"]}]


def test_unknown_api_paths_answer_json_404(world):
    client = world.client("owner")
    for path in ("/api/v1/studies/null,null/codes/0/", "/api/v1/nothing/here/"):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert client.post("/api/v1/studies/abc/members/").status_code == 404
    # Without the final slash, Django still redirects to the slashed path.
    assert client.get("/api/v1/studies").status_code == 301


def test_participant_attributes_refuse_nul_characters(world):
    url = reverse("api-participant-list", kwargs={"study_pk": world.study.pk})
    response = world.client("owner").post(
        url, {"code": "P08", "attributes": {"age\x00": 40}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "attributes", "reason": "Null characters are not allowed."}
    ]


def test_participant_attributes_patch_merges_and_refuses_non_finite_numbers(world):
    url = reverse("api-participant-list", kwargs={"study_pk": world.study.pk})
    created = world.client("owner").post(
        url, {"code": "P08", "attributes": {"age": 40, "outcome": "good"}}, format="json"
    )
    detail = reverse(
        "api-participant-detail",
        kwargs={"study_pk": world.study.pk, "participant_pk": created.json()["id"]},
    )
    patched = world.client("owner").patch(
        detail, {"attributes": {"months": 6, "outcome": None}}, format="json"
    )
    assert patched.json()["attributes"] == {"age": 40, "months": 6}
    for bad in ("1e400", "-1e400"):
        body = '{"attributes": {"age": ' + bad + "}}"
        refused = world.client("owner").patch(detail, body, content_type="application/json")
        assert refused.status_code == 400
        assert refused.json()["errors"] == [
            {"field": "attributes", "reason": "'age' must be a finite number."}
        ]


def test_an_unknown_spacy_pipeline_is_refused_when_set(world):
    url = reverse("api-study-detail", kwargs={"study_pk": world.study.pk})
    refused = world.client("owner").patch(
        url, {"spacy_pipeline": "xx_no_such_pipeline"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "spacy_pipeline"
    world.study.refresh_from_db()
    assert world.study.spacy_pipeline == ""


def test_json_nested_thousands_deep_is_a_400(world):
    url = reverse("api-memo-list", kwargs={"study_pk": world.study.pk})
    body = '{"text": ' + "[" * 5000 + "]" * 5000 + "}"
    r = world.client("coder").post(url, body, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["detail"] == "JSON parse error - the body is nested too deeply."


def test_transcript_answer_is_the_serializers_shape_in_few_queries_with_an_etag(
    world, transcript, django_assert_max_num_queries
):
    client = world.client("coder")
    url = reverse("api-transcript-detail", args=[world.study.pk, transcript.pk])
    with django_assert_max_num_queries(6):  # session/auth, membership, transcript, turns
        response = client.get(url)
    expected = TranscriptOut(
        Transcript.objects.select_related("participant", "imported_by").get(pk=transcript.pk)
    ).data
    assert response.json() == json.loads(json.dumps(expected))
    assert list(response.json()) == list(expected)
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_form_body_with_too_many_fields_is_a_400_in_the_apis_shape(world):
    # Found by schemathesis: Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields
    # with its own HTML page; the API answers in its error shape.
    from urllib.parse import urlencode

    url = reverse("api-study-detail", args=[world.study.pk])
    body = urlencode([("title", str(i)) for i in range(1001)])
    response = world.client("owner").patch(
        url, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert (
        response.json()["errors"][0]["reason"] == "Too many fields in the request (at most 1,000)."
    )
