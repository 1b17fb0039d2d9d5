"""Server time for a transcript's codings: a 15,000-word transcript with 3 coders x 400
codings and 60 moments. Prints p50/p95 for listing the codings through the API (target p95
< 50 ms; we aim at p50 <= 12, p95 <= 30), for creating one coding (aim <= 6 ms), and the number
of SQL queries per listing (constant).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/coding_bench.py
Requests go through Django's full stack in-process (middleware, auth, view, JSON), as in a
worker; the start-up heap is frozen as qualcode/wsgi.py does. The data is deleted afterwards."""

import argparse
import gc
import random
import statistics
import time

from common import demo_sentences, setup_django, synthetic_interview


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--codings", type=int, default=400, help="per coder")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coding.codebook import load_starter_codebook
    from coding.models import Coding, SignificantMoment
    from transcripts import imports, studies
    from transcripts.models import Membership

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    User = get_user_model()
    stamp = f"{time.time():.0f}"
    users = [User.objects.create_user(f"bench-{stamp}-{i}", password="x") for i in range(3)]
    study = studies.create_study(user=users[0], title=f"coding bench {stamp}")
    for user in users[1:]:
        Membership.objects.create(study=study, user=user, role="coder")
    load_starter_codebook(study=study)
    codes = list(study.codes.all())
    text = synthetic_interview(15_000, 7, demo_sentences()).encode()
    [outcome] = imports.import_files(study=study, user=users[0], files=[("P01.txt", text)])
    transcript = study.transcripts.get(pk=outcome.transcript_id)
    rng = random.Random(1)
    sentences = transcript.sentences
    rows, seen = [], set()
    for user in users:
        while sum(1 for r in rows if r.coder_id == user.pk) < args.codings:
            first = rng.randrange(len(sentences) - 3)
            start, end = sentences[first][0], sentences[first + rng.randint(0, 2)][1]
            key = (user.pk, start, end)
            if key not in seen:
                seen.add(key)
                rows.append(
                    Coding(
                        transcript=transcript,
                        code=rng.choice(codes),
                        coder=user,
                        start=start,
                        end=end,
                    )
                )
    Coding.objects.bulk_create(rows)
    SignificantMoment.objects.bulk_create(
        SignificantMoment(
            transcript=transcript,
            rater=users[i % 3],
            start=sentences[i * 15][0],
            end=sentences[i * 15 + 1][1],
            valence="helpful",
            intensity=3,
        )
        for i in range(60)
    )
    study.blind_coding = False
    study.save()
    client = Client()
    client.force_login(users[0])
    list_url = f"/api/v1/studies/{study.pk}/codings/?transcript={transcript.pk}"
    try:
        client.get(list_url)  # warm caches (URL resolver, serializers)
        gc.collect()
        gc.freeze()
        listing: list[float] = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(list_url)
            listing.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and len(response.json()) == 3 * args.codings
        with CaptureQueriesContext(connection) as queries:
            client.get(list_url)
        creating: list[float] = []
        coder = Client()
        coder.force_login(users[1])
        post_url = f"/api/v1/studies/{study.pk}/codings/"
        for i in range(100):
            start, end = sentences[i * 3 + 1]
            body = {
                "transcript": transcript.pk,
                "code": codes[i % len(codes)].pk,
                "start": start,
                "end": end,
            }
            started = time.perf_counter()
            created = coder.post(post_url, body, content_type="application/json")
            creating.append((time.perf_counter() - started) * 1000)
            assert created.status_code in (200, 201), created.content
        print(f"database            {connection.vendor}")
        print(f"transcript          {transcript.word_count:,} words, {len(sentences):,} sentences")
        print(f"codings listed      {3 * args.codings} (3 coders x {args.codings}), 60 moments")
        print(
            f"list p50 / p95      {statistics.median(listing):.1f} / {percentile(listing, 0.95):.1f} ms "
            f"over {args.requests} requests (target p95 < 50 ms)"
        )
        print(f"SQL per listing     {len(queries)} queries")
        print(
            f"create p50 / p95    {statistics.median(creating):.1f} / {percentile(creating, 0.95):.1f} ms "
            f"over {len(creating)} requests"
        )
    finally:
        gc.unfreeze()
        Coding.objects.filter(transcript__study=study).delete()
        SignificantMoment.objects.filter(transcript__study=study).delete()
        study.delete()
        for user in users:
            user.delete()


if __name__ == "__main__":
    main()
