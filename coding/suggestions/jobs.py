"""Training, suggesting and evaluating as background jobs (Django Tasks API) whose progress
the pages poll. The management commands call the same functions inline."""

from django.db import transaction
from django_tasks import task

from coding.models import SuggestionJob
from coding.suggestions import services as suggest
from transcripts.access import require_sees_all
from transcripts.errors import DomainError
from transcripts.jobs import check_time, run_job
from transcripts.models import Membership, Study

Kind = SuggestionJob.Kind
Status = SuggestionJob.Status


def start(*, member: Membership, kind: str) -> SuggestionJob:
    """Create a job and hand it to the task backend once the row is committed. One job per
    study at a time: a second would train on the same data and race to store suggestions."""
    study, user = member.study, member.user
    if kind == Kind.EVALUATE:
        require_sees_all(member, "The suggestion evaluation")
    if busy := running(study):
        raise DomainError("kind", f"A {busy.get_kind_display().lower()} job is already running.")
    job = SuggestionJob.objects.create(study=study, kind=kind, created_by=user)
    transaction.on_commit(lambda: suggestion_task.enqueue(job.pk))
    return job


def running(study: Study) -> SuggestionJob | None:
    return (
        SuggestionJob.objects.filter(study=study, status__in=[Status.QUEUED, Status.RUNNING])
        .order_by("-created_at")
        .first()
    )


def train_and_suggest(study: Study, *, user=None, on_progress=None) -> dict:
    # Training and evaluation pull in scikit-learn and SciPy: imported by the job that runs
    # them, not by every web worker that loads the URLs (see services.recommenders).
    from coding.suggestions import training as suggest_training

    outcome = suggest_training.train(study, user=user, on_progress=on_progress)
    counts = suggest.refresh(study, on_progress=on_progress)
    return {
        "messages": [
            {"about": about, "text": text}
            for about, text in zip(outcome.about, outcome.messages, strict=True)
        ],
        "models": [f"{m.kind} v{m.version}" for m in outcome.models],
        **counts,
    }


def run(job_id: int) -> SuggestionJob:
    return run_job(SuggestionJob, job_id, _work)


def _work(job: SuggestionJob) -> None:
    def progress(step: str, done: int, total: int) -> None:
        check_time(job)
        job.step, job.done, job.total = step[:200], done, total
        job.save(update_fields=["step", "done", "total"])

    if job.kind == Kind.TRAIN:
        result = train_and_suggest(job.study, user=job.created_by, on_progress=progress)
        job.messages = result.pop("messages")
    elif job.kind == Kind.SUGGEST:
        result = suggest.refresh(job.study, on_progress=progress)
    else:
        from coding.suggestions import evaluation as suggest_evaluation

        result = suggest_evaluation.evaluate(job.study, on_progress=progress)
    job.result = result


def visible_messages(job: SuggestionJob, member: Membership) -> list[str]:
    """A job's messages this member may read: in the blind phase a coder reads the study-wide
    ones and those about their own model, never another coder's skipped codes or sizes."""
    if not member.sees_only_own:
        return [m["text"] if isinstance(m, dict) else m for m in job.messages]
    # Messages stored before they named whom they are about (plain text) may name anyone.
    return [
        m["text"]
        for m in job.messages
        if isinstance(m, dict) and m.get("about") in (None, member.user_id)
    ]


def latest_evaluation(study: Study) -> SuggestionJob | None:
    return (
        SuggestionJob.objects.filter(study=study, kind=Kind.EVALUATE, status=Status.DONE)
        .order_by("-finished_at")
        .first()
    )


@task()
def suggestion_task(job_id: int) -> None:
    """The task a worker runs for a suggestion job (training, suggesting or evaluating)."""
    run(job_id)
