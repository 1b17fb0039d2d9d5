"""Management commands for batch users: load_demo and import_transcripts."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from transcripts.models import Membership, Participant, Study, Transcript

SAMPLES = Path(__file__).parent / "samples"


def test_load_demo_is_complete_and_idempotent(db):
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", stdout=out)
    study = Study.objects.get(title="What clients find helpful")
    assert Study.objects.count() == 1
    assert dict(Membership.objects.filter(study=study).values_list("user__username", "role")) == {
        "olivia": "owner",
        "casey": "coder",
        "devon": "coder",
        "val": "viewer",
    }
    assert study.transcripts.count() == 8
    assert set(study.transcripts.values_list("source_format", flat=True)) == {
        "text",
        "vtt",
        "srt",
        "docx",
    }
    assert all(t.word_count >= 1500 for t in study.transcripts.all())
    assert study.clusters.count() == 7 and study.codes.count() == 21
    assert list(study.known_names.values_list("name", "pseudonym")) == [
        ("Edinburgh", "[city]"),
        ("Portugal", "[country]"),
        ("Rosa", ""),
        ("Whitsun", "[a holiday]"),
    ]
    p03 = Participant.objects.get(study=study, code="P03")
    assert 2 <= p03.attributes["months_since_therapy"] <= 12
    assert out.getvalue().count("duplicate") == 8
    assert "new: 0 codings, 0 moments, 0 memos" in out.getvalue()
    # The first run computed suggestions (no classifier yet); the second left them alone.
    recommenders = set(study.suggestions.values_list("recommender", flat=True))
    assert recommenders == {"rules", "memory", "moments"}
    assert "suggestions:" not in out.getvalue()
    # Blind phase: every memory suggestion belongs to the coder whose codings it remembers.
    assert not study.suggestions.filter(recommender="memory", for_user__isnull=True).exists()


def test_demo_has_two_blind_coders_moments_and_memos(db):
    from django.db.models import Count

    from coding.models import Coding, Memo, SignificantMoment

    call_command("load_demo", stdout=StringIO())
    study = Study.objects.get(title="What clients find helpful")
    per_coder = dict(
        Coding.objects.filter(transcript__study=study)
        .values_list("coder__username")
        .annotate(n=Count("id"))
    )
    assert set(per_coder) == {"casey", "devon"} and min(per_coder.values()) >= 150
    per_transcript = (
        Coding.objects.filter(transcript__study=study)
        .values("transcript", "coder")
        .annotate(n=Count("id"))
    )
    assert len(per_transcript) == 16  # both coders coded every interview
    assert study.blind_coding
    assert SignificantMoment.objects.filter(transcript__study=study).count() >= 60
    assert set(SignificantMoment.objects.values_list("valence", flat=True)) == {
        "helpful",
        "hindering",
        "mixed",
    }
    assert Memo.objects.filter(study=study).count() >= 8
    # Every span is real text inside the transcript, mostly in the client's words.
    for coding in Coding.objects.select_related("transcript")[:400]:
        quote = coding.transcript.text[coding.start : coding.end]
        assert quote and quote == quote.strip()


def test_import_transcripts_command_with_folder(world):
    out = StringIO()
    call_command(
        "import_transcripts", str(SAMPLES), "--study", str(world.study.pk), stdout=out, verbosity=0
    )
    assert "2 imported, 0 duplicate, 0 failed" in out.getvalue()
    assert Transcript.objects.filter(study=world.study).count() == 2
    assert Transcript.objects.first().imported_by == world.users["owner"]


def test_import_transcripts_command_reports_failures(world, tmp_path):
    (tmp_path / "good.txt").write_text("Interviewer: Hi?\n\nClient: Hello.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command(
            "import_transcripts",
            str(tmp_path / "good.txt"),
            str(tmp_path / "empty.txt"),
            "--study",
            world.study.title,
            "--as",
            world.users["coder"].username,
            stdout=out,
            verbosity=0,
        )
    assert "The file is empty." in out.getvalue()
    assert Transcript.objects.get().imported_by == world.users["coder"]


def test_import_transcripts_command_refuses_unknown_study_and_viewer(world, tmp_path):
    (tmp_path / "a.txt").write_text("Client: hi\n")
    with pytest.raises(CommandError, match="No study"):
        call_command("import_transcripts", str(tmp_path), "--study", "nope", verbosity=0)
    with pytest.raises(CommandError, match="not an owner or coder"):
        call_command(
            "import_transcripts",
            str(tmp_path),
            "--study",
            str(world.study.pk),
            "--as",
            world.users["viewer"].username,
            verbosity=0,
        )
    assert Transcript.objects.count() == 0


def test_import_transcripts_command_with_pseudonyms_and_bad_language(world, tmp_path):
    (tmp_path / "P05.txt").write_text("Client: I moved to Leeds.\nLeeds is grey.\n")
    names = tmp_path / "names.json"
    names.write_text('{"Leeds": "York"}')
    study = str(world.study.pk)
    with pytest.raises(CommandError, match="^--language: “qq” is not a spaCy language"):
        call_command("import_transcripts", str(tmp_path / "P05.txt"), "--study", study,
                     "--language", "qq", stdout=StringIO(), verbosity=0)  # fmt: skip
    out = StringIO()
    call_command("import_transcripts", str(tmp_path / "P05.txt"), "--study", study,
                 "--pseudonyms", str(names), stdout=out, verbosity=0)  # fmt: skip
    assert "1 name pseudonymised (2 in the text)" in out.getvalue()
    assert Transcript.objects.get().text == "Client: I moved to York. York is grey."
    names.write_text("[1]")
    with pytest.raises(CommandError, match="give a JSON object"):
        call_command("import_transcripts", str(tmp_path), "--study", study,
                     "--pseudonyms", str(names), stdout=StringIO(), verbosity=0)  # fmt: skip
