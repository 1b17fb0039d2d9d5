"""Whole-study agreement through the database: 100 transcripts x 3 coders x 400 codings with 40
codes. Prints the time of coding/agreement_report.study_agreement for each unit of analysis
(target: all of them < 2 s together) and, for the sentence-level per-code nominal alpha, the
ratio against the `krippendorff` package called once per code (values must match to 1e-9).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/agreement_bench.py
The study it creates is deleted afterwards."""

import argparse
import random
import time

import numpy as np
from common import demo_sentences, setup_django, synthetic_interview


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--codings", type=int, default=400, help="per coder and transcript")
    parser.add_argument("--keep", action="store_true", help="keep the study (for profiling)")
    args = parser.parse_args()
    setup_django()
    import krippendorff
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from coding.agreement import report as agreement_report
    from coding.models import Code, Coding
    from transcripts import imports, studies
    from transcripts.models import Membership

    call_command("migrate", verbosity=0)
    stamp = f"{time.time():.0f}"
    users = [get_user_model().objects.create_user(f"agree-{stamp}-{i}") for i in range(3)]
    study = studies.create_study(
        user=users[0], title=f"agreement bench {stamp}", blind_coding=False
    )
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
    rows = []
    for transcript in study.transcripts.only("id", "sentences"):
        bounds = transcript.sentences
        for _ in range(args.codings):
            first = rng.randrange(len(bounds) - 3)
            start, end = bounds[first][0], bounds[first + rng.randint(0, 2)][1]
            code = rng.choice(codes)
            for user in users:  # the coders agree about 70% of the time
                if rng.random() < 0.7:
                    rows.append(
                        Coding(transcript=transcript, code=code, coder=user, start=start, end=end)
                    )
                elif rng.random() < 0.5:
                    rows.append(
                        Coding(
                            transcript=transcript,
                            code=rng.choice(codes),
                            coder=user,
                            start=start,
                            end=end,
                        )
                    )
    Coding.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    try:
        timings = {}
        for unit in agreement_report.UNITS:
            started = time.perf_counter()
            report = agreement_report.study_agreement(study, unit=unit)
            timings[unit] = time.perf_counter() - started
            if unit == "sentence":
                sentence_report = report
        data = agreement_report._gather(study, "sentence", None)
        values = np.where(data.rated[:, :, None], data.presence, np.nan).astype(float)
        started = time.perf_counter()
        reference = [
            krippendorff.alpha(reliability_data=values[:, :, k], level_of_measurement="nominal")
            for k in range(values.shape[2])
        ]
        package_time = time.perf_counter() - started
        started = time.perf_counter()
        from coding import agreement

        ours = agreement.binary_alpha_by_code(data.presence, data.rated)
        ours_time = time.perf_counter() - started
        assert max(abs(a - b) for a, b in zip(ours, reference, strict=True)) < 1e-9
        assert [r.alpha for r in sentence_report.codes] == [round(a, 6) for a in ours]
        n_units = data.presence.shape[1]
        print(
            f"study                 {args.transcripts} transcripts, {n_units:,} sentences, {len(rows):,} codings, 3 coders, 40 codes"
        )
        for unit, seconds in timings.items():
            print(f"study_agreement       {unit:<9} {seconds:.2f} s (all tables, pairs, warnings)")
        started = time.perf_counter()
        agreement_report.all_units(study)
        together = time.perf_counter() - started
        print(f"all units together    {together:.2f} s with shared queries (target < 2 s)")
        print(
            f"per-code alpha        ours {ours_time * 1000:.1f} ms, krippendorff package {package_time * 1000:.0f} ms: "
            f"{package_time / ours_time:.0f}x faster (values equal to 1e-9)"
        )
    finally:
        if not args.keep:
            Coding.objects.filter(transcript__study=study).delete()
            study.delete()
            for user in users:
                user.delete()


if __name__ == "__main__":
    main()
