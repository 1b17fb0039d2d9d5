"""python manage.py suggest --study S [--train]: (train the classifiers, then) recompute the
study's suggestions, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from coding.suggestions import jobs as suggest_jobs
from coding.suggestions import services as suggest
from transcripts.errors import DomainError
from transcripts.studies import study_by_ref


class Command(BaseCommand):
    help = "Recompute suggestions for a study; --train retrains its classifiers first."

    def add_arguments(self, parser):
        parser.add_argument("--study", required=True, help="Study id or exact title.")
        parser.add_argument("--train", action="store_true", help="Train the classifiers first.")

    def handle(self, *args, **options):
        study = study_by_ref(options["study"])
        if study is None:
            raise CommandError(f"No study with id or title '{options['study']}'.")
        bars: dict[str, tqdm] = {}

        def progress(step: str, done: int, total: int) -> None:
            bar = bars.get(step)
            if bar is None:
                bar = bars[step] = tqdm(total=total, desc=step, unit="step", leave=True)
            bar.update(done - bar.n)

        try:
            if options["train"]:
                result = suggest_jobs.train_and_suggest(study, on_progress=progress)
            else:
                result = suggest.refresh(study, on_progress=progress)
        except DomainError as error:
            raise CommandError(error.reason) from None
        finally:
            for bar in bars.values():
                bar.close()
        for message in result.get("messages", []):
            self.stdout.write(message["text"])
        counts = ", ".join(f"{n} {name}" for name, n in sorted(result["suggestions"].items()))
        self.stdout.write(f"{result['transcripts']} transcripts: {counts or 'no suggestions'}.")
