"""Project imports as background jobs (Django Tasks API) whose progress the pages poll; the
management command runs the same import inline. A job is its creator's alone."""

from django_tasks import task

from coding.exchange import importer
from coding.models import ExchangeJob
from transcripts.errors import DomainError
from transcripts.jobs import progress_seen_while_running, run_job
from transcripts.models import Membership


def queue_import(
    *, user, data: bytes, filename: str, member: Membership | None = None
) -> ExchangeJob:
    """Store the upload as a job and hand it to a task worker once committed. With `member`
    (an owner) the project goes into that study, else into a new one."""
    if member is not None and not member.is_owner:
        raise DomainError("study", "Only an owner of the study can import a project into it.")
    if not data:
        raise DomainError("file", "The file is empty.")
    importer.check_project(data)  # a broken or unsafe file is refused now, not in the job
    # Committed before it is enqueued, so a worker on another connection finds the row.
    job = ExchangeJob.objects.create(
        created_by=user,
        study=member.study if member else None,
        into_existing=member is not None,
        filename=filename[:255],
        data=data,
    )
    exchange_task.enqueue(job.pk)
    job.refresh_from_db()
    return job


def run(job_id: int) -> ExchangeJob:
    return run_job(ExchangeJob, job_id, _work)


def _work(job: ExchangeJob) -> None:
    try:
        # The import is one transaction: its progress is written where the page sees it.
        with progress_seen_while_running(job) as progress:
            report = importer.import_project(
                user=job.created_by,
                data=bytes(job.data),
                filename=job.filename,
                study=job.study if job.into_existing else None,
                on_progress=progress,
            )
    finally:
        job.data = b""  # the text lives in the study now, or nowhere
    job.report = report.as_dict()
    job.study_id = report.study_id


def jobs_of(user):
    return ExchangeJob.objects.filter(created_by=user).select_related("study").defer("data")


@task()
def exchange_task(job_id: int) -> None:
    """The task a worker runs for a project import."""
    run(job_id)
