"""python manage.py export_codebook --study S --output F.qdc"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coding.exchange import export
from coding.management.commands._exchange import member_for
from transcripts.errors import DomainError


class Command(BaseCommand):
    help = "Export a study's codebook as a REFI-QDA codebook (.qdc)."

    def add_arguments(self, parser):
        parser.add_argument("--study", required=True, help="Study id or exact title.")
        parser.add_argument("--output", required=True, help="The .qdc file to write.")

    def handle(self, *args, **options):
        try:
            data = export.qdc_bytes(member_for(options["study"], None))
        except DomainError as error:
            raise CommandError(error.reason) from None
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"Wrote {options['output']} ({len(data):,} bytes).")
