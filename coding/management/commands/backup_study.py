"""python manage.py backup_study --study S --output F.json

Everything of one study in QualCode's versioned JSON backup format (coding/exchange/backup.py
documents it); restore it with `restore_study F.json`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coding.exchange import backup
from transcripts.studies import study_by_ref


class Command(BaseCommand):
    help = "Back up one study (everything, including decisions, settings, roles and history)."

    def add_arguments(self, parser):
        parser.add_argument("--study", required=True, help="Study id or exact title.")
        parser.add_argument("--output", required=True, help="The JSON file to write.")

    def handle(self, *args, **options):
        study = study_by_ref(options["study"])
        if study is None:
            raise CommandError(f"No study with id or title '{options['study']}'.")
        data = backup.dump_study(study)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        Path(options["output"]).write_text(text, encoding="utf-8")
        self.stdout.write(
            f"Wrote {options['output']}: {len(data['transcripts'])} transcripts, "
            f"{len(data['codings'])} codings, {len(data['decisions'])} decisions "
            f"(format {backup.FORMAT} version {backup.VERSION})."
        )
