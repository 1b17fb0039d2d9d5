"""Scale-out on one PostgreSQL: 2 web processes (gunicorn workers) and 2 task workers import
synthetic interviews sent as concurrent background-import jobs through the API, then run a
suggestion job; at the end every job, task and transcript is counted: none lost, none doubled.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_prod \\
      ../.venv/bin/python scaleout_bench.py [--backend database|redis] [--files 40] [--jobs 8]

It makes a database of its own beside the one named (NAME_scaleout), starts gunicorn and the
workers itself (production profile: DEBUG off, plain HTTP on 127.0.0.1), stops each by its PID
and drops the database afterwards. With --backend redis the workers are RQ workers on
REDIS_URL (default redis://127.0.0.1:6379/9: a database index of its own, never flushed)."""

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from common import ROOT, demo_sentences, setup_django, synthetic_interview

VENV_BIN = Path(sys.executable).parent
PASSWORD = "scaleout-bench-pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def own_database(url: str) -> tuple[str, str]:
    """(admin URL, URL of NAME_scaleout) on the server of `url`."""
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_scaleout"
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serving_env(database_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    """The production profile's environment for processes this bench starts: DEBUG off, a
    fresh secret, plain HTTP on 127.0.0.1 (no TLS proxy in front)."""
    return {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")},
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "QUALCODE_HTTPS": "0",
        "STATIC_ROOT": str(static_root),
        "DJANGO_SETTINGS_MODULE": "qualcode.settings",
        **extra,
    }


def wait_for(predicate, what: str, timeout: float, processes=()) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise SystemExit(f"a process stopped while waiting for {what}")
        if predicate():
            return
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for {what}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--backend", choices=["database", "redis"], default="database")
    parser.add_argument("--web", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--workers", type=int, default=2, help="task worker processes")
    parser.add_argument("--files", type=int, default=40, help="interviews to import")
    parser.add_argument("--words", type=int, default=15_000, help="words per interview")
    parser.add_argument("--jobs", type=int, default=8, help="import jobs (files split among them)")
    parser.add_argument("--keep", action="store_true", help="keep the database and logs")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database: workers scale out on one.")
    admin_url, database_url = own_database(base_url)
    name = urlsplit(database_url).path.lstrip("/")
    admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}"')
    admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    logs = Path(tempfile.mkdtemp(prefix="qualcode-scaleout-"))
    env = serving_env(
        database_url,
        logs / "static",
        QUALCODE_TASK_BACKEND=args.backend,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"),
    )
    processes: list[subprocess.Popen] = []
    try:
        # This process sets up and counts through the ORM, on the same database.
        os.environ.update(env)
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        study_id = make_study()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        python = str(VENV_BIN / "python")
        collect = [python, "manage.py", "collectstatic", "--noinput", "-v0"]
        subprocess.run(collect, cwd=ROOT, env=env, check=True, timeout=300)
        if args.backend == "redis":
            worker = [python, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job"]
            worker += ["default"]
        else:
            worker = [python, "manage.py", "db_worker", "--interval", "0.2"]
        for i in range(args.workers):
            processes.append(start(worker, env, logs / f"worker-{i}.log"))
        web = [str(VENV_BIN / "gunicorn"), "qualcode.wsgi", "--bind", f"127.0.0.1:{port}"]
        web += ["--workers", str(args.web), "--no-control-socket", "--timeout", "120"]
        web += ["--access-logfile", "-", "--access-logformat", "%(p)s %(m)s %(U)s %(s)s"]
        processes.append(start(web, env, logs / "web.log"))
        run(args, url, study_id, processes)
        report(args, study_id, logs)
    finally:
        stop(processes)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"logs            {logs}" + ("" if args.keep else " (database dropped)"))


def make_study() -> int:
    from django.contrib.auth import get_user_model

    from coding.codebook.starter import load_starter_codebook
    from transcripts import studies

    user = get_user_model().objects.create_user("scaleout", password=PASSWORD)
    study = studies.create_study(user=user, title="Scale-out bench", blind_coding=False)
    load_starter_codebook(study=study)
    return study.pk


def run(args, url: str, study_id: int, processes) -> None:
    import requests

    def up() -> bool:
        try:
            return requests.get(url + "/login/", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    wait_for(up, "gunicorn", 60, processes)
    api = requests.Session()
    token = api.post(
        url + "/api/v1/auth/token/", data={"username": "scaleout", "password": PASSWORD}
    )
    token.raise_for_status()
    api.headers["Authorization"] = f"Token {token.json()['token']}"
    root = f"{url}/api/v1/studies/{study_id}"

    sentences = demo_sentences()
    files = [
        (f"P{i:03d}.txt", synthetic_interview(args.words, i, sentences).encode())
        for i in range(1, args.files + 1)
    ]
    batches = [files[i :: args.jobs] for i in range(args.jobs)]

    def queue(batch) -> int:
        upload = [("files", (name, data, "text/plain")) for name, data in batch]
        response = api.post(root + "/import-jobs/", files=upload, timeout=120)
        response.raise_for_status()
        return response.json()["id"]

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.web * 2) as pool:
        job_ids = list(pool.map(queue, [b for b in batches if b]))
    queued = time.perf_counter() - started

    def imports_finished() -> bool:
        jobs = api.get(root + "/import-jobs/", timeout=30).json()
        return all(j["status"] in ("done", "failed") for j in jobs if j["id"] in job_ids)

    wait_for(imports_finished, "the import jobs", 900, processes)
    imported = time.perf_counter() - started
    words = sum(len(data.split()) for _, data in files)
    print(f"backend         {args.backend}: {args.web} web processes, {args.workers} task workers")
    print(f"import          {len(files)} files x ~{args.words} words in {len(job_ids)} jobs")
    print(
        f"                queued through the API in {queued:.1f} s, all imported after {imported:.1f} s"
    )
    print(f"throughput      {words / imported:,.0f} words/s end to end (upload + queue + import)")

    started = time.perf_counter()
    job = api.post(root + "/suggestion-jobs/", json={"kind": "suggest"}, timeout=30)
    job.raise_for_status()
    job_id = job.json()["id"]

    def suggestions_finished() -> bool:
        status = api.get(f"{root}/suggestion-jobs/{job_id}/", timeout=30).json()["status"]
        return status in ("done", "failed")

    wait_for(suggestions_finished, "the suggestion job", 900, processes)
    print(f"suggestion job  finished after {time.perf_counter() - started:.1f} s")


def report(args, study_id: int, logs: Path) -> None:
    from coding.models import Suggestion, SuggestionJob
    from transcripts.models import ImportJob, Transcript

    jobs = list(ImportJob.objects.filter(study_id=study_id))
    outcomes = [o for job in jobs for o in job.outcomes]
    statuses = sorted({job.status for job in jobs})
    transcripts = Transcript.objects.filter(study_id=study_id)
    names = list(transcripts.values_list("source_name", flat=True))
    suggestion_jobs = list(SuggestionJob.objects.filter(study_id=study_id))
    print("--- counts")
    print(f"import jobs     {len(jobs)} (status {', '.join(statuses)})")
    print(f"file outcomes   {len(outcomes)} for {args.files} files sent")
    print(f"  imported      {sum(o['status'] == 'imported' for o in outcomes)}")
    print(f"  duplicate     {sum(o['status'] == 'duplicate' for o in outcomes)}")
    print(f"  failed        {sum(o['status'] == 'failed' for o in outcomes)}")
    print(f"transcripts     {len(names)} ({len(set(names))} distinct file names)")
    print(
        f"suggestion jobs {len(suggestion_jobs)} (status "
        f"{', '.join(j.status for j in suggestion_jobs)}), "
        f"{Suggestion.objects.filter(study_id=study_id).count()} suggestions stored"
    )
    runs = task_runs(args.backend, logs)
    print(
        f"task runs       {sum(runs.values())} ({'; '.join(f'{k}: {v}' for k, v in runs.items())})"
    )
    pids = re.findall(r"^<(\d+)> (?:GET|POST) /api/", (logs / "web.log").read_text(), re.M)
    per_pid = {pid: pids.count(pid) for pid in sorted(set(pids))}
    print(f"web processes   {len(per_pid)} answered API requests ({per_pid})")
    expected_tasks = len(jobs) + len(suggestion_jobs)
    lost_or_doubled = (
        len(outcomes) != args.files
        or len(names) != args.files
        or len(set(names)) != args.files
        or any(job.done != job.total for job in jobs)
        or statuses != ["done"]
        or [j.status for j in suggestion_jobs] != ["done"]
        or sum(runs.values()) != expected_tasks
    )
    print(
        "verdict         "
        + ("LOST OR DOUBLED WORK" if lost_or_doubled else "nothing lost, nothing doubled")
    )
    if lost_or_doubled:
        raise SystemExit(1)


def task_runs(backend: str, logs: Path) -> dict[str, int]:
    """How many tasks each worker ran (each task once: a task tried twice is counted twice)."""
    if backend == "database":
        from django_tasks_db.models import DBTaskResult

        runs: dict[str, int] = {}
        for worker_ids in DBTaskResult.objects.values_list("worker_ids", flat=True):
            for worker_id in worker_ids:
                runs[worker_id[:8]] = runs.get(worker_id[:8], 0) + 1
        return runs
    return {
        path.stem: len(re.findall(r"Job OK", path.read_text()))
        for path in sorted(logs.glob("worker-*.log"))
    }


if __name__ == "__main__":
    main()
