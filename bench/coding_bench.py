"""Server time for a transcript's codings: a 15,000-word transcript with 3 coders x 400
codings and 60 moments. Prints p50/p95 for listing the codings through the API (target p95
< 50 ms; we aim at p50 <= 12, p95 <= 30), for creating one coding (aim <= 6 ms), and the number
of SQL queries per listing (constant).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/coding_bench.py
Requests go through Django's full stack in-process (middleware, auth, view, JSON), as in a
worker; the start-up heap is frozen as qualcode/wsgi.py does. The data is deleted afterwards."""

import argparse
import gc
import statistics
import time

from common import build_workload, drop_workload, setup_django


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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    study, transcript, users, codes = build_workload(codings_per_coder=args.codings)
    sentences = transcript.sentences
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
        drop_workload(study, users)


if __name__ == "__main__":
    main()
