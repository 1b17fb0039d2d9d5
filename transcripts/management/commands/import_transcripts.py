"""python manage.py import_transcripts PATH... --study STUDY [--as USER] [--participant P07]
[--language en] [--pseudonyms names.json]"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from transcripts import imports
from transcripts.errors import DomainError
from transcripts.models import Study
from transcripts.studies import study_by_ref

SUFFIXES = {".txt", ".md", ".markdown", ".text", ".docx", ".vtt", ".srt"}


class Command(BaseCommand):
    help = "Import transcript files (text, Markdown, .docx, WebVTT, SRT) into a study."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="Files, or folders to import every transcript from."
        )
        parser.add_argument("--study", required=True, help="Study id or exact title.")
        parser.add_argument(
            "--as",
            dest="username",
            help="User recorded as importer (default: the study's first owner).",
        )
        parser.add_argument(
            "--participant", default="", help="Participant code for every file, e.g. P07."
        )
        parser.add_argument("--language", default="en", help="An installed spaCy language.")
        parser.add_argument(
            "--pseudonyms",
            type=Path,
            help='A JSON file {"name": "pseudonym", ...}: replaced before the text is stored.',
        )

    def handle(self, *args, **options):
        study = self._study(options["study"])
        user = self._user(study, options["username"])
        paths = self._files(options["paths"])
        if not paths:
            raise CommandError("No transcript files found in the given paths.")
        pseudonyms = self._pseudonyms(options["pseudonyms"])
        bar = tqdm(total=len(paths), unit="file", disable=options["verbosity"] == 0)
        try:
            outcomes = imports.import_files(
                study=study,
                user=user,
                files=((path.name, path.read_bytes()) for path in paths),
                participant_code=options["participant"],
                language=options["language"],
                replacements=pseudonyms,
                on_progress=lambda number, outcome: bar.update(1),
            )
        except DomainError as error:
            raise CommandError(f"--{error.field}: {error.reason}") from None
        finally:
            bar.close()
        for outcome in outcomes:
            style = {"imported": self.style.SUCCESS, "duplicate": self.style.WARNING}.get(
                outcome.status, self.style.ERROR
            )
            self.stdout.write(style(f"{outcome.status:9} {outcome.filename}: {outcome.message}"))
        counts = {
            s: sum(o.status == s for o in outcomes) for s in ("imported", "duplicate", "failed")
        }
        self.stdout.write(", ".join(f"{n} {s}" for s, n in counts.items()))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be imported.")

    def _pseudonyms(self, path: Path | None) -> dict:
        if path is None:
            return {}
        try:
            mapping = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"--pseudonyms: cannot read {path}: {error}") from None
        if not isinstance(mapping, dict):
            raise CommandError('--pseudonyms: give a JSON object {"name": "pseudonym", ...}.')
        return mapping

    def _study(self, ref: str) -> Study:
        study = study_by_ref(ref)
        if study is None:
            raise CommandError(f"No study with id or title '{ref}'.")
        return study

    def _user(self, study: Study, username: str | None):
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if (
                user is None
                or not study.memberships.filter(user=user, role__in=["owner", "coder"]).exists()
            ):
                raise CommandError(f"'{username}' is not an owner or coder of this study.")
            return user
        owner = study.memberships.filter(role="owner").select_related("user").order_by("id").first()
        return owner.user if owner else None

    def _files(self, raw_paths: list[str]) -> list[Path]:
        files: list[Path] = []
        for raw in raw_paths:
            path = Path(raw)
            if path.is_dir():
                files += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"No such file or folder: {raw}")
        return files
