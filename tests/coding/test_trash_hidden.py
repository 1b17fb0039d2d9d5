"""A transcript in the trash is out of every list, count and figure: codings, segments, code
counts, the codebook's counts, moments, memos, the workbench and the agreement report. Its
restore brings every figure back exactly."""

import pytest
from django.urls import reverse

from coding.agreement import report as agreement_report
from coding.models import Coding, Memo, SignificantMoment
from tests.coding.conftest import INTERVIEW
from tests.conftest import make_user
from transcripts import imports
from transcripts.models import Membership, Role, Transcript
from transcripts.trash import services as trash


@pytest.fixture
def two_interviews(world, book, interview):
    """Two coders code sentence 1 of two interviews alike; the second interview is then
    trashed. Each coder marks a moment and writes a memo on a coding in each."""
    [outcome] = imports.import_files(
        study=world.study,
        user=world.users["owner"],
        files=[("P02.txt", INTERVIEW + b"\nClient: One more line.\n")],
    )
    second = Transcript.objects.get(pk=outcome.transcript_id)
    world.users["second"] = make_user("second-coder")
    Membership.objects.create(study=world.study, user=world.users["second"], role=Role.CODER)
    for transcript in (interview, second):
        s, e = transcript.sentences[1]
        for persona in ("coder", "second"):
            user = world.users[persona]
            coding = Coding.objects.create(
                transcript=transcript, code=book.understood, coder=user, start=s, end=e
            )
            SignificantMoment.objects.create(
                transcript=transcript, rater=user, start=s, end=e, valence="helpful"
            )
            Memo.objects.create(study=world.study, author=user, coding=coding, text="why")
        Memo.objects.create(
            study=world.study, author=world.users["owner"], transcript=transcript, text="t"
        )
        # The coder alone codes sentence 2: a disagreement the report counts.
        s, e = transcript.sentences[2]
        Coding.objects.create(
            transcript=transcript, code=book.safe, coder=world.users["coder"], start=s, end=e
        )
    return world, interview, second


def figures(world, persona: str) -> dict:
    client = world.client(persona)
    api = lambda name, **q: client.get(  # noqa: E731
        reverse(name, kwargs={"study_pk": world.study.pk}), q
    ).json()
    counts = api("api-code-counts")

    def rows(answer):  # some lists are paginated, some not
        return answer["results"] if isinstance(answer, dict) else answer

    return {
        "codings": len(rows(api("api-coding-list"))),
        "segments": len(rows(api("api-segment-list"))),
        "moments": len(rows(api("api-moment-list"))),
        "memos": len(rows(api("api-memo-list"))),
        "code_counts": {r["name"]: (r["codings"], r["participants"]) for r in counts["codes"]},
        "participants_total": counts["participants_total"],
        "codebook": {c["name"]: c["coding_count"] for c in rows(api("api-code-list"))},
    }


def test_a_trashed_transcript_counts_nowhere(two_interviews, book):
    world, interview, second = two_interviews
    before = figures(world, "owner")
    assert before["codings"] == 6 and before["moments"] == 4 and before["memos"] == 6
    assert before["code_counts"]["Feeling understood"] == (4, 2)
    world.study.blind_coding = False
    world.study.save()
    report = agreement_report.study_agreement(world.study, unit="sentence")
    assert [r.name for r in report.transcripts] == ["Interview P01", "Interview P02"]
    units_before = report.overall.units

    owner = Membership.objects.get(study=world.study, user=world.users["owner"])
    trash.trash_transcript(member=owner, transcript_id=second.pk, confirm="Interview P02")
    after = figures(world, "owner")
    assert after == {
        "codings": 3,
        "segments": 3,
        "moments": 2,
        "memos": 3,
        "code_counts": {
            "Feeling safe": (1, 1),
            "Feeling understood": (2, 1),
            "Old code": (0, 0),
            "Trust after disclosure": (0, 0),
        },
        "participants_total": 1,
        "codebook": {
            "Feeling safe": 1,
            "Feeling understood": 2,
            "Old code": 0,
            "Trust after disclosure": 0,
        },
    }
    report = agreement_report.study_agreement(world.study, unit="sentence")
    assert [r.name for r in report.transcripts] == ["Interview P01"]
    assert report.overall.units == units_before - len(second.sentences)
    assert report.codings == 3
    workbench = reverse("transcript-detail", args=[world.study.pk, second.pk])
    assert world.login(world.client("owner"), "owner").get(workbench).status_code == 404

    trash.restore_transcript(member=owner, transcript_id=second.pk)
    assert figures(world, "owner") == before


def test_in_the_blind_phase_a_coder_counts_only_their_own_live_codings(two_interviews):
    world, interview, second = two_interviews
    owner = Membership.objects.get(study=world.study, user=world.users["owner"])
    trash.trash_transcript(member=owner, transcript_id=second.pk, confirm="Interview P02")
    mine = figures(world, "coder")
    assert (mine["codings"], mine["moments"], mine["memos"]) == (2, 1, 1)
    assert mine["code_counts"]["Feeling understood"] == (1, 1)
    assert mine["codebook"]["Feeling understood"] == 1


def test_a_coding_in_a_trashed_transcript_cannot_be_changed(two_interviews, book):
    world, interview, second = two_interviews
    coding = Coding.objects.filter(transcript=second, coder=world.users["coder"]).first()
    owner = Membership.objects.get(study=world.study, user=world.users["owner"])
    trash.trash_transcript(member=owner, transcript_id=second.pk, confirm="Interview P02")
    url = reverse("api-coding-detail", kwargs={"study_pk": world.study.pk, "coding_pk": coding.pk})
    assert world.client("coder").patch(url, {"memo": "x"}, format="json").status_code == 404
    s, e = second.sentences[3]
    body = {"transcript": second.pk, "code": book.trust.pk, "start": s, "end": e}
    created = world.client("coder").post(
        reverse("api-coding-list", kwargs={"study_pk": world.study.pk}), body, format="json"
    )
    assert created.status_code == 400
    assert created.json()["errors"] == [
        {"field": "transcript", "reason": "No such transcript in this study."}
    ]
