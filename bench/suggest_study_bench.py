"""Suggestions on the 100-transcript bench study (issue target: training < 10 s, suggesting
for one transcript < 1 s): train both classifiers twice (the first run pays for importing
spaCy and scikit-learn, as a fresh job worker would), then refresh one transcript's
suggestions cold (models deserialised) and warm.

Build the study once with the analysis bench and keep it:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench \
        python bench/analysis_bench.py --keep --requests 1
    DATABASE_URL=... python bench/suggest_study_bench.py --study ID
The study is left as it was, but for the models and suggestions this adds."""

import argparse
import statistics
import time

from common import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--study", type=int, required=True)
    args = parser.parse_args()
    setup_django()
    from coding.suggestions import sample, training
    from coding.suggestions import services as suggest
    from transcripts.models import Study

    study = Study.objects.get(pk=args.study)
    for run in ("first (imports)", "second"):
        started = time.perf_counter()
        outcome = training.train(study)
        total = time.perf_counter() - started
        models = ", ".join(
            f"{m.kind} {m.seconds:.1f} s ({m.sentences:,} sentences, {len(m.labels)} labels)"
            for m in outcome.models
        )
        print(f"train, {run}: {total:.1f} s with data loading; {models}")
    print(f"(past {sample.MAX_SENTENCES:,} sentences each classifier trains on a sample)")
    transcript = study.transcripts.order_by("pk").first()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        counts = suggest.refresh(study, transcript_ids=[transcript.pk])
        times.append(time.perf_counter() - started)
    print(
        f"refresh one {len(transcript.text.split()):,}-word transcript "
        f"({len(transcript.sentences)} sentences; {counts['suggestions']}): "
        f"cold {times[0] * 1000:.0f} ms, warm median {statistics.median(times[1:]) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
