"""Suggestions: training on ~5,000 labelled sentences (target < 60 s on 2 cores) and
suggesting for one 15,000-word transcript with a trained model (target < 1 s).

Builds the 15,000-word workload of bench/common.py (3 coders x 400 codings) plus five
7,500-word transcripts coded by one coder, so the classifier trains on about 5,000 sentences
of coded transcripts. Prints the training time per classifier (each includes its
cross-validation: three inner fits and the final one), then the time to recompute all four recommenders' suggestions for
the 15,000-word transcript (cold: model deserialised; warm: cached) and to list what is open.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/suggest_bench.py
The study it creates is deleted afterwards."""

import random
import statistics
import time

from common import build_workload, demo_sentences, drop_workload, setup_django, synthetic_interview


def main() -> None:
    setup_django()
    from coding.models import Coding
    from coding.suggestions import services as suggest
    from coding.suggestions import training as suggest_training
    from transcripts import imports

    study, transcript, users, codes = build_workload()
    try:
        rng = random.Random(3)
        files = [
            (f"P0{i}.txt", synthetic_interview(7_500, 20 + i, demo_sentences()).encode())
            for i in range(2, 7)
        ]
        rows = []
        for outcome in imports.import_files(study=study, user=users[0], files=files):
            extra = study.transcripts.get(pk=outcome.transcript_id)
            sentences = extra.sentences
            for _ in range(200):
                first = rng.randrange(len(sentences) - 3)
                start, end = sentences[first][0], sentences[first + rng.randint(0, 2)][1]
                rows.append(
                    Coding(
                        transcript=extra,
                        code=rng.choice(codes),
                        coder=users[1],
                        start=start,
                        end=end,
                    )
                )
        Coding.objects.bulk_create(rows, ignore_conflicts=True)

        started = time.perf_counter()
        outcome = suggest_training.train(study)
        total = time.perf_counter() - started
        for model in outcome.models:
            print(
                f"train {model.kind:<8} {model.sentences:>6} sentences of {model.transcripts} "
                f"transcripts, {len(model.labels)} labels: {model.seconds:6.1f} s "
                f"(with its cross-validation)"
            )
        print(f"train both classifiers, with data loading: {total:.1f} s (target < 60 s)")

        times = []
        for _ in range(5):
            started = time.perf_counter()
            counts = suggest.refresh(study, transcript_ids=[transcript.pk])
            times.append(time.perf_counter() - started)
        words = len(transcript.text.split())
        print(
            f"suggest one {words}-word transcript ({len(transcript.sentences)} sentences; "
            f"{counts['suggestions']}): cold {times[0] * 1000:.0f} ms, "
            f"warm median {statistics.median(times[1:]) * 1000:.0f} ms (target < 1 s)"
        )
        member = study.memberships.get(user=users[0])
        times = []
        for _ in range(5):
            started = time.perf_counter()
            shown = suggest.open_for(member, transcript.pk)
            times.append(time.perf_counter() - started)
        print(
            f"open suggestions for one coder: {len(shown)}, median {statistics.median(times) * 1000:.0f} ms"
        )
    finally:
        drop_workload(study, users)


if __name__ == "__main__":
    main()
