"""The workbench under the production profile: DEBUG off, gunicorn with two workers on a free
127.0.0.1 port, whitenoise serving the hashed static files collected into a temporary
STATIC_ROOT, the Content Security Policy and the login lockout on. The browser stands in for
the TLS proxy by sending X-Forwarded-Proto: https. Log in, select text, apply a code, reload:
the coding is still there. The test waits on the page and never reads the database."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import csp_violations, save_screenshot
from tests.ui.test_workbench import SELECT_JS, api_answer, pick

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PROXY = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front adds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def own_database(tmp_path):
    """A database of the test's own: beside the suite's PostgreSQL one, or an SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'serve.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_serve_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped: {log.read_text()[-3000:]}")
        try:
            request = urllib.request.Request(url + "/login/", headers=PROXY)
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer within 60 s: {log.read_text()[-3000:]}")


@pytest.fixture
def production_server(tmp_path):
    """Yields the base URL of gunicorn serving the demo study in the production profile."""
    with own_database(tmp_path) as database_url:
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        env = {
            **keep,
            "SECRET_KEY": "production-ui-test-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "QUALCODE_HTTPS": "1",  # the production rules, as behind the proxy
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(tmp_path / "static"),
        }
        port = free_port()
        # The browser speaks plain HTTP to gunicorn while the header says HTTPS: its Origin
        # (http://...) is trusted explicitly, as the proxy's https:// origin would match.
        env["CSRF_TRUSTED_ORIGINS"] = f"http://127.0.0.1:{port}"
        for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
            done = subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        log = tmp_path / "gunicorn.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [str(GUNICORN), "qualcode.wsgi", "--bind", f"127.0.0.1:{port}"]
                + ["--workers", "2", "--no-control-socket"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_serving(url, server, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def test_code_a_passage_with_debug_off_behind_the_proxy(production_server, browser):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, extra_http_headers=PROXY
    )
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(error))
    page.on("console", lambda message: problems.extend(csp_violations([message])))
    try:
        page.goto(production_server + "/")
        page.fill("#id_username", "casey")
        page.fill("#id_password", "qualcode-demo")
        page.click("button[type=submit]")
        page.click("text=What clients find helpful")
        with page.expect_response(
            re.compile(r"/static/coding/workbench/main\.[0-9a-f]{12}\.js$")
        ) as script:
            page.click("text=Interview with P01")
        # hashed, long-cached, served by whitenoise (and its imports rewritten to hashed names)
        assert script.value.status == 200
        assert "immutable" in script.value.headers["cache-control"]
        assert re.search(r'from "\./[a-z]+\.[0-9a-f]{12}\.js"', script.value.text())
        assert not re.search(r'from "\./[a-z]+\.js"', script.value.text())
        headers = page.context.request.get(page.url, headers=PROXY).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert headers["strict-transport-security"].startswith("max-age=31536000")
        page.wait_for_selector("body[data-wb-ready]")

        assert page.evaluate(SELECT_JS, ["Completely flat.", 0]) == "Completely flat."
        with page.expect_response(api_answer("POST", "/codings/")) as answer:
            pick(page, "Room reflects care")
        assert answer.value.status == 201, answer.value.text()
        coding = answer.value.json()
        seg = page.locator(f'.seg[data-ids~="{coding["id"]}"]')
        expect(seg.first).to_be_visible()

        page.reload()
        page.wait_for_selector("body[data-wb-ready]")
        expect(seg.first).to_be_visible()
        assert "".join(seg.all_inner_texts()) == "Completely flat."
        # drawn in the code's colour: the segment's style came through the CSSOM, not markup
        assert "linear-gradient" in seg.first.evaluate("el => getComputedStyle(el).backgroundImage")
        save_screenshot(page, "workbench-production.png")
    finally:
        context.close()
    assert not problems, problems
