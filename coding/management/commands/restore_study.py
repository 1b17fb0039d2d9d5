"""python manage.py restore_study F.json [--as USER]

A study backup (backup_study) as a new study; USER, when named, becomes an owner too."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coding.exchange import restore
from coding.management.commands._exchange import user_named
from transcripts.errors import DomainError


class Command(BaseCommand):
    help = "Restore a study backup as a new study."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup (JSON).")
        parser.add_argument("--as", dest="username", help="Also make this user an owner.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise CommandError("The file is not JSON: not a QualCode study backup.") from None
        user = user_named(options["username"]) if options["username"] else None
        try:
            study, created = restore.restore_study(data=data, user=user)
        except DomainError as error:
            raise CommandError(error.reason) from None
        self.stdout.write(f"Restored study {study.pk} “{study.title}”.")
        if created:
            self.stdout.write(f"New inactive accounts (no password): {', '.join(created)}")
