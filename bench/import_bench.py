"""Import N synthetic transcripts (default 200 x 15,000 words) into the configured database and
print words per second end to end (parse + segment + store). Target: >= 100,000 words/s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/import_bench.py
The study it creates is deleted afterwards."""

import argparse
import time

from common import demo_sentences, setup_django, synthetic_interview


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--words", type=int, default=15_000)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from transcripts import imports, studies

    call_command("migrate", verbosity=0)
    sentences = demo_sentences()
    files = [
        (f"P{i:03d}.txt", synthetic_interview(args.words, i, sentences).encode())
        for i in range(1, args.files + 1)
    ]
    words = sum(len(data.split()) for _, data in files)
    user, _ = get_user_model().objects.get_or_create(username="bench-importer")
    study = studies.create_study(user=user, title=f"import bench {time.time():.0f}")
    try:
        from transcripts import nlp

        nlp.load_pipeline()  # loading spaCy is start-up, not import work
        started = time.perf_counter()
        outcomes = imports.import_files(study=study, user=user, files=files)
        elapsed = time.perf_counter() - started
        assert all(o.status == "imported" for o in outcomes), outcomes[:3]
        sentence_count = sum(len(t.sentences) for t in study.transcripts.only("sentences"))
        print(f"database        {connection.vendor}")
        print(f"files           {len(files)} x ~{args.words} words = {words:,} words")
        print(f"sentences       {sentence_count:,}")
        print(f"elapsed         {elapsed:.2f} s")
        print(f"throughput      {words / elapsed:,.0f} words/s (target >= 100,000)")
    finally:
        study.delete()


if __name__ == "__main__":
    main()
