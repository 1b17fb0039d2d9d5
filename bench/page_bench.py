"""Server time of the transcript text API and the workbench page, in process (Django's test
client, no HTTP): the 15,000-word bench transcript with 3 coders x 400 codings.

    DATABASE_URL=sqlite:////tmp/page_bench.sqlite3 python bench/page_bench.py [--loads 200]
Prints p50 / p95 / max in ms and the response sizes; deletes its data afterwards. The figures
to compare with peers come from ../shared/peers (real HTTP under gunicorn); this one shows where
the server's own time goes, and whether a change moved it."""

import argparse
import statistics
import time

from common import build_workload, drop_workload, setup_django


def timed(client, url: str, loads: int, **headers) -> tuple[list[float], int, int]:
    client.get(url, **headers)  # warm: first-use imports and caches are not what we measure
    samples = []
    for _ in range(loads):
        began = time.perf_counter()
        response = client.get(url, **headers)
        samples.append((time.perf_counter() - began) * 1000)
    return samples, response.status_code, len(response.content)


def report(name: str, samples: list[float], status: int, size: int) -> None:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{name:34} p50 {statistics.median(ordered):6.2f} ms  p95 {p95:6.2f} ms  "
        f"max {ordered[-1]:6.2f} ms  ({status}, {size / 1024:.0f} KiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    from django.test import Client

    study, transcript, users, codes = build_workload()
    try:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(users[1])
        api = f"/api/v1/studies/{study.pk}/transcripts/{transcript.pk}/"
        page = f"/studies/{study.pk}/transcripts/{transcript.pk}/"
        print(f"{transcript.turns.count()} turns, {len(transcript.text)} characters")
        report("document text (API)", *timed(client, api, args.loads))
        etag = client.get(api).get("ETag")
        if etag:
            report("document text, If-None-Match", *timed(client, api, args.loads,
                   HTTP_IF_NONE_MATCH=etag))  # fmt: skip
        report("workbench page (HTML)", *timed(client, page, args.loads))
    finally:
        drop_workload(study, users)


if __name__ == "__main__":
    main()
