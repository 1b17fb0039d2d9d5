"""One audit record per kind of change, with who, what and the exact fields before and after:
codings, moments, memos, the codebook, members, settings, decisions, imports, transcripts,
participants and exports (the trash's records are in tests/transcripts/trash)."""

from django.urls import reverse

from coding.codebook import services as codebook
from coding.codings import services as codings
from coding.models import Coding
from coding.reconcile import services as reconcile
from coding.suggestions import config
from tests.coding.conftest import span_of
from transcripts import studies
from transcripts.audit.models import AuditEvent
from transcripts.models import Membership


def member(world, persona: str) -> Membership:
    return Membership.objects.select_related("study", "user").get(
        study=world.study, user=world.users[persona]
    )


def last(kind: str) -> AuditEvent:
    return AuditEvent.objects.filter(kind=kind).order_by("-id").first()


def fields(event: AuditEvent) -> tuple:
    return (event.actor.username if event.actor else None, event.action, event.object_type,
            event.object_id, event.before, event.after)  # fmt: skip


def test_codings(world, book, interview):
    coder = member(world, "coder")
    start, end = span_of(interview, "The room was calm")
    made = codings.apply_code(
        member=coder, transcript_id=interview.pk, code_id=book.safe.pk, start=start, end=end
    ).coding
    name = world.users["coder"].username
    state = {
        "transcript": interview.pk,
        "code": book.safe.pk,
        "coder": world.users["coder"].pk,
        "start": start,
        "end": end,
        "memo": "",
    }
    assert fields(last("coding")) == (name, "created", "coding", made.pk, None, state)
    codings.update_coding(member=coder, coding_id=made.pk, code_id=book.trust.pk, memo="calm")
    assert fields(last("coding")) == (
        name,
        "changed",
        "coding",
        made.pk,
        {"code": book.safe.pk, "memo": ""},
        {"code": book.trust.pk, "memo": "calm"},
    )
    codings.delete_coding(member=coder, coding_id=made.pk)
    deleted = {**state, "code": book.trust.pk, "memo": "calm", "memos": []}
    assert fields(last("coding")) == (name, "deleted", "coding", made.pk, deleted, None)
    assert AuditEvent.objects.filter(kind="coding").count() == 3


def test_moments_and_memos(world, interview):
    coder = member(world, "coder")
    start, end = span_of(interview, "I cried in the car.")
    moment = codings.mark_moment(
        member=coder, transcript_id=interview.pk, start=start, end=end, valence="hindering"
    )
    codings.update_moment(member=coder, moment_id=moment.pk, intensity=5, note="tears")
    name = world.users["coder"].username
    assert fields(last("moment")) == (
        name,
        "changed",
        "significantmoment",
        moment.pk,
        {"intensity": 3, "note": ""},
        {"intensity": 5, "note": "tears"},
    )
    codings.delete_moment(member=coder, moment_id=moment.pk)
    assert last("moment").before["valence"] == "hindering" and last("moment").after is None
    memo = codings.write_memo(member=coder, text="Endings hurt.", transcript_id=interview.pk)
    codings.update_memo(member=coder, memo_id=memo.pk, text="Endings hurt her.")
    assert fields(last("memo")) == (
        name,
        "changed",
        "memo",
        memo.pk,
        {"text": "Endings hurt."},
        {"text": "Endings hurt her."},
    )
    codings.delete_memo(member=coder, memo_id=memo.pk)
    assert list(AuditEvent.objects.filter(kind="memo").values_list("action", flat=True)) == [
        "deleted",
        "changed",
        "created",
    ]


def test_codebook(world, book):
    owner = member(world, "owner")
    codebook.rename_code(member=owner, code_id=book.safe.pk, name="Safe room")
    assert fields(last("codebook")) == (
        world.users["owner"].username,
        "rename_code",
        "code",
        book.safe.pk,
        {"name": "Feeling safe"},
        {"name": "Safe room"},
    )
    codebook.update_code(member=owner, code_id=book.safe.pk, definition="The room feels safe.")
    assert (last("codebook").before, last("codebook").after) == (
        {"definition": ""},
        {"definition": "The room feels safe."},
    )


def test_members_and_settings(world):
    owner = member(world, "owner")
    studies.add_member(
        study=world.study,
        actor=world.users["owner"],
        username=world.users["outsider"].username,
        role="viewer",
    )
    added = last("member")
    assert (added.action, added.before, added.after) == (
        "added",
        None,
        {"user": world.users["outsider"].pk, "role": "viewer"},
    )
    studies.add_member(
        study=world.study,
        actor=world.users["owner"],
        username=world.users["viewer"].username,
        role="coder",
    )
    assert (last("member").before, last("member").after) == ({"role": "viewer"}, {"role": "coder"})
    studies.update_study(member=owner, title="Helpful moments II", agreement_unit="turn")
    assert fields(last("settings")) == (
        world.users["owner"].username,
        "changed",
        "study",
        world.study.pk,
        {"title": "Helpful moments", "agreement_unit": "sentence"},
        {"title": "Helpful moments II", "agreement_unit": "turn"},
    )
    studies.set_blind_phase(member=owner, blind=False)
    assert (last("settings").before, last("settings").after) == (
        {"blind_coding": True},
        {"blind_coding": False},
    )
    config.change_settings(member=owner, threshold=0.7)
    assert (last("settings").object_type, last("settings").before, last("settings").after) == (
        "suggestionsettings",
        {"threshold": 0.5},
        {"threshold": 0.7},
    )


def test_imports_transcripts_and_participants(world, interview):
    imported = last("import")
    assert (imported.actor, imported.object_id, imported.after["title"]) == (
        world.users["owner"],
        interview.pk,
        "Interview P01",
    )
    assert imported.after["source_name"] == "P01.txt" and imported.after["participant"] == "P01"
    client = world.client("owner")
    url = reverse(
        "api-transcript-detail", kwargs={"study_pk": world.study.pk, "transcript_pk": interview.pk}
    )
    client.patch(url, {"title": "First interview"}, format="json")
    assert fields(last("transcript")) == (
        world.users["owner"].username,
        "changed",
        "transcript",
        interview.pk,
        {"title": "Interview P01"},
        {"title": "First interview"},
    )
    url = reverse(
        "api-participant-detail",
        kwargs={"study_pk": world.study.pk, "participant_pk": interview.participant_id},
    )
    world.client("coder").patch(url, {"attributes": {"age": 30}}, format="json")
    assert fields(last("participant")) == (
        world.users["coder"].username,
        "changed",
        "participant",
        interview.participant_id,
        {"attributes": {}},
        {"attributes": {"age": 30}},
    )


def test_decisions(world, book, interview):
    start, end = span_of(interview, "I trusted her after I told her.")
    for persona, code in (("coder", book.trust), ("owner", book.safe)):
        Coding.objects.create(
            transcript=interview, code=code, coder=world.users[persona], start=start, end=end
        )
    decision = reconcile.decide(
        member=member(world, "owner"),
        transcript_id=interview.pk,
        start=start,
        end=end,
        outcome="accept_none",
        reason="not a disclosure",
    )
    assert fields(last("decision")) == (
        world.users["owner"].username,
        "accept_none",
        "reconciliationdecision",
        decision.pk,
        None,
        {
            "transcript": interview.pk,
            "start": start,
            "end": end,
            "kind": "codes",
            "outcome": "accept_none",
            "accepted_coder": "",
            "result": [],
            "reason": "not a disclosure",
        },
    )


def test_exports(world, book, interview, client):
    world.study.blind_coding = False
    world.study.save()
    world.login(client, "owner")
    response = client.get(reverse("agreement-export", args=[world.study.pk, "csv"]))
    assert response.status_code == 200
    assert fields(last("export")) == (
        world.users["owner"].username,
        "exported",
        "agreement",
        None,
        None,
        {"format": "csv", "unit": "sentence", "coders": []},  # nobody has coded yet
    )


def test_creating_a_study(db):
    from coding.studies.services import start_study
    from tests.conftest import make_user

    user = make_user("founder")
    study = start_study(user=user, title="Endings", description="How therapy ends")
    created = AuditEvent.objects.get(kind="settings", study=study)
    assert fields(created) == (
        "founder",
        "created",
        "study",
        study.pk,
        None,
        {"title": "Endings", "description": "How therapy ends", "blind_coding": True},
    )
    assert AuditEvent.objects.filter(study=study, kind="codebook").count() == 1  # the starter


def test_merging_codes(world, book, interview):
    from coding.codebook import restructure

    start, end = span_of(interview, "The room was calm")
    Coding.objects.create(
        transcript=interview, code=book.safe, coder=world.users["coder"], start=start, end=end
    )
    restructure.merge_codes(
        member=member(world, "owner"), source_ids=[book.safe.pk], target_id=book.trust.pk
    )
    merged = last("codebook")
    assert (merged.action, merged.object_type, merged.object_id) == (
        "merge_codes",
        "code",
        book.trust.pk,
    )
    assert merged.before == {"sources": {str(book.safe.pk): "Feeling safe"}}
    assert (merged.after["target"], merged.after["codings"]) == (book.trust.pk, 1)
