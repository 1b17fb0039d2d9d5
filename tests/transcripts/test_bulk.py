"""transcripts.bulk.insert_rows (PostgreSQL's binary COPY, bulk_create elsewhere): values
arrive as written, nulls included, and a row that breaks a constraint fails the caller's
transaction, storing nothing."""

import pytest
from django.db import IntegrityError, connection, transaction

from coding.models import Code, Coding
from transcripts import bulk


def test_values_arrive_as_written(world, transcript):
    code = Code.objects.create(study=world.study, name="helpful")
    coder = world.users["coder"]
    memo = "tab\there, a new line\nand an emoji 🙂, a backslash \\N"
    bulk.insert_rows(
        Coding,
        ("transcript_id", "code_id", "coder_id", "start", "end", "memo"),
        [
            (transcript.pk, code.pk, coder.pk, 3, 9, memo),
            (transcript.pk, code.pk, coder.pk, 12, 20, ""),
        ],
        stamped=True,
    )
    rows = Coding.objects.filter(transcript=transcript).order_by("start")
    assert [(c.start, c.end, c.memo) for c in rows] == [(3, 9, memo), (12, 20, "")]
    if connection.vendor == "postgresql":  # COPY stamps both with one `now`
        assert rows[0].created_at == rows[0].updated_at is not None
    else:  # bulk_create: Django stamps each field as it saves
        assert None not in (rows[0].created_at, rows[0].updated_at)


def test_turn_nulls_and_floats(transcript):
    from transcripts.imports import TURN_FIELDS
    from transcripts.models import Turn

    last = transcript.turns.order_by("-index").first()
    bulk.insert_rows(
        Turn,
        TURN_FIELDS,
        [
            (
                transcript.pk,
                last.index + 1,
                "Client",
                "client",
                last.end + 1,
                last.end + 5,
                1.5,
                None,
                None,
            )
        ],
        stamped=False,
    )
    added = transcript.turns.get(index=last.index + 1)
    assert (added.start_seconds, added.end_seconds, added.participant_id) == (1.5, None, None)


def test_a_bad_row_fails_and_stores_nothing(world, transcript):
    code = Code.objects.create(study=world.study, name="helpful")
    coder = world.users["coder"]
    rows = [
        (transcript.pk, code.pk, coder.pk, 3, 9, ""),
        (transcript.pk, code.pk, coder.pk, 9, 9, ""),
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert_rows(
            Coding,
            ("transcript_id", "code_id", "coder_id", "start", "end", "memo"),
            rows,
            stamped=True,
        )
    assert not Coding.objects.filter(transcript=transcript).exists()
