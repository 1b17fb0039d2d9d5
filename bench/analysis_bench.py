"""Server time of the analysis endpoints and pages on the 100-transcript study: 100
participants' transcripts x 3 coders x 400 codings (40 codes in 6 clusters) plus the consensus
(a copy of the first coder's codings) and 10 moments per coder and transcript. Prints p50/p95
per endpoint through Django's full stack in-process (target: each < 300 ms), the SQL queries
each made, and the time of one SVG figure.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/analysis_bench.py
The study is built as bench/agreement_bench.py builds its own and deleted afterwards (--keep
keeps it; --study ID measures a kept one again)."""

import argparse
import gc
import random
import statistics
import time

from common import demo_sentences, setup_django, synthetic_interview

ENDPOINTS = [
    "analysis/frequencies/?source=consensus",
    "analysis/frequencies/?source=all",
    "analysis/matrix/?source=all",
    "analysis/cooccurrence/?source=all&kind=span",
    "analysis/cooccurrence/?source=all&kind=moment",
    "analysis/cooccurrence/?source=all&kind=participant",
    "analysis/helpful/?source=all",
    "analysis/saturation/?source=all",
    "analysis/attributes/?source=all&attribute=orientation",
]
PAGES = ["frequencies", "matrix", "cooccurrence", "helpful", "saturation", "attributes"]


def build(args):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from coding.models import Cluster, Code, Coding, SignificantMoment
    from transcripts import imports, studies
    from transcripts.models import Membership

    call_command("migrate", verbosity=0)
    stamp = f"{time.time():.0f}"
    users = [get_user_model().objects.create_user(f"analysis-{stamp}-{i}") for i in range(3)]
    study = studies.create_study(user=users[0], title=f"analysis bench {stamp}", blind_coding=False)
    for user in users[1:]:
        Membership.objects.create(study=study, user=user, role="coder")
    clusters = Cluster.objects.bulk_create(
        Cluster(study=study, name=f"cluster {i}", order=i) for i in range(6)
    )
    codes = Code.objects.bulk_create(
        Code(study=study, name=f"code {i:02d}", cluster=clusters[i % 6]) for i in range(40)
    )
    sentences = demo_sentences()
    files = [
        (f"P{i:03d}.txt", synthetic_interview(args.words, i, sentences).encode())
        for i in range(args.transcripts)
    ]
    imports.import_files(study=study, user=users[0], files=files)
    for i, participant in enumerate(study.participants.all()):
        participant.attributes = {"orientation": ("CBT", "psychodynamic", "humanistic")[i % 3]}
        participant.save(update_fields=["attributes"])
    consensus = studies.consensus_user(study)
    rng = random.Random(5)
    rows, moments = [], []
    for transcript in study.transcripts.only("id", "sentences"):
        bounds = transcript.sentences
        for coder in (*users, consensus):
            source = users[0] if coder == consensus else coder
            local = random.Random(f"{transcript.pk}-{source.pk}")  # consensus = coder 0's copy
            for _ in range(args.codings):
                first = local.randrange(len(bounds) - 3)
                start, end = bounds[first][0], bounds[first + local.randint(0, 2)][1]
                code = local.choice(codes)
                rows.append(
                    Coding(transcript=transcript, code=code, coder=coder, start=start, end=end)
                )
        for user in users:
            for _ in range(10):
                first = rng.randrange(len(bounds) - 6)
                moments.append(
                    SignificantMoment(
                        transcript=transcript,
                        rater=user,
                        start=bounds[first][0],
                        end=bounds[first + rng.randint(1, 5)][1],
                        valence=rng.choice(("helpful", "hindering", "mixed")),
                        intensity=rng.randint(1, 5),
                    )
                )
    Coding.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    SignificantMoment.objects.bulk_create(moments, ignore_conflicts=True, batch_size=5000)
    return study, users


def timed(client, url: str, requests: int) -> tuple[float, float, float, int]:
    """p50 and p95 wall time, p50 CPU time of this (the web) process, queries. On a shared
    machine the wall time includes waiting for a core; the CPU time does not (nor the
    database's own work)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: URL resolver, the study's settings row
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    ordered = sorted(times)
    p95 = ordered[round(0.95 * (len(ordered) - 1))]
    return statistics.median(times), p95, statistics.median(cpu), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--codings", type=int, default=400, help="per coder and transcript")
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the study")
    parser.add_argument("--study", type=int, help="measure a study kept by an earlier --keep")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from coding.models import Coding, SignificantMoment
    from transcripts.models import Study

    settings.ALLOWED_HOSTS = ["*"]
    if args.study:
        study = Study.objects.get(pk=args.study)
        users = [study.created_by]
    else:
        started = time.perf_counter()
        study, users = build(args)
        print(f"built in {time.perf_counter() - started:.0f} s")
    client = Client()
    client.force_login(users[0])
    try:
        codings = Coding.objects.filter(transcript__study=study).count()
        moments = SignificantMoment.objects.filter(transcript__study=study).count()
        print(
            f"study {study.pk}: {study.transcripts.count()} transcripts, {codings:,} codings "
            f"(3 coders + consensus), {moments:,} moments, {study.codes.count()} codes"
        )
        gc.collect()
        gc.freeze()
        with connection.cursor() as cursor:  # a freshly built study has no planner statistics
            cursor.execute("ANALYZE")
        print(f"{'server time (ms)':<58} {'p50':>7} {'p95':>7} {'cpu50':>7} queries")
        for endpoint in ENDPOINTS:
            url = f"/api/v1/studies/{study.pk}/{endpoint}"
            p50, p95, cpu, queries = timed(client, url, args.requests)
            print(f"API  {endpoint:<53} {p50:7.1f} {p95:7.1f} {cpu:7.1f} {queries:4d}")
        for tab in PAGES:
            url = f"/studies/{study.pk}/analysis/?tab={tab}&source=all"
            p50, p95, cpu, queries = timed(client, url, args.requests)
            print(f"page {tab:<53} {p50:7.1f} {p95:7.1f} {cpu:7.1f} {queries:4d}")
        for table in ("frequencies", "cooccurrence"):
            url = f"/studies/{study.pk}/analysis/{table}.svg?source=all"
            p50, p95, cpu, _ = timed(client, url, 3)
            print(f"figure {table + '.svg':<51} {p50:7.1f} {p95:7.1f} {cpu:7.1f}")
    finally:
        if not args.keep and not args.study:
            Coding.objects.filter(transcript__study=study).delete()
            SignificantMoment.objects.filter(transcript__study=study).delete()
            consensus = study.consensus_user
            study.delete()
            for user in [*users, consensus]:
                user.delete()


if __name__ == "__main__":
    main()
