"""REFI-QDA export and import of the 100-transcript bench study: 100 transcripts x 3 coders x
400 codings (the agreement bench's study) plus 60 moments per transcript. Prints the time of
the .qdpx export (study -> bytes) and of its import into a new study (bytes -> study, with
turns and sentences rebuilt by the transcript importer); target < 10 s each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/exchange_bench.py
The studies it creates are deleted afterwards."""

import argparse
import random
import time

from common import demo_sentences, setup_django, synthetic_interview


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--codings", type=int, default=400, help="per coder and transcript")
    parser.add_argument("--moments", type=int, default=60, help="per transcript")
    parser.add_argument("--profile", help="write a cProfile of the import to this file")
    parser.add_argument("--save", help="also write the exported .qdpx to this file")
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from coding.exchange import export, importer
    from coding.models import Code, Coding, SignificantMoment
    from transcripts import imports, studies
    from transcripts.models import Membership, Study

    call_command("migrate", verbosity=0)
    stamp = f"{time.time():.0f}"
    users = [get_user_model().objects.create_user(f"exch-{stamp}-{i}") for i in range(3)]
    study = studies.create_study(user=users[0], title=f"exchange bench {stamp}", blind_coding=False)
    for user in users[1:]:
        Membership.objects.create(study=study, user=user, role="coder")
    codes = Code.objects.bulk_create(Code(study=study, name=f"code {i:02d}") for i in range(40))
    sentences = demo_sentences()
    files = [
        (f"P{i:03d}.txt", synthetic_interview(args.words, i, sentences).encode())
        for i in range(args.transcripts)
    ]
    imports.import_files(study=study, user=users[0], files=files)
    rng = random.Random(5)
    codings, moments = [], []
    for transcript in study.transcripts.only("id", "sentences"):
        bounds = transcript.sentences
        for user in users:
            for _ in range(args.codings):
                first = rng.randrange(len(bounds) - 3)
                start, end = bounds[first][0], bounds[first + rng.randint(0, 2)][1]
                codings.append(
                    Coding(
                        transcript=transcript,
                        code=rng.choice(codes),
                        coder=user,
                        start=start,
                        end=end,
                    )
                )
        for _ in range(args.moments):
            first = rng.randrange(len(bounds) - 3)
            moments.append(
                SignificantMoment(
                    transcript=transcript,
                    rater=rng.choice(users),
                    start=bounds[first][0],
                    end=bounds[first + 1][1],
                    valence=rng.choice(["helpful", "hindering", "mixed"]),
                    intensity=rng.randint(1, 5),
                )
            )
    Coding.objects.bulk_create(codings, ignore_conflicts=True, batch_size=5000)
    SignificantMoment.objects.bulk_create(moments, ignore_conflicts=True, batch_size=5000)
    copy_id = None
    try:
        owner = Membership.objects.select_related("study", "user").get(study=study, user=users[0])
        n_codings = Coding.objects.filter(transcript__study=study).count()
        started, cpu = time.perf_counter(), time.process_time()
        data, _ = export.qdpx_bytes(owner)
        export_time, export_cpu = time.perf_counter() - started, time.process_time() - cpu
        if args.save:
            with open(args.save, "wb") as out:
                out.write(data)
        transcript_path = _time_transcript_imports(imports)
        started, cpu = time.perf_counter(), time.process_time()
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        report = importer.import_project(user=users[0], data=data, filename="bench.qdpx")
        import_time, import_cpu = time.perf_counter() - started, time.process_time() - cpu
        if args.profile:
            profiler.disable()
            profiler.dump_stats(args.profile)
        copy_id = report.study_id
        words = sum(len(text.split()) for _, text in ((f, d.decode()) for f, d in files))
        print(
            f"study           {args.transcripts} transcripts, {words:,} words, {n_codings:,} codings, {len(moments):,} moments"
        )
        print(
            f"export .qdpx    {export_time:.2f} s wall, {export_cpu:.2f} s CPU of this process "
            f"({len(data) / 1e6:.1f} MB; target < 10 s)"
        )
        print(
            f"import .qdpx    {import_time:.2f} s wall, {import_cpu:.2f} s CPU ({report.transcripts} "
            f"transcripts, {report.codings:,} codings, {report.moments:,} moments, "
            f"{len(report.skipped)} skipped; target < 10 s)"
        )
        print(
            f"  of which      {transcript_path[0]:.2f} s in the transcript importer "
            "(texts, turns; selections placed as each text is stored; sentences in a child)"
        )
        # The bench's codings overlap freely; the import merges one coder's same-code spans.
        assert report.codings <= n_codings and not report.skipped
    finally:
        for pk in (study.pk, copy_id):
            if pk:
                Coding.objects.filter(transcript__study_id=pk).delete()
                Study.objects.filter(pk=pk).delete()
        for user in users:
            user.delete()


def _time_transcript_imports(imports) -> list[float]:
    """Wrap the transcript importer so the import's own share can be told apart."""
    spent = [0.0]
    original = imports.import_files

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    imports.import_files = timed
    return spent


if __name__ == "__main__":
    main()
