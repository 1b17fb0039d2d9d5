"""python manage.py import_codebook F.qdc --study S [--as USER]"""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from coding.exchange import codebook
from coding.management.commands._exchange import member_for
from transcripts.errors import DomainError


class Command(BaseCommand):
    help = "Add a REFI-QDA codebook's clusters and codes (.qdc) to a study."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .qdc file.")
        parser.add_argument("--study", required=True, help="Study id or exact title.")
        parser.add_argument("--as", dest="username", help="An owner (default: the first).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        member = member_for(options["study"], options["username"])
        try:
            result = codebook.import_codebook(
                member=member, data=path.read_bytes(), filename=path.name
            )
        except DomainError as error:
            raise CommandError(error.reason) from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result['clusters']} clusters and {result['codes']} codes added "
            f"(from {result['origin'] or 'an unnamed tool'})."
        )
        for line in result["notes"]:
            self.stdout.write(f"  - {line}")
