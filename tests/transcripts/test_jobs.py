"""The one job runner: a queued job is claimed once, runs, and ends done or failed with a
reason; a job that is not queued is never run again."""

import pytest

from transcripts.errors import DomainError
from transcripts.jobs import run_job
from transcripts.models import ImportJob, JobStatus


def queued(world) -> ImportJob:
    return ImportJob.objects.create(study=world.study, created_by=world.users["owner"])


def test_a_queued_job_runs_once_and_ends_done(world):
    job = queued(world)
    calls = []

    def work(running: ImportJob) -> None:
        assert ImportJob.objects.get(pk=running.pk).status == JobStatus.RUNNING
        calls.append(running.pk)
        running.total = running.done = 3

    ran = run_job(ImportJob, job.pk, work)
    assert ran.status == JobStatus.DONE and ran.started_at <= ran.finished_at
    assert (ran.done, ran.total, ran.error) == (3, 3, "")
    # Handed the same job again (a second worker, a retried task): nothing runs.
    again = run_job(ImportJob, job.pk, work)
    assert calls == [job.pk] and again.status == JobStatus.DONE


def test_a_reason_ends_the_job_failed_without_raising(world):
    job = queued(world)

    def work(_):
        raise DomainError("kind", "Nothing to train on yet.")

    ran = run_job(ImportJob, job.pk, work)
    assert (ran.status, ran.error) == (JobStatus.FAILED, "Nothing to train on yet.")


def test_an_unexpected_error_is_recorded_and_raised_for_the_log(world):
    job = queued(world)

    def work(_):
        raise KeyError("bug")

    with pytest.raises(KeyError):
        run_job(ImportJob, job.pk, work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The job stopped unexpectedly: KeyError."
    assert job.finished_at is not None


def test_a_job_past_its_time_limit_is_stopped_with_a_reason(world, settings):
    from transcripts.jobs import check_time

    settings.QUALCODE_JOB_SECONDS = 0
    job = queued(world)
    steps = []

    def work(running: ImportJob) -> None:
        for step in range(3):
            check_time(running)  # what every progress callback does
            steps.append(step)

    ran = run_job(ImportJob, job.pk, work)
    assert steps == [] and ran.status == JobStatus.FAILED
    assert ran.error.startswith("The job ran longer than 0 s and was stopped")
