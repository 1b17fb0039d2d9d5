"""Concurrent coders against a real server: N coder threads list, create and delete codings
of one interview for T seconds while the owner merges and splits codes; then every row is
counted. Pass: 0 server errors, final codings = creates - deletes, no duplicate spans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode ../.venv/bin/python load_bench.py \\
        --coders 50 --seconds 60 --web 4
    ../.venv/bin/python load_bench.py --sqlite --coders 10 --seconds 30 --web 2

It makes a database of its own (NAME_load on PostgreSQL, a temporary file with --sqlite),
starts gunicorn in the production profile (DEBUG off, plain HTTP on 127.0.0.1), stops it by
its PID and drops the database. Each coder codes distinct sentences (never the same span
twice), so creates and deletes alone decide the final count."""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from common import demo_sentences, setup_django, synthetic_interview
from scaleout_bench import (
    admin_sql,
    free_port,
    own_database,
    serving_env,
    start,
    stop,
    wait_for,
)

PASSWORD = "load-bench-pass"
VENV_BIN = Path(sys.executable).parent


def make_study(coders: int, words: int) -> tuple[int, int, list[int]]:
    """(study, transcript, sentence indices) with an owner, N coders and 8 codes."""
    from django.contrib.auth import get_user_model

    from coding.models import Code
    from transcripts import imports, studies
    from transcripts.models import Membership, Role

    users = get_user_model().objects
    owner = users.create_user("owner", password=PASSWORD)
    study = studies.create_study(user=owner, title="Load bench", blind_coding=False)
    for i in range(coders):
        user = users.create_user(f"coder{i:02d}", password=PASSWORD)
        Membership.objects.create(study=study, user=user, role=Role.CODER)
    for i in range(8):
        Code.objects.create(study=study, name=f"Code {i}")
    text = synthetic_interview(words, 7, demo_sentences()).encode()
    [outcome] = imports.import_files(study=study, user=owner, files=[("P01.txt", text)])
    transcript = study.transcripts.get(pk=outcome.transcript_id)
    return study.pk, transcript.pk, list(range(len(transcript.sentences)))


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.status: Counter = Counter()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def add(self, op: str, status: int, seconds: float, body: str = "") -> None:
        with self.lock:
            self.status[(op, status)] += 1
            self.times[op].append(seconds)
            if status >= 500 or status == 0:
                self.errors.append(f"{op} {status} {body[:200]}")


def session(url: str, username: str):
    import requests

    api = requests.Session()
    answer = api.post(
        url + "/api/v1/auth/token/", data={"username": username, "password": PASSWORD}, timeout=30
    )
    answer.raise_for_status()
    api.headers["Authorization"] = f"Token {answer.json()['token']}"
    return api


def call(tally: Tally, op: str, method, *args, **kwargs):
    started = time.perf_counter()
    try:
        response = method(*args, timeout=60, **kwargs)
    except Exception as error:  # a refused or dropped connection counts as an error
        tally.add(op, 0, time.perf_counter() - started, repr(error))
        return None
    tally.add(op, response.status_code, time.perf_counter() - started, response.text)
    return response


def coder_loop(api, root, transcript, sentences, index, coders, deadline, tally, sentences_text):
    rng = random.Random(index)
    mine = [s for i, s in enumerate(sentences) if i % coders == index]
    rng.shuffle(mine)
    made: list[int] = []
    codes = [c["id"] for c in api.get(root + "/codes/", timeout=30).json()]
    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.45:
            call(tally, "list", api.get, root + "/codings/", params={"transcript": transcript})
        elif roll < 0.85 and mine:
            start, end = sentences_text[mine.pop()]
            body = {"transcript": transcript, "code": rng.choice(codes), "start": start, "end": end}
            response = call(tally, "create", api.post, root + "/codings/", json=body)
            if response is not None and response.status_code == 201:
                made.append(response.json()["id"])
            elif response is not None and response.status_code == 400:
                codes = [c["id"] for c in api.get(root + "/codes/", timeout=30).json()]
        elif made:
            coding = made.pop(rng.randrange(len(made)))
            call(tally, "delete", api.delete, f"{root}/codings/{coding}/")
        else:
            codes = [c["id"] for c in api.get(root + "/codes/", timeout=30).json()]


def owner_loop(api, root, deadline, tally):
    """Every two seconds: a new code, one code merged into another, sometimes a split."""
    rng = random.Random(99)
    number = 0
    while time.monotonic() < deadline:
        number += 1
        call(tally, "new code", api.post, root + "/codes/", json={"name": f"New {number}"})
        codes = [c["id"] for c in api.get(root + "/codes/", timeout=30).json()]
        if len(codes) >= 3:
            source, target = rng.sample(codes, 2)
            body = {"sources": [source], "target": target}
            call(tally, "merge", api.post, root + "/codes/merge/", json=body)
        if number % 3 == 0 and codes:
            code = rng.choice(codes)
            body = api.get(
                root + "/codings/", params={"code": code, "limit": 1000}, timeout=30
            ).json()
            rows = body["results"] if isinstance(body, dict) else body
            split = {
                "parts": [{"name": f"Split {number} a"}, {"name": f"Split {number} b"}],
                "assignments": {str(r["id"]): i % 2 for i, r in enumerate(rows)},
            }
            call(tally, "split", api.post, f"{root}/codes/{code}/split/", json=split)
        time.sleep(2)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--coders", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--web", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--words", type=int, default=15_000)
    parser.add_argument("--sqlite", action="store_true", help="the embedded default database")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="qualcode-load-"))
    if args.sqlite:
        database_url, admin_url, name = f"sqlite:///{scratch / 'load.sqlite3'}", None, None
    else:
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith("postgres"):
            raise SystemExit("Set DATABASE_URL to a PostgreSQL database, or pass --sqlite.")
        admin_url, database_url = own_database(base)
        database_url = database_url.replace("_scaleout", "_load")
        name = urlsplit(database_url).path.lstrip("/")
        admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    env = serving_env(database_url, scratch / "static")
    processes: list[subprocess.Popen] = []
    try:
        os.environ.update(env)
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        study, transcript, sentences = make_study(args.coders, args.words)
        from transcripts.models import Transcript

        spans = Transcript.objects.get(pk=transcript).sentences
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        web = [str(VENV_BIN / "gunicorn"), "qualcode.wsgi", "--bind", f"127.0.0.1:{port}"]
        web += ["--workers", str(args.web), "--no-control-socket", "--timeout", "120"]
        processes.append(start(web, env, scratch / "web.log"))
        import requests

        def up() -> bool:
            try:
                # An API answer needs no collected static files: 401 without a token.
                return requests.get(url + "/api/v1/studies/", timeout=5).status_code == 401
            except requests.RequestException:
                return False

        wait_for(up, "gunicorn", 60, processes)
        root = f"{url}/api/v1/studies/{study}"
        tally = Tally()
        apis = [session(url, f"coder{i:02d}") for i in range(args.coders)]
        owner = session(url, "owner")
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=coder_loop,
                args=(api, root, transcript, sentences, i, args.coders, deadline, tally, spans),
            )
            for i, api in enumerate(apis)
        ]
        threads.append(threading.Thread(target=owner_loop, args=(owner, root, deadline, tally)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 300)
        report(args, tally, transcript)
    finally:
        stop(processes)
        if admin_url:
            from django.db import connections

            connections.close_all()
            admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(args, tally: Tally, transcript: int) -> None:
    from django.db.models import Count

    from coding.models import Coding

    database = "SQLite" if args.sqlite else "PostgreSQL"
    print(
        f"load            {args.coders} coders + 1 owner for {args.seconds:.0f} s, {database}, "
        f"gunicorn with {args.web} workers"
    )
    for op in ("list", "create", "delete", "new code", "merge", "split"):
        times = sorted(tally.times.get(op, []))
        if not times:
            continue
        statuses = ", ".join(f"{s}: {n}" for (o, s), n in sorted(tally.status.items()) if o == op)
        p50 = statistics.median(times) * 1000
        p95 = times[int(0.95 * (len(times) - 1))] * 1000
        print(
            f"{op:<15} {len(times):>6} requests  p50 {p50:6.1f} ms  p95 {p95:7.1f} ms  ({statuses})"
        )
    created = tally.status[("create", 201)]
    deleted = tally.status[("delete", 204)]
    rows = Coding.objects.filter(transcript_id=transcript)
    duplicates = (
        rows.values("coder_id", "code_id", "start", "end")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    errors = len(tally.errors)
    final = rows.count()
    print(f"errors          {errors} (5xx or dropped connections)")
    print(
        f"rows            final codings {final}, creates {created} - deletes {deleted} = "
        f"{created - deleted}: {'equal' if final == created - deleted else 'DIFFERENT'}"
    )
    print(f"duplicates      {duplicates} duplicate spans")
    for line in tally.errors[:10]:
        print("  " + line)


if __name__ == "__main__":
    main()
