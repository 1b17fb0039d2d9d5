"""The one job runner: every background job (imports, suggestions) is claimed, run and closed
here, whether a task worker or a management command runs it.

Claiming is one UPDATE of a queued row, so two workers handed the same job never both run
it. A failure the user can act on (an exception with a `reason`) is recorded and ends the job;
anything else is recorded as unexpected and re-raised for the worker's log."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
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
