"""python manage.py export_summary --study S --format md|html|docx|pdf --output PATH
[--source consensus|all|<username>] [--as USER]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coding.principles.summary_files import FORMATS, summary_file
from transcripts.errors import DomainError
from transcripts.models import Membership, Role
from transcripts.studies import study_by_ref


class Command(BaseCommand):
    help = "The mentors' principle summary of a study as Markdown, HTML, DOCX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--study", required=True, help="Study id or exact title.")
        parser.add_argument("--format", choices=sorted(FORMATS), required=True)
        parser.add_argument("--output", required=True, help="File to write ('-' for stdout).")
        parser.add_argument(
            "--source",
            default=None,
            help="consensus, all or a coder's username (default: the consensus once there "
            "is one, else all coders)",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            default=None,
            help="Render what this member may see (default: the study's first owner).",
        )

    def handle(self, *args, **options):
        study = study_by_ref(options["study"])
        if study is None:
            raise CommandError(f"No study with id or title '{options['study']}'.")
        member = self._member(study, options["as_user"])
        try:
            made = summary_file(
                study=study, member=member, fmt=options["format"], source=options["source"]
            )
        except DomainError as error:
            raise CommandError(f"{error.field}: {error.reason}") from None
        if options["output"] == "-":
            if options["format"] not in ("md", "html"):
                raise CommandError("DOCX and PDF are binary: write them to a file (--output).")
            self.stdout.write(made.content.decode(), ending="")
            return
        Path(options["output"]).write_bytes(made.content)
        self.stderr.write(f"Wrote {len(made.content):,} bytes to {options['output']}.")

    def _member(self, study, username: str | None) -> Membership:
        members = Membership.objects.select_related("study", "user").filter(study=study)
        if username:
            member = members.filter(user__username=username).first()
            if member is None:
                raise CommandError(f"{username} is not a member of this study.")
            return member
        member = members.filter(role=Role.OWNER).order_by("added_at", "id").first()
        if member is None:
            raise CommandError("The study has no owner to render the summary as; use --as.")
        return member
