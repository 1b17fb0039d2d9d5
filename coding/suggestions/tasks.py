"""Background tasks (Django Tasks API); the same functions run inline from commands."""

from django_tasks import task

from coding.suggestions import jobs as suggest_jobs


@task()
def run_suggestion_job(job_id: int) -> None:
    suggest_jobs.run(job_id)
