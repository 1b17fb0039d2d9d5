"""Builders for search tests: the coding tests' interview (P01) and a second one (P02)."""

import pytest

from transcripts import imports

SECOND = b"Interviewer: Was it safe?\n\nClient: SAFE, yes. Safer than home.\n"


@pytest.fixture
def second(world, interview):
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"], files=[("P02.txt", SECOND)]
    )
    return world.study.transcripts.get(pk=outcome.transcript_id)
