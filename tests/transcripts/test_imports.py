"""The import service: one transaction per file, duplicates, participants, real sample files."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import SMALL_INTERVIEW
from transcripts import imports
from transcripts.errors import DomainError
from transcripts.models import Participant, Transcript, Turn

SAMPLES = Path(__file__).parent / "samples"


def run(world, *files, **kwargs):
    return imports.import_files(study=world.study, user=world.users["coder"], files=files, **kwargs)


def test_participant_from_file_name_label_or_next_free_code(world):
    outcomes = run(
        world,
        ("interview_p07_final.txt", SMALL_INTERVIEW),
        ("session.txt", b"Interviewer: Hello?\n\nP12: Hi there.\n"),
        ("anonymous.txt", b"Interviewer: Hello?\n\nClient: Hi.\n"),
    )
    codes = [Transcript.objects.get(pk=o.transcript_id).participant.code for o in outcomes]
    assert codes == ["P07", "P12", "P13"]


def test_explicit_participant_code_and_attributes_kept(world):
    Participant.objects.create(study=world.study, code="P03", attributes={"age_band": "40-49"})
    [outcome] = run(world, ("whatever.txt", SMALL_INTERVIEW), participant_code="p03")
    transcript = Transcript.objects.select_related("participant").get(pk=outcome.transcript_id)
    assert transcript.participant.code == "P03"
    assert transcript.participant.attributes == {"age_band": "40-49"}
    assert transcript.imported_by == world.users["coder"]
    assert (
        len(transcript.sha256) == 64 and transcript.word_count == 36
    )  # spoken words; labels not counted


def test_failed_file_stores_nothing_and_batch_continues(world):
    outcomes = run(
        world, ("a.vtt", b"WEBVTT\n\nnot a timing\nhello\n"), ("P01.txt", SMALL_INTERVIEW)
    )
    assert [o.status for o in outcomes] == ["failed", "imported"]
    assert "Cue 1" in outcomes[0].message
    assert Transcript.objects.count() == 1 and Participant.objects.count() == 1


def test_duplicate_within_one_batch(world):
    outcomes = run(world, ("P01.txt", SMALL_INTERVIEW), ("copy.txt", SMALL_INTERVIEW))
    assert [o.status for o in outcomes] == ["imported", "duplicate"]


def test_same_file_into_another_study_is_fine(world):
    from tests.conftest import make_world

    other = make_world("Second study")
    run(world, ("P01.txt", SMALL_INTERVIEW))
    [outcome] = imports.import_files(
        study=other.study, user=other.users["owner"], files=[("P01.txt", SMALL_INTERVIEW)]
    )
    assert outcome.status == "imported"


def test_encodings_bom_and_cp1252(world):
    bom = b"\xef\xbb\xbfClient: It was caf\xc3\xa9 chat.\n"
    cp1252 = b"Client: I didn\x92t expect \x93that\x94.\n"
    outcomes = run(world, ("bom.txt", bom), ("win.txt", cp1252))
    texts = [Transcript.objects.get(pk=o.transcript_id).text for o in outcomes]
    assert texts == ["Client: It was café chat.", "Client: I didn’t expect “that”."]


def test_oversized_upload_is_refused_without_reading_it_all(world, settings):
    settings.QUALCODE_MAX_FILE_BYTES = 1000
    upload = SimpleUploadedFile("big.txt", b"Client: " + b"word " * 10_000)
    data = imports.read_upload(upload)
    assert len(data) == 1001
    [outcome] = run(world, ("big.txt", data))
    assert outcome.status == "failed" and "1000" in outcome.message.replace(",", "")


def test_turn_offsets_match_text_for_every_demo_format(world):
    demo = Path(__file__).parents[2] / "fixtures" / "demo" / "interviews"
    files = [(p.name, p.read_bytes()) for p in sorted(demo.iterdir())]
    outcomes = run(world, *files)
    assert [o.status for o in outcomes] == ["imported"] * 8
    for transcript in Transcript.objects.prefetch_related("turns"):
        roles = {turn.role for turn in transcript.turns.all()}
        assert {"interviewer", "client"} <= roles, transcript.source_name
        for turn in transcript.turns.all():
            piece = transcript.text[turn.start : turn.end]
            assert piece == piece.strip() and piece
        for start, end in transcript.sentences:
            assert any(t.start <= start < end <= t.end for t in transcript.turns.all())
    vtt = Transcript.objects.get(source_format="vtt")
    assert vtt.turns.first().start_seconds == pytest.approx(4.0)
    assert Transcript.objects.get(source_format="docx").word_count > 1500


def test_sample_transcripts_from_other_tools(world):
    files = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.iterdir())]
    english, spanish = run(world, *files, language="en")
    assert english.status == spanish.status == "imported"
    turns = Turn.objects.filter(transcript_id=english.transcript_id).select_related("participant")
    assert [t.speaker for t in turns] == ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]
    # A focus group: each [idN] is a participant of its own.
    assert [t.participant.code for t in turns] == ["P01", "P02", "P03", "P01", "P03", "P01", "P02"]
    assert english.message == (
        "7 turns, 16 sentences, focus group: P01 (id1), P02 (id2), P03 (id3)."
    )
    es = Transcript.objects.get(pk=spanish.transcript_id)
    speakers = [t.speaker for t in es.turns.all()]
    assert set(speakers) == {"Entrevistadora", "Rosa"}  # the preamble is metadata
    # One interviewer and one unknown name: the name is taken to be the client.
    assert [t.role for t in es.turns.all()][:2] == ["interviewer", "client"]
    assert es.participant.code == "P04" and not es.turns.exclude(participant=None).exists()
    assert "Organización del cuidado" in es.text
    assert es.metadata["fields"]["Proyecto"] == "Organización del cuidado en el hogar"


def test_study_speaker_roles_apply_at_import(world):
    world.study.speaker_roles = {"rosa": "client"}
    world.study.save()
    [outcome] = run(world, ("E01.txt", (SAMPLES / "es_entrevista_ejemplo_E01.txt").read_bytes()))
    roles = dict(
        Turn.objects.filter(transcript_id=outcome.transcript_id).values_list("speaker", "role")
    )
    assert roles["Rosa"] == "client" and roles["Entrevistadora"] == "interviewer"


def test_bad_participant_code_stops_before_anything(world):
    with pytest.raises(DomainError) as error:
        run(world, ("a.txt", SMALL_INTERVIEW), participant_code="Rosa")
    assert error.value.field == "participant"
    assert Transcript.objects.count() == 0


def test_import_queries_do_not_grow_with_turns(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for number, turns in ((1, 1), (2, 300)):
        text = "\n\n".join(f"Interviewer: Q{i}?\n\nClient: Answer {i}." for i in range(turns))
        with CaptureQueriesContext(connection) as queries:
            [outcome] = run(world, (f"P0{number}.txt", text.encode()))
        counts.append(len(queries))
    # Turns go in bulk: at most a few batches (SQLite caps parameters per statement), never
    # one query per turn.
    # (11: the file's turns, sentences and participant, and its line in the audit trail.)
    assert counts[0] <= 11 and counts[1] <= counts[0] + 5
    assert Turn.objects.filter(transcript_id=outcome.transcript_id).count() == 600


def test_docx_entity_trick_is_refused(world):
    import zipfile

    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", evil)
    [outcome] = run(world, ("evil.docx", buffer.getvalue()))
    assert outcome.status == "failed"
    assert Transcript.objects.count() == 0
