"""Background tasks (Django Tasks API): the same functions also run inline from commands."""

from django_tasks import task

from transcripts import imports


@task()
def run_import_job(job_id: int) -> None:
    imports.run_import_job(job_id=job_id)
