"""python manage.py export_project --study S --output F.qdpx [--as USER]"""

from pathlib import Path

from django.core.management.base import BaseCommand

from coding.exchange import export
from coding.management.commands._exchange import member_for


class Command(BaseCommand):
    help = (
        "Export a study as a REFI-QDA project (.qdpx), as one member sees it (default: an owner)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--study", required=True, help="Study id or exact title.")
        parser.add_argument("--output", required=True, help="The .qdpx file to write.")
        parser.add_argument("--as", dest="username", help="Export what this member sees.")

    def handle(self, *args, **options):
        member = member_for(options["study"], options["username"])
        data, losses = export.qdpx_bytes(member)
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"Wrote {options['output']} ({len(data):,} bytes). Data-loss report:")
        for line in losses:
            self.stdout.write(f"  - {line}")
