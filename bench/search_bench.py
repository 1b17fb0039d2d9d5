"""Search benchmarks.

Study-wide (server): keyword in context over 100 transcripts of 10,000 words each (the agreement
bench's study), through GET /api/v1/studies/{id}/search/ in process (middleware, the door, two
queries, matching, the first page of 100 rows with context, JSON): target < 300 ms. The first search of a process
reads the texts and turn bounds (then kept, see coding/search/store.py): timed apart.

In the browser (--browser): the workbench of the 15,000-word bench transcript (3 coders x 400
codings, 60 moments) in headless Chromium: time from Enter to every hit highlighted and the
first in view, to the next hit, and a redraw of the turns with the hits shown (must stay
interactive: well under 100 ms a step).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/search_bench.py [--browser]
The data it creates is deleted afterwards."""

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request

from common import ROOT, build_workload, demo_sentences, drop_workload, setup_django
from workbench_bench import ARGS, free_port

QUERIES = [
    ("the", {}),  # a very common word: tens of thousands of hits, counted, one page shown
    ("safe", {}),
    ("I felt", {}),
    ("therapist", {"speaker_role": "client"}),
    ("zebra", {}),  # no hit: the whole text is still scanned
]


def server(runs: int, transcripts: int, words: int) -> None:
    from common import synthetic_interview
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from transcripts import imports, studies

    call_command("migrate", verbosity=0)
    stamp = f"{time.time():.0f}"
    user = get_user_model().objects.create_user(f"search-{stamp}")
    study = studies.create_study(user=user, title=f"search bench {stamp}", blind_coding=False)
    sentences = demo_sentences()
    files = [
        (f"P{i:03d}.txt", synthetic_interview(words, i, sentences).encode())
        for i in range(transcripts)
    ]
    imports.import_files(study=study, user=user, files=files)
    chars = sum(len(t) for t in study.transcripts.values_list("text", flat=True))
    client = Client(HTTP_HOST="localhost")  # an allowed host in every profile
    client.force_login(user)
    url = f"/api/v1/studies/{study.pk}/search/"
    try:
        print(f"study                 {transcripts} transcripts, {chars:,} characters")
        # The URL configuration (every package's views, DRF, the schema machinery) is loaded
        # at start-up in production (qualcode/wsgi.py), not by a first search: timed apart.
        from django.urls import get_resolver

        started = time.perf_counter()
        get_resolver().url_patterns  # noqa: B018
        urls = (time.perf_counter() - started) * 1000
        print(f"URL configuration     {urls:.0f} ms (loaded at process start by qualcode/wsgi.py)")
        started, cpu = time.perf_counter(), time.process_time()
        client.get(url, {"q": "safe"})
        cold, cold_cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
        print(
            f"first search          {cold:.0f} ms, {cold_cpu:.0f} ms CPU of this process (texts "
            "and turn bounds read from the database)"
        )
        for query, extra in QUERIES:
            client.get(url, {"q": query, **extra})  # warm: the compiled pattern, connections
            # CPU time beside wall time: on a shared machine the wall time mostly measures the
            # others' load.
            times, cpus, total = [], [], 0
            for _ in range(runs):
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get(url, {"q": query, **extra})
                times.append((time.perf_counter() - started) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
                total = response.json()["total"]
            label = f"{query!r} {' '.join(f'{k}={v}' for k, v in extra.items())}".strip()
            print(
                f"search {label:<34} {total:>7,} hits  median {statistics.median(times):5.0f} ms,"
                f" max {max(times):5.0f} ms over {runs}, CPU median {statistics.median(cpus):4.0f}"
                " ms (target < 300 ms)"
            )
    finally:
        study.delete()
        user.delete()


ENTER_JS = """(query) => {
  const box = document.querySelector('#wb-search-q');
  box.value = query;
  const t = performance.now();
  box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  const first = performance.now() - t;
  const t2 = performance.now();
  box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  const next = performance.now() - t2;
  return [first, next, document.querySelector('#wb-search-count').textContent]; }"""

REDRAW_JS = """() => {
  const t = performance.now();
  const s = document.querySelector('#filter-coder');
  s.value = '__me'; s.dispatchEvent(new Event('change', {bubbles: true}));
  s.value = ''; s.dispatchEvent(new Event('change', {bubbles: true}));
  return (performance.now() - t) / 2; }"""


def browser() -> None:
    from playwright.sync_api import sync_playwright

    study, transcript, users, _ = build_workload()
    port = free_port()
    env = {**os.environ, "DEBUG": "1", "ALLOWED_HOSTS": "127.0.0.1"}
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "/login/")
            page.fill("#id_username", users[0].username)
            page.fill("#id_password", "bench-pass")
            page.click("button[type=submit]")
            page.wait_for_load_state()
            page.goto(f"{base}/studies/{study.pk}/transcripts/{transcript.pk}/")
            page.wait_for_selector("body[data-wb-ready]")
            print(
                f"transcript            {transcript.word_count:,} words; 1,200 codings, 60 moments"
            )
            baseline = statistics.median(page.evaluate(REDRAW_JS) for _ in range(5))
            print(f"redraw without search {baseline:4.0f} ms (median of 5)")
            for query in ["the", "felt", "I felt safe", "e"]:
                first, step, count = page.evaluate(ENTER_JS, query)
                page.evaluate("() => new Promise(requestAnimationFrame)")  # let it paint
                redraw = statistics.median(page.evaluate(REDRAW_JS) for _ in range(5))
                print(
                    f"search {query!r:<14} {count:>14}: first hit {first:4.0f} ms, next "
                    f"{step:3.0f} ms, redraw with hits {redraw:4.0f} ms (median of 5)"
                )
            chromium.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
        drop_workload(study, users)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--browser", action="store_true", help="time the workbench instead")
    args = parser.parse_args()
    setup_django()
    if args.browser:
        browser()
    else:
        server(args.runs, args.transcripts, args.words)


if __name__ == "__main__":
    main()
