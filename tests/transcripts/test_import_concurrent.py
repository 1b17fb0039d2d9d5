"""Uploads into one study at the same moment: each new interview gets a participant code of
its own (the next free code is taken under a lock of the study, not read by both)."""

import pytest
from django.db import connection

from tests.conftest import at_once, make_user
from transcripts import imports, studies
from transcripts.models import Transcript

TEXT = "Interviewer: How was it {n}?\nClient: It helped, {n} times.\n"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every write")
def test_simultaneous_uploads_get_their_own_participants(transactional_db):
    user = make_user("uploader")
    study = studies.create_study(user=user, title="busy day")

    def upload(n: int) -> None:
        files = [(f"interview-{n}.txt", TEXT.format(n=n).encode())]
        [outcome] = imports.import_files(study=study, user=user, files=files)
        assert outcome.status == "imported", outcome

    errors = at_once(upload, count=4)
    assert errors == []
    codes = sorted(
        Transcript.objects.filter(study=study).values_list("participant__code", flat=True)
    )
    assert codes == ["P01", "P02", "P03", "P04"]
