"""One decision per member and suggested span, enforced by the database on SQLite and
PostgreSQL alike (code decisions and moment decisions apart)."""

import pytest
from django.db import IntegrityError, transaction

from coding.models import Code, SuggestionDecision
from transcripts import imports


def _decision(world, transcript, **fields):
    return SuggestionDecision.objects.create(
        study=world.study,
        transcript=transcript,
        user=world.users["coder"],
        start=0,
        end=9,
        accepted=True,
        recommender="rules",
        score=0.5,
        **fields,
    )


def test_a_second_decision_on_one_span_is_refused(world):
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"], files=[("P01.txt", b"Client: It helped.\n")]
    )
    transcript = world.study.transcripts.get(pk=outcome.transcript_id)
    code = Code.objects.create(study=world.study, name="Helped")
    _decision(world, transcript, code=code)
    _decision(world, transcript, valence="helpful")  # a moment decision on the same span
    for fields in ({"code": code}, {"valence": "helpful"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            _decision(world, transcript, **fields)
    assert SuggestionDecision.objects.count() == 2
