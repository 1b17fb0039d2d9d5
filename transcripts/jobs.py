"""The one job runner: every background job (imports, suggestions) is claimed, run and closed
here, whether a task worker or a management command runs it.

Claiming is one UPDATE of a queued row, so two workers handed the same job never both run
it. A failure the user can act on (an exception with a `reason`) is recorded and ends the job;
anything else is recorded as unexpected and re-raised for the worker's log."""

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.conf import settings
from django.db import connection
from django.utils import timezone

from transcripts.models import Job, JobStatus

J = TypeVar("J", bound=Job)


class JobTimedOut(Exception):
    """A job ran past QUALCODE_JOB_SECONDS: stopped at its next progress step, so one
    study's long job cannot hold a worker that the other studies wait for."""

    def __init__(self, limit: float) -> None:
        self.reason = (
            f"The job ran longer than {limit:.0f} s and was stopped; ask an administrator to "
            "raise QUALCODE_JOB_SECONDS or split the work."
        )
        super().__init__(self.reason)


def check_time(job: Job) -> None:
    """Called at every progress step of a job's work: past the limit since it was claimed,
    the job stops."""
    limit = settings.QUALCODE_JOB_SECONDS
    if job.started_at is not None and (timezone.now() - job.started_at).total_seconds() >= limit:
        raise JobTimedOut(limit)


def run_job(model: type[J], job_id: int, work: Callable[[J], None]) -> J:
    """Run `work(job)` for a queued job of `model`; a job not queued is returned untouched."""
    claimed = model.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = model.objects.select_related("study", "created_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        work(job)
        job.status = JobStatus.DONE
    except Exception as error:
        job.status = JobStatus.FAILED
        reason = getattr(error, "reason", "")
        job.error = (reason or f"The job stopped unexpectedly: {type(error).__name__}.")[:2000]
        if not reason:
            raise
    finally:
        job.finished_at = timezone.now()
        job.save()
    return job


@contextlib.contextmanager
def progress_seen_while_running(job: Job) -> Iterator[Callable[[int, int], None]]:
    """A progress callback (done, total) for work that runs in one transaction, such as a
    project import: progress written inside it would show only when it commits. On
    PostgreSQL the job row is updated through a second connection of its own (autocommit), at
    most every half second, so the page polling the job sees it move. SQLite has one writer at
    a time: there the row is updated with the work and shows when it commits."""
    side = _side_connection()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        check_time(job)
        job.done, job.total = done, total
        if side is None:
            job.save(update_fields=["done", "total"])
            return
        now = time.monotonic()
        if now - last[0] >= 0.5 or done == total:
            last[0] = now
            table = connection.ops.quote_name(job._meta.db_table)
            side.execute(
                f"UPDATE {table} SET done = %s, total = %s WHERE id = %s", (done, total, job.pk)
            )

    try:
        yield progress
    finally:
        if side is not None:
            side.close()


def _side_connection():
    if connection.vendor != "postgresql":
        return None
    import psycopg

    return psycopg.connect(**connection.get_connection_params(), autocommit=True)
