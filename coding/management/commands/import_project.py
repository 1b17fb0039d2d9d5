"""python manage.py import_project F.qdpx [--study S] [--as USER]

Into a new study owned by USER by default, or into study S (USER, default its first owner,
must own it). Prints the import report: counts, what was skipped and why, the data-loss report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coding.exchange import importer
from coding.management.commands._exchange import member_for, user_named


class Command(BaseCommand):
    help = "Import a REFI-QDA project (.qdpx) into a new study or one you own."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .qdpx file.")
        parser.add_argument("--study", help="Study id or exact title (default: a new study).")
        parser.add_argument("--as", dest="username", help="The importing user (owner).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        study, user = None, None
        if options["study"]:
            member = member_for(options["study"], options["username"])
            if not member.is_owner:
                raise CommandError(f"{member.user.username} does not own '{member.study.title}'.")
            study, user = member.study, member.user
        elif options["username"]:
            user = user_named(options["username"])
        else:
            raise CommandError("Name the importing user (--as USER): they own the new study.")
        try:
            report = importer.import_project(
                user=user, data=path.read_bytes(), filename=path.name, study=study
            )
        except importer.ImportRefused as refusal:
            raise CommandError(refusal.reason) from None
        write = self.stdout.write
        write(
            f"Study {report.study_id} “{report.study_title}”{' (new)' if report.created_study else ''}"
        )
        write(f"from {report.origin or 'an unnamed tool'} (positions in {report.offsets}):")
        write(
            f"  {report.transcripts} transcripts, {report.participants} participants, {report.clusters} "
            f"clusters, {report.codes} codes, {report.codings} codings from {report.selections} "
            f"selections, {report.moments} moments, {report.memos} memos"
        )
        if report.users_created:
            write(f"  new inactive accounts: {', '.join(report.users_created)}")
        if report.users_mapped:
            write(f"  matched to existing accounts: {', '.join(report.users_mapped)}")
        for title, lines in (("Not imported", report.skipped), ("Data-loss report", report.losses)):
            if lines:
                write(f"{title}:")
                for line in lines:
                    write(f"  - {line}")
