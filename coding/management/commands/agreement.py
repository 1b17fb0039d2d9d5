"""python manage.py agreement --study S [--unit sentence|turn|unitized] [--format table|json|csv]"""

import json

from django.core.management.base import BaseCommand, CommandError

from coding.agreement import export as agreement_export
from coding.agreement import report as agreement_report
from transcripts.errors import DomainError
from transcripts.studies import study_by_ref


class Command(BaseCommand):
    help = "Inter-coder agreement per code, cluster, transcript, participant, study and coder pair."

    def add_arguments(self, parser):
        parser.add_argument("--study", required=True, help="Study id or exact title.")
        parser.add_argument(
            "--unit", choices=agreement_report.UNITS, help="Default: the study's setting."
        )
        parser.add_argument(
            "--coders",
            default="",
            help="Comma-separated usernames (default: the study's coders).",
        )
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument(
            "--consensus-over",
            choices=agreement_report.CONSENSUS_OVER,
            default="reconciled",
            help="compare with the consensus over reconciled transcripts or decided regions",
        )

    def handle(self, *args, **options):
        ref = options["study"]
        study = study_by_ref(ref)
        if study is None:
            raise CommandError(f"No study with id or title '{ref}'.")
        coders = [c.strip() for c in options["coders"].split(",") if c.strip()] or None
        unit = options["unit"] or study.agreement_unit
        try:
            report = agreement_report.study_agreement(
                study, unit=unit, coders=coders, consensus_over=options["consensus_over"]
            )
        except DomainError as error:
            raise CommandError(f"{error.field}: {error.reason}") from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        elif options["format"] == "csv":
            self.stdout.write(agreement_export.to_csv(report), ending="")
        else:
            self._table(report)

    def _table(self, report) -> None:
        def number(value):
            return "   -  " if value is None else f"{value:6.3f}"

        self.stdout.write(f"Unit of analysis: {report.unit}; coders: {', '.join(report.coders)}")
        for header, rows in (
            ("Code", report.codes),
            ("Cluster", report.clusters),
            ("Transcript", report.transcripts),
            ("Participant", report.participants),
        ):
            if not rows:
                continue
            covered = any(row.coverage is not None for row in rows)
            self.stdout.write(
                f"\n{header:<42} {'units':>7} {'%agree':>7} {'kappa':>7} {'alpha':>7}"
                + (f" {'cu-cov':>7}" if covered else "")
            )
            for row in rows:
                self.stdout.write(
                    f"{row.name[:42]:<42} {row.units:>7} {number(row.percent):>7} "
                    f"{number(row.kappa):>7} {number(row.alpha):>7}"
                    + (f" {number(row.coverage):>7}" if covered else "")
                )
        if report.overall:
            self.stdout.write(f"\nWhole study: alpha {number(report.overall.alpha).strip()}")
        for pair in report.pairs:
            self.stdout.write(f"  {pair['a']} / {pair['b']}: alpha {number(pair['alpha']).strip()}")
        if report.unplaced:
            self.stdout.write(
                f"{report.unplaced} of {report.codings} codings count for nothing at the "
                f"{report.unit} level (less than half of every {report.unit} they touch)."
            )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
