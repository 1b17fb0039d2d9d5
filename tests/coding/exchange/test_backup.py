"""Study backup and restore: a versioned JSON document; restoring gives identical transcripts,
turns, sentences, codebook (rules, order, history), codings, moments, memos, roles, settings,
reconciliation decisions and agreement figures, the consensus included."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coding.agreement import report as agreement_report
from coding.exchange import backup, restore
from coding.models import Code, CodebookEvent, ReconciliationDecision, SuggestionSettings
from coding.reconcile import services as reconcile
from tests.coding.exchange.conftest import member_of
from tests.coding.exchange.test_roundtrip import (
    codebook_of,
    codings_of,
    memos_of,
    moments_of,
    participants_of,
    transcripts_of,
    without_ids,
)
from tests.conftest import make_user
from transcripts.models import Membership, Study


@pytest.fixture
def reconciled(demo):
    """The demo with its blind phase over and one transcript reconciled by the owner."""
    demo.blind_coding = False
    demo.save(update_fields=["blind_coding"])
    owner = member_of(demo, "olivia")
    transcript = demo.transcripts.order_by("id").first()
    queue = reconcile.queue(member=owner, transcript_id=transcript.pk)
    for number, region in enumerate(queue["regions"]):
        coders = sorted({v["coder"] for v in region["versions"]})
        outcome = "accept_none" if number % 3 == 2 else "accept_one"
        reconcile.decide(
            member=owner,
            transcript_id=transcript.pk,
            start=region["start"],
            end=region["end"],
            outcome=outcome,
            coder=coders[0] if outcome == "accept_one" else "",
            reason=f"region {number}",
        )
    SuggestionSettings.objects.update_or_create(
        study=demo, defaults={"threshold": 0.7, "use_model": False}
    )
    return demo


def decisions_of(study):
    names = dict(Code.objects.filter(study=study).values_list("pk", "name"))
    return sorted(
        (
            d.transcript.title,
            d.start,
            d.end,
            d.kind,
            d.outcome,
            d.accepted_coder,
            d.reason,
            d.decided_by.username if d.decided_by else None,
            d.decided_at,
            sorted((names[r["code"]], r["start"], r["end"]) for r in d.result),
            sorted((v["coder"], names[v["code"]], v["start"], v["end"]) for v in d.versions),
        )
        for d in ReconciliationDecision.objects.filter(study=study).select_related(
            "transcript", "decided_by"
        )
    )


def rules_of(study):
    return sorted(study.codes.values_list("name", "keywords", "patterns", "active", "order"))


def codings_named(study):
    """Codings with the consensus identity named alike (each study has its own)."""
    consensus = study.consensus_user.username
    return sorted(
        (row[0], row[1], "<consensus>" if row[2] == consensus else row[2], *row[3:])
        for row in codings_of(study)
    )


def test_restore_gives_the_same_study(reconciled):
    study = reconciled
    study.refresh_from_db()
    assert ReconciliationDecision.objects.filter(study=study).count() > 5
    data = json.loads(json.dumps(backup.dump_study(study)))  # through JSON, as on disk
    assert (data["format"], data["version"]) == ("qualcode-study-backup", 1)
    copy, created = restore.restore_study(data=data, user=make_user("restorer"))
    assert created == []  # every user exists here; the consensus identity is the copy's own
    assert copy.consensus_user_id not in (None, study.consensus_user_id)
    assert transcripts_of(copy) == transcripts_of(study)
    assert codebook_of(copy) == codebook_of(study)
    assert rules_of(copy) == rules_of(study)
    assert codings_named(copy) == codings_named(study)
    assert moments_of(copy) == moments_of(study) and memos_of(copy) == memos_of(study)
    assert participants_of(copy) == participants_of(study)
    assert decisions_of(copy) == decisions_of(study)

    def events(s):
        return list(CodebookEvent.objects.filter(study=s).values_list("action", "summary", "at"))

    assert events(copy) == events(study)
    roles = dict(Membership.objects.filter(study=copy).values_list("user__username", "role"))
    assert roles == {
        "olivia": "owner",
        "casey": "coder",
        "devon": "coder",
        "val": "viewer",
        "restorer": "owner",
    }
    assert (
        copy.blind_coding,
        copy.suggestion_settings.threshold,
        copy.suggestion_settings.use_model,
    ) == (False, 0.7, False)
    for unit in agreement_report.UNITS:
        for over in agreement_report.CONSENSUS_OVER:
            before = agreement_report.study_agreement(
                study, unit=unit, consensus_over=over
            ).as_dict()
            after = agreement_report.study_agreement(copy, unit=unit, consensus_over=over).as_dict()
            assert without_ids(after) == without_ids(before), (unit, over)
    assert reconcile.reconciled_transcripts(copy) and len(
        reconcile.reconciled_transcripts(copy)
    ) == len(reconcile.reconciled_transcripts(study))


def test_backup_commands_and_refusals(demo, tmp_path):
    target = tmp_path / "study.json"
    out = StringIO()
    call_command("backup_study", "--study", str(demo.pk), "--output", str(target), stdout=out)
    assert (
        "8 transcripts, 399 codings, 0 decisions (format qualcode-study-backup version 1)"
        in out.getvalue()
    )
    out = StringIO()
    call_command("restore_study", str(target), stdout=out)
    assert Study.objects.filter(title=demo.title).count() == 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "qualcode-study-backup", "version": 99}))
    with pytest.raises(CommandError, match="Backup version 99 is not supported"):
        call_command("restore_study", str(bad))
    bad.write_text(json.dumps({**json.loads(target.read_text()), "codings": [{"key": 1}]}))
    with pytest.raises(CommandError, match="The backup is incomplete or damaged"):
        call_command("restore_study", str(bad))
    assert Study.objects.filter(title=demo.title).count() == 2  # nothing of the damaged one


def test_focus_group_turns_keep_their_speakers_participants(db):
    from transcripts import imports, studies

    owner = make_user("fg-owner")
    study = studies.create_study(user=owner, title="focus group")
    text = (
        b"Interviewer: What helped?\nid1: Being heard.\nid2: The homework, honestly.\n"
        b"id1: And the room.\n"
    )
    [outcome] = imports.import_files(study=study, user=owner, files=[("group.txt", text)])
    assert outcome.status == "imported", outcome

    def speakers(s):
        transcript = s.transcripts.get()
        return [
            (t.speaker, t.participant.code if t.participant else None)
            for t in transcript.turns.select_related("participant").order_by("index")
        ]

    before = speakers(study)
    assert [code for _, code in before].count(None) == 1  # the interviewer's turn
    assert len({code for _, code in before if code}) == 2
    data = json.loads(json.dumps(backup.dump_study(study)))
    copy, _ = restore.restore_study(data=data, user=make_user("fg-restorer"))
    assert speakers(copy) == before
    # A backup written before turns kept their participant still restores (without it).
    for item in data["transcripts"]:
        item["turns"] = [turn[:7] for turn in item["turns"]]
    older, _ = restore.restore_study(data=data, user=make_user("fg-restorer-2"))
    assert speakers(older) == [(speaker, None) for speaker, _ in before]
