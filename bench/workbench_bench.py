"""Time to interactive of the workbench in headless Chromium: a 15,000-word transcript with
3 coders x 400 codings and 60 moments (target < 1 s). Also times redrawing after a filter
change and opening the code picker on a selection (responsiveness).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/workbench_bench.py
Starts `manage.py runserver` on a free port against the same database, drives Debian's
/usr/bin/chromium with Playwright, and deletes its data afterwards."""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

from common import ROOT, build_workload, drop_workload, setup_django

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--stripes", action="store_true", help="with coding stripes on")
    args = parser.parse_args()
    setup_django()
    from playwright.sync_api import sync_playwright

    study, transcript, users, _ = build_workload()
    port = free_port()
    env = {**os.environ, "DEBUG": "1", "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        url = f"{base}/studies/{study.pk}/transcripts/{transcript.pk}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=ARGS
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "/login/")
            page.fill("#id_username", users[0].username)
            page.fill("#id_password", "bench-pass")
            page.click("button[type=submit]")
            page.wait_for_load_state()
            if args.stripes:  # the switch is remembered per study in localStorage
                page.goto(url)
                page.evaluate(f"localStorage.setItem('qualcode-stripes-{study.pk}', 'on')")
            ready, server_ms = [], []
            for _ in range(args.loads):
                page.goto(url)
                page.wait_for_selector("body[data-wb-ready]")
                ready.append(float(page.evaluate("document.body.dataset.wbReady")))
                server_ms.append(
                    page.evaluate(
                        "performance.getEntriesByType('navigation')[0].responseEnd"
                        " - performance.getEntriesByType('navigation')[0].requestStart"
                    )
                )
            segments = page.locator(".seg").count()
            stripes = page.locator(".stripe").count()
            redraw = page.evaluate("""() => {
                const t = performance.now();
                const s = document.querySelector('#filter-coder');
                s.value = '__me'; s.dispatchEvent(new Event('change', {bubbles: true}));
                s.value = ''; s.dispatchEvent(new Event('change', {bubbles: true}));
                return (performance.now() - t) / 2; }""")
            picker = page.evaluate("""() => {
                const seg = document.querySelectorAll('#wb-text .seg')[500];
                const r = document.createRange(); r.selectNodeContents(seg);
                const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
                const t = performance.now();
                document.querySelector('#wb-text').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                return performance.now() - t; }""")
            browser.close()
        print(f"transcript            {transcript.word_count:,} words; 1,200 codings, 60 moments")
        print(f"segments drawn        {segments:,}; coding stripes {stripes:,}")
        print(
            f"time to interactive   median {statistics.median(ready):.0f} ms, max {max(ready):.0f} ms "
            f"over {args.loads} loads (target < 1000 ms)"
        )
        print(
            f"page server time      median {statistics.median(server_ms):.0f} ms (request to last byte)"
        )
        print(f"redraw after filter   {redraw:.0f} ms")
        print(f"open code picker      {picker:.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)
        drop_workload(study, users)


if __name__ == "__main__":
    main()
