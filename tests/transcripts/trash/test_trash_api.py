"""Deleting a study or a transcript through the API: the name typed back, the trash, restoring
within 30 days, the purge, and the audit records of each move."""

from datetime import timedelta
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SMALL_INTERVIEW
from transcripts import imports
from transcripts.audit.models import AuditEvent
from transcripts.models import Study, Transcript


def study_url(world, confirm=None) -> str:
    url = reverse("api-study-detail", kwargs={"study_pk": world.study.pk})
    return url if confirm is None else f"{url}?{urlencode({'confirm': confirm})}"


def transcript_url(world, transcript, confirm=None) -> str:
    url = reverse(
        "api-transcript-detail",
        kwargs={"study_pk": world.study.pk, "transcript_pk": transcript.pk},
    )
    return url if confirm is None else f"{url}?{urlencode({'confirm': confirm})}"


@pytest.mark.parametrize(
    "confirm,reason",
    [
        (None, "Type the study's name, “Helpful moments”, to delete it."),
        ("", "Type the study's name, “Helpful moments”, to delete it."),
        ("helpful moments", "That is not the study's name: type “Helpful moments” to delete it."),
    ],
)
def test_deleting_a_study_needs_its_title_typed_back(world, confirm, reason):
    response = world.client("owner").delete(study_url(world, confirm))
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "confirm", "reason": reason}]
    assert Study.objects.filter(pk=world.study.pk).exists()
    assert not AuditEvent.objects.exists()


def test_a_deleted_study_is_gone_until_its_owner_restores_it(world):
    owner = world.client("owner")
    assert owner.delete(study_url(world, " Helpful moments ")).status_code == 204
    study = Study.all_objects.get(pk=world.study.pk)
    assert study.deleted_by == world.users["owner"]
    for persona in ("owner", "coder", "viewer"):
        client = world.client(persona)
        assert client.get(study_url(world)).status_code == 404
        assert client.get(reverse("api-study-list")).json() == []
    trash = reverse("api-trash-studies")
    [row] = owner.get(trash).json()
    assert (row["id"], row["title"], row["deleted_by"]) == (
        study.pk,
        "Helpful moments",
        "owner-Helpful mo",
    )
    restorable = timezone.datetime.fromisoformat(row["restorable_until"])
    assert restorable - study.deleted_at == timedelta(days=30)
    # Only owners see it in their trash and restore it.
    assert world.client("coder").get(trash).json() == []
    restore = reverse("api-trash-study-restore", kwargs={"study_pk": study.pk})
    assert world.client("coder").post(restore).status_code == 404
    assert world.client("outsider").post(restore).status_code == 404
    answer = owner.post(restore)
    assert answer.status_code == 200
    assert (answer.json()["deleted_at"], answer.json()["restorable_until"]) == (None, None)
    assert owner.get(study_url(world)).status_code == 200
    assert owner.get(trash).json() == []
    events = list(AuditEvent.objects.order_by("id").values_list("action", "object_id", "actor"))
    owner_id = world.users["owner"].pk
    assert events == [("trashed", study.pk, owner_id), ("restored", study.pk, owner_id)]
    trashed, restored = AuditEvent.objects.order_by("id")
    assert trashed.before == {"deleted_at": None, "deleted_by": None}
    assert trashed.after == {"deleted_at": study.deleted_at.isoformat(), "deleted_by": owner_id}
    assert restored.before == trashed.after
    assert restored.after == {"deleted_at": None, "deleted_by": None}


def test_a_study_deleted_more_than_30_days_ago_cannot_be_restored(world):
    world.client("owner").delete(study_url(world, "Helpful moments"))
    Study.all_objects.filter(pk=world.study.pk).update(
        deleted_at=timezone.now() - timedelta(days=30, seconds=1)
    )
    owner = world.client("owner")
    assert owner.get(reverse("api-trash-studies")).json() == []
    restore = reverse("api-trash-study-restore", kwargs={"study_pk": world.study.pk})
    assert owner.post(restore).status_code == 404


def test_deleting_a_transcript_needs_its_title_and_the_owner(world, transcript):
    assert world.client("owner").delete(transcript_url(world, transcript)).status_code == 400
    wrong = world.client("owner").delete(transcript_url(world, transcript, "P01"))
    assert wrong.json()["errors"] == [
        {
            "field": "confirm",
            "reason": "That is not the transcript's name: type “Interview P01” to delete it.",
        }
    ]
    coder = world.client("coder").delete(transcript_url(world, transcript, "Interview P01"))
    assert coder.status_code == 403
    assert Transcript.objects.filter(pk=transcript.pk).exists()


def test_a_trashed_transcript_leaves_the_lists_and_comes_back(world, transcript):
    owner = world.client("owner")
    assert owner.delete(transcript_url(world, transcript, "Interview P01")).status_code == 204
    listing = reverse("api-transcript-list", kwargs={"study_pk": world.study.pk})
    assert owner.get(listing).json()["results"] == []
    assert owner.get(transcript_url(world, transcript)).status_code == 404
    assert owner.get(reverse("api-study-list")).json()[0]["transcript_count"] == 0
    trash = reverse("api-trash-transcripts", kwargs={"study_pk": world.study.pk})
    [row] = owner.get(trash).json()
    assert (row["id"], row["title"], row["participant"]) == (transcript.pk, "Interview P01", "P01")
    assert world.client("coder").get(trash).status_code == 403
    assert world.client("outsider").get(trash).status_code == 404
    restore = reverse(
        "api-trash-transcript-restore",
        kwargs={"study_pk": world.study.pk, "transcript_pk": transcript.pk},
    )
    assert world.client("coder").post(restore).status_code == 403
    assert owner.post(restore).status_code == 200
    assert [t["id"] for t in owner.get(listing).json()["results"]] == [transcript.pk]
    assert owner.post(restore).status_code == 404  # not in the trash any more
    assert list(
        AuditEvent.objects.filter(kind="trash")
        .order_by("id")
        .values_list("kind", "action", "object_type", "object_id")
    ) == [
        ("trash", "trashed", "transcript", transcript.pk),
        ("trash", "restored", "transcript", transcript.pk),
    ]


def test_importing_a_file_whose_transcript_is_in_the_trash_says_so(world, transcript):
    world.client("owner").delete(transcript_url(world, transcript, "Interview P01"))
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"], files=[("again.txt", SMALL_INTERVIEW)]
    )
    assert (outcome.status, outcome.message) == (
        "duplicate",
        "In this study's trash: restore it from the trash; skipped.",
    )


def test_purge_removes_what_is_older_than_30_days(world, transcript):
    other = imports.import_files(
        study=world.study,
        user=world.users["owner"],
        files=[("P02.txt", SMALL_INTERVIEW + b"\nClient: More.\n")],
    )[0]
    recent = Transcript.objects.get(pk=other.transcript_id)
    owner = world.client("owner")
    owner.delete(transcript_url(world, transcript, "Interview P01"))
    owner.delete(transcript_url(world, recent, "Interview P02"))
    Transcript.all_objects.filter(pk=transcript.pk).update(
        deleted_at=timezone.now() - timedelta(days=31)
    )
    out = StringIO()
    call_command("purge_trash", stdout=out)
    assert out.getvalue() == ("Purged 0 studies and 1 transcripts deleted more than 30 days ago.\n")
    assert not Transcript.all_objects.filter(pk=transcript.pk).exists()
    assert Transcript.all_objects.filter(pk=recent.pk).exists()  # 0 days in the trash
    purged = AuditEvent.objects.get(action="purged")
    assert (purged.object_type, purged.object_id, purged.actor) == (
        "transcript",
        transcript.pk,
        None,
    )
    assert purged.before["title"] == "Interview P01"
    # A study past its 30 days goes with everything in it, its trail too.
    owner.delete(study_url(world, "Helpful moments"))
    Study.all_objects.filter(pk=world.study.pk).update(
        deleted_at=timezone.now() - timedelta(days=40)
    )
    out = StringIO()
    call_command("purge_trash", stdout=out)
    assert out.getvalue() == ("Purged 1 studies and 1 transcripts deleted more than 30 days ago.\n")
    assert not Study.all_objects.filter(pk=world.study.pk).exists()
    assert not Transcript.all_objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_trash_lists_in_a_constant_number_of_queries(world, django_assert_max_num_queries):
    for n in range(3):
        files = [(f"P1{n}.txt", SMALL_INTERVIEW + f"\nClient: {n}.\n".encode())]
        outcome = imports.import_files(study=world.study, user=world.users["owner"], files=files)[0]
        title = Transcript.objects.get(pk=outcome.transcript_id).title
        t = Transcript.objects.get(pk=outcome.transcript_id)
        world.client("owner").delete(transcript_url(world, t, title))
    owner = world.client("owner")
    trash = reverse("api-trash-transcripts", kwargs={"study_pk": world.study.pk})
    with django_assert_max_num_queries(4):
        assert len(owner.get(trash).json()) == 3
