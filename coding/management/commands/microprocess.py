"""python manage.py microprocess --transcript T [--segment 30] [--step 1] [--lag 0] [--json]
[--as USER]: a session's dial-rating analysis, the same figures as the API and the page."""

import json

from django.core.management.base import BaseCommand, CommandError

from coding.microprocess import report, selectors
from coding.templatetags.qualcode_time import clock
from transcripts.errors import DomainError
from transcripts.models import Membership, Role, Transcript


class Command(BaseCommand):
    help = "Means, SDs, correlations and top/bottom/divergent segments of a session's dials."

    def add_arguments(self, parser):
        parser.add_argument("--transcript", type=int, required=True, help="Transcript id.")
        parser.add_argument("--segment", type=float, default=30.0, help="Seconds (default 30).")
        parser.add_argument("--step", type=float, default=1.0, help="Grid step in seconds.")
        parser.add_argument("--lag", type=float, default=0.0, help="Seconds, b after a.")
        parser.add_argument("--json", action="store_true", help="The API's JSON.")
        parser.add_argument(
            "--as", dest="username", help="Whose view of the codings (default: an owner)."
        )

    def handle(self, *args, **options):
        transcript = Transcript.objects.filter(pk=options["transcript"]).only("study_id").first()
        if transcript is None:
            raise CommandError(f"No transcript with id {options['transcript']}.")
        members = Membership.objects.select_related("study", "user").filter(
            study_id=transcript.study_id
        )
        if options["username"]:
            member = members.filter(user__username=options["username"]).first()
        else:
            member = members.filter(role=Role.OWNER).order_by("id").first()
        if member is None:
            raise CommandError("No such member of the transcript's study.")
        data = selectors.session_data(member.study, transcript.pk)
        if not data.series:
            raise CommandError("This transcript has no dial series yet.")
        try:
            found = report.session_report(
                data, member, step=options["step"], segment=options["segment"], lag=options["lag"]
            )
        except DomainError as error:
            raise CommandError(f"{error.field}: {error.reason}") from None
        if options["json"]:
            self.stdout.write(json.dumps(found, indent=2, ensure_ascii=False))
        else:
            self._table(found)

    def _table(self, found: dict) -> None:
        tables = report.page_tables(found)
        self.stdout.write(f"{'rater':10} {'samples':>7} {'mean':>7} {'sd':>7} {'range':>11}")
        for f in tables["figures"]:
            sd = "-" if f["sd"] is None else f"{f['sd']:.2f}"
            span = f"{f['low']:.1f}-{f['high']:.1f}"
            self.stdout.write(f"{f['role']:10} {f['n']:>7} {f['mean']:>7.2f} {sd:>7} {span:>11}")
        for p in tables["pairs"]:
            r = "-" if p["r"] is None else f"{p['r']:.3f}"
            rho = "-" if p["spearman"] is None else f"{p['spearman']:.3f}"
            self.stdout.write(
                f"{p['a']} - {p['b']} (lag {p['lag']:g} s, n {p['n']}): pearson {r}, spearman {rho}"
            )
        for title, label, segments in tables["groups"]:
            self.stdout.write(f"\n{title} ({found['segment']:g} s segments)")
            for s in segments:
                turns = ", ".join(str(t) for t in s["turns"]) or "-"
                codes = "; ".join(sorted({c["code"] for c in s["codings"]})) or "-"
                self.stdout.write(
                    f"  {clock(s['start']):>7}-{clock(s['end']):<7} {label.lower()} "
                    f"{s['mean']:6.1f}  turns {turns}  codes: {codes}"
                )
        guess = found["guess"]
        if guess and guess["score"] is not None:
            self.stdout.write(f"\ntherapist's guess: {guess['score']} of {guess['out_of']}")
