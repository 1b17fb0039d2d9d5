"""Nothing of a coder's thinking is lost by accident: undoing the deletion of a coding brings
back the memos attached to it, and deleting a code with its codings keeps their memos (moved
to the transcript, saying where they came from)."""

from django.urls import reverse

from coding.codebook import restructure
from coding.models import Coding, Memo
from tests.coding.conftest import code_it, span_of
from transcripts.audit.models import AuditEvent
from transcripts.models import Membership


def _memo(world, persona, coding_id, text):
    url = reverse("api-memo-list", kwargs={"study_pk": world.study.pk})
    response = world.client(persona).post(url, {"coding": coding_id, "text": text}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_undo_of_a_deleted_coding_restores_it_with_its_memos(world, book, interview):
    coding = code_it(world, "coder", interview, book.safe, "The room was calm", memo="calm!").json()
    _memo(world, "coder", coding["id"], "The room matters to her.")
    world.study.blind_coding = False
    world.study.save()
    _memo(world, "owner", coding["id"], "Compare with P03.")
    client = world.client("coder")
    detail = reverse(
        "api-coding-detail", kwargs={"study_pk": world.study.pk, "coding_pk": coding["id"]}
    )
    assert client.delete(detail).status_code == 204
    assert not Memo.objects.exists()
    restore = reverse(
        "api-coding-restore", kwargs={"study_pk": world.study.pk, "coding_pk": coding["id"]}
    )
    # Only its coder brings it back.
    assert world.client("owner").post(restore).status_code == 404
    answer = client.post(restore)
    assert answer.status_code == 201
    body = answer.json()
    start, end = span_of(interview, "The room was calm")
    assert (body["code"], body["start"], body["end"], body["memo"]) == (
        book.safe.pk,
        start,
        end,
        "calm!",
    )
    restored = Coding.objects.get(pk=body["id"])
    assert sorted(restored.memos.values_list("author__username", "text")) == [
        (world.users["coder"].username, "The room matters to her."),
        (world.users["owner"].username, "Compare with P03."),
    ]
    assert client.post(restore).status_code == 404  # once only
    deleted, back = AuditEvent.objects.filter(kind="coding").order_by("id")[1:]
    assert (deleted.action, deleted.object_id, deleted.after) == ("deleted", coding["id"], None)
    assert [m["text"] for m in deleted.before["memos"]] == [
        "The room matters to her.",
        "Compare with P03.",
    ]
    assert (back.action, back.object_id, back.after["id"]) == ("restored", coding["id"], body["id"])


def test_restore_refuses_a_coding_that_was_never_deleted(world, book, interview):
    coding = code_it(world, "coder", interview, book.safe, "The room was calm").json()
    url = lambda pk: reverse(  # noqa: E731
        "api-coding-restore", kwargs={"study_pk": world.study.pk, "coding_pk": pk}
    )
    assert world.client("coder").post(url(coding["id"])).status_code == 404
    assert world.client("coder").post(url(10**12)).status_code == 404
    assert world.client("viewer").post(url(coding["id"])).status_code == 403
    assert world.client("outsider").post(url(coding["id"])).status_code == 404


def test_deleting_a_code_with_its_codings_keeps_their_memos(world, book, interview):
    first = code_it(world, "coder", interview, book.safe, "The room was calm", memo="calm!").json()
    code_it(world, "coder", interview, book.safe, "I cried in the car")
    _memo(world, "coder", first["id"], "The room matters to her.")
    on_code = Memo.objects.create(
        study=world.study, author=world.users["owner"], code=book.safe, text="Too broad?"
    )
    owner = Membership.objects.get(study=world.study, user=world.users["owner"])
    restructure.delete_code(member=owner, code_id=book.safe.pk, delete_codings=True)
    assert not Coding.objects.filter(code_id=book.safe.pk).exists()
    start, end = span_of(interview, "The room was calm")
    origin = (
        f"(From a coding of “Feeling safe”, characters {start}–{end}, deleted with the code.)\n"
    )
    kept = sorted(
        Memo.objects.values_list(
            "author__username", "transcript_id", "code_id", "coding_id", "text"
        )
    )
    assert kept == sorted(
        [
            (world.users["coder"].username, interview.pk, None, None, origin + "calm!"),
            (
                world.users["coder"].username,
                interview.pk,
                None,
                None,
                origin + "The room matters to her.",
            ),
            (
                world.users["owner"].username,
                None,
                None,
                None,
                "(From the code “Feeling safe”, deleted.)\nToo broad?",
            ),
        ]
    )
    event = AuditEvent.objects.get(kind="codebook", action="delete_code")
    assert event.before["codings_deleted"] == 2
    assert event.before["memos_kept"] == sorted(Memo.objects.values_list("id", flat=True))
    assert on_code.pk in event.before["memos_kept"]
