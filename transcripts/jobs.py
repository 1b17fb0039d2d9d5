"""The one job runner: every background job (imports, suggestions) is claimed, run and closed
here, whether a task worker or a management command runs it.

Claiming is one UPDATE of a queued row, so two workers handed the same job never both run
it. A failure the user can act on (an exception with a `reason`) is recorded and ends the job;
anything else is recorded as unexpected and re-raised for the worker's log."""

from collections.abc import Callable
from typing import TypeVar

from django.utils import timezone

from transcripts.models import Job, JobStatus

J = TypeVar("J", bound=Job)


def run_job(model: type[J], job_id: int, work: Callable[[J], None]) -> J:
    """Run `work(job)` for a queued job of `model`; a job not queued is returned untouched."""
    claimed = model.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING
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
