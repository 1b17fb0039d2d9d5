"""The demo's figures against the consensus: reconcile one interview entirely for one coder
(every disagreement region takes that coder's version, or none where they coded nothing;
agreed regions enter without a click), then print each coder against the consensus.

    cd bench && DATABASE_URL=sqlite:////tmp/consensus.sqlite3 ../.venv/bin/python consensus_demo.py

Uses the database it is given: run it on a scratch database (it migrates and loads the demo)."""

import argparse

from common import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transcript", default="P01", help="participant code of the interview")
    parser.add_argument("--coder", default="casey")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    from coding.agreement import report as agreement_report
    from coding.reconcile import services as reconcile
    from transcripts.access import get_study_for_user
    from transcripts.models import Study

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    study = Study.objects.get(title="What clients find helpful")
    owner = study.memberships.get(role="owner").user
    _, member = get_study_for_user(owner, study.pk)
    transcript = study.transcripts.get(participant__code=args.transcript)
    queue = reconcile.queue(member=member, transcript_id=transcript.pk)
    for region in queue["regions"]:
        coded = any(v["coder"] == args.coder for v in region["versions"])
        reconcile.decide(
            member=member,
            transcript_id=transcript.pk,
            start=region["start"],
            end=region["end"],
            outcome="accept_one" if coded else "accept_none",
            coder=args.coder if coded else "",
        )
    study.refresh_from_db()
    print(
        f"{transcript.title}: {queue['total']} disagreement regions decided for {args.coder}, "
        f"{len(queue['agreed'])} agreed regions adopted"
    )
    for unit in ("sentence", "turn"):
        report = agreement_report.study_agreement(study, unit=unit)
        cover = report.consensus_coverage
        rows = ", ".join(f"{r['coder']} alpha {r['alpha']}" for r in report.consensus)
        print(
            f"{unit:<9} against the consensus over {cover['transcripts']} reconciled transcript(s), "
            f"{cover['units']} units, {cover['characters']:.1%} of the text: {rows}"
        )


if __name__ == "__main__":
    main()
