"""Progress of work that runs in one transaction (a project import) is seen by the page that
polls the job while it runs: on PostgreSQL through a connection of its own."""

import pytest
from django.db import connection, transaction

from tests.conftest import make_user
from transcripts import studies
from transcripts.jobs import progress_seen_while_running
from transcripts.models import ImportJob


def _job():
    user = make_user("progress")
    study = studies.create_study(user=user, title="progress")
    return ImportJob.objects.create(study=study, created_by=user, total=0)


def _seen_elsewhere(job) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(**connection.get_connection_params()) as other:
        row = other.execute(
            f"SELECT done, total FROM {job._meta.db_table} WHERE id = %s", (job.pk,)
        ).fetchone()
    return row


@pytest.mark.django_db(transaction=True)
def test_progress_seen_from_another_connection_before_the_work_commits():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: progress shows when the work commits")
    job = _job()
    with progress_seen_while_running(job) as progress, transaction.atomic():
        progress(1, 4)
        assert _seen_elsewhere(job) == (1, 4)
        progress(2, 4)  # within half a second of the last: not written yet
        assert _seen_elsewhere(job) == (1, 4)
        progress(4, 4)  # the last step always is
        assert _seen_elsewhere(job) == (4, 4)
    assert (job.done, job.total) == (4, 4)


@pytest.mark.django_db(transaction=True)
def test_progress_on_sqlite_is_written_with_the_work():
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL writes progress through its own connection")
    job = _job()
    with progress_seen_while_running(job) as progress, transaction.atomic():
        progress(3, 5)
    job.refresh_from_db()
    assert (job.done, job.total) == (3, 5)
