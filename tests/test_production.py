"""The production profile (DEBUG off), secure by default: `check --deploy` is clean with only
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL set; HTTPS behind the proxy unless QUALCODE_HTTPS=0;
hashed static files through whitenoise; every page under a Content Security Policy without
'unsafe-inline', and no markup that would need it."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k" * 20 + "-production-test-secret-of-sufficient-length-0123456789"


def production_env(tmp_path, **extra) -> dict:
    """Only what an operator sets: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (no DEBUG)."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    return {
        **keep,
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "qualcode.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **extra,
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_is_clean_with_only_the_three_settings(tmp_path):
    done = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


PROFILE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "debug": s.DEBUG, "redirect": s.SECURE_SSL_REDIRECT, "hsts": s.SECURE_HSTS_SECONDS,
    "proxy": list(s.SECURE_PROXY_SSL_HEADER), "cookies": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in s.MIDDLEWARE,
    "static": s.STORAGES["staticfiles"]["BACKEND"], "tasks": s.TASKS["default"]["BACKEND"],
    "idle": s.SESSION_COOKIE_AGE, "token_hours": s.QUALCODE_TOKEN_TTL_HOURS,
}))
"""


def profile(env) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROFILE],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "qualcode.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_production_defaults(tmp_path):
    prod = profile(production_env(tmp_path))
    assert prod["debug"] is False
    assert prod["redirect"] is True and prod["hsts"] == 365 * 24 * 3600
    assert prod["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert prod["cookies"] == [True, True]
    assert prod["whitenoise"] and prod["static"] == "qualcode.staticfiles.HashedModuleStorage"
    assert prod["tasks"] == "django_tasks_db.DatabaseBackend"
    assert (prod["idle"], prod["token_hours"]) == (8 * 3600, 24 * 14)


def test_plain_http_switch_and_debug(tmp_path):
    plain = profile(production_env(tmp_path, QUALCODE_HTTPS="0"))
    assert (plain["redirect"], plain["hsts"], plain["cookies"]) == (False, 0, [False, False])
    assert plain["whitenoise"]  # still the production profile otherwise
    # A site that answers only to this machine's names has no TLS proxy in front: plain HTTP,
    # unless asked; a site name anywhere in ALLOWED_HOSTS brings the HTTPS rules back.
    local = profile(production_env(tmp_path, ALLOWED_HOSTS="127.0.0.1,localhost"))
    assert (local["redirect"], local["hsts"], local["cookies"]) == (False, 0, [False, False])
    forced = profile(production_env(tmp_path, ALLOWED_HOSTS="127.0.0.1", QUALCODE_HTTPS="1"))
    assert (forced["redirect"], forced["cookies"]) == (True, [True, True])
    mixed = profile(production_env(tmp_path, ALLOWED_HOSTS="127.0.0.1,qualcode.example.org"))
    assert mixed["redirect"] is True
    debug = profile(production_env(tmp_path, DEBUG="1"))
    assert (debug["redirect"], debug["whitenoise"]) == (False, False)
    redis = profile(production_env(tmp_path, QUALCODE_TASK_BACKEND="redis"))
    assert redis["tasks"] == "django_tasks_rq.RQBackend"


def test_settings_from_the_environment(tmp_path):
    custom = profile(
        production_env(tmp_path, QUALCODE_SESSION_IDLE_HOURS="1.5", QUALCODE_TOKEN_TTL_HOURS="48")
    )
    assert (custom["idle"], custom["token_hours"]) == (5400, 48.0)


def test_an_http_request_is_redirected_unless_the_proxy_says_https(world, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    world.login(client, "coder")
    url = reverse("study-list")
    plain = client.get(url)
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    proxied = client.get(url, HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"].startswith("max-age=31536000")


# ---- Content Security Policy -------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def assert_csp_safe(response):
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html)
    assert not STYLE_ATTRIBUTE.search(html), STYLE_ATTRIBUTE.search(html)


def test_the_workbench_page_is_under_the_policy(world, transcript, client):
    world.login(client, "coder")
    response = client.get(reverse("transcript-detail", args=[world.study.pk, transcript.pk]))
    assert response.status_code == 200
    assert_csp_safe(response)
    # its configuration is a JSON data block, which the policy does not block (never executed)
    assert '<script id="wb-config" type="application/json">' in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["study-list", "study-detail", "codebook", "reconcile", "suggestions", "agreement", "compare"],
)
def test_study_pages_are_under_the_policy(world, transcript, client, name):
    from coding.codebook.starter import load_starter_codebook

    load_starter_codebook(study=world.study)
    world.login(client, "owner")
    args = [] if name == "study-list" else [world.study.pk]
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert_csp_safe(response)


def test_login_and_password_pages_are_under_the_policy(world, client):
    assert_csp_safe(client.get(reverse("login")))
    world.login(client, "coder")
    assert_csp_safe(client.get(reverse("password-change")))


def test_htmx_adds_no_inline_style_and_evaluates_nothing(client):
    html = client.get(reverse("login")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html).group(1)
    assert json.loads(config)["includeIndicatorStyles"] is False
    assert json.loads(config)["allowEval"] is False


def test_no_template_needs_unsafe_inline():
    """Every template of ours: no inline script, event handler or style attribute."""
    templates = [
        path
        for package in ("qualcode", "transcripts", "coding")
        for path in (ROOT / package).rglob("templates/**/*.html")
    ]
    assert len(templates) > 20
    for path in templates:
        html = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, STYLE_ATTRIBUTE):
            assert not pattern.search(html), f"{path.relative_to(ROOT)}: {pattern.search(html)}"


def test_refusals_are_logged_in_one_line_and_server_errors_keep_their_traceback():
    import logging
    import sys

    from qualcode import settings as qualcode_settings

    def record(status: int) -> logging.LogRecord:
        try:
            raise PermissionError("refused")
        except PermissionError:
            exc_info = sys.exc_info()
        entry = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "x", (), exc_info)
        entry.status_code = status
        return entry

    refused, broken = record(403), record(500)
    assert qualcode_settings._no_client_error_tracebacks(refused) is True
    assert qualcode_settings._no_client_error_tracebacks(broken) is True
    assert refused.exc_info is None and broken.exc_info is not None


def test_the_favicon_is_served_where_browsers_look(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("qualcode/favicon.svg")


def test_error_pages_are_pages_of_the_site(world, client):
    world.login(client, "coder")
    missing = client.get("/studies/999999/")
    assert missing.status_code == 404 and "Back to your studies" in missing.content.decode()
    refused = client.get(f"/studies/{world.study.pk}/members/")  # a form's target: POST only
    assert refused.status_code == 405 and refused["Allow"] == "POST"
    assert "It takes POST (a form's button), not GET." in refused.content.decode()
    api = client.get(f"/api/v1/studies/{world.study.pk}/codings/bulk/")
    assert "Back to your studies" not in api.content.decode()


def test_pages_render_and_static_files_are_served_before_collectstatic(tmp_path):
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='qualcode.example.org', HTTP_X_FORWARDED_PROTO='https')\n"
        "page = c.get('/login/')\n"
        "css = c.get('/static/qualcode/app.css')\n"
        "print(page.status_code, '/static/qualcode/app.css' in page.content.decode(),"
        " css.status_code)\n"
    )
    env = production_env(tmp_path, STATIC_ROOT=str(tmp_path / "never-collected"))
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "qualcode.settings"}, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.stdout.split() == ["200", "True", "200"], done.stdout + done.stderr


def run_in_production(code: str, tmp_path):
    """What `code` prints as JSON, run by a fresh Python with the production settings."""
    env = {**production_env(tmp_path), "DJANGO_SETTINGS_MODULE": "qualcode.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


STARTUP = """
import json, sys
import qualcode.wsgi  # what a gunicorn worker loads: settings, apps, the URL configuration
heavy = ("sklearn", "scipy", "spacy", "thinc", "altair", "vl_convert", "weasyprint", "docx")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def test_a_web_worker_starts_without_the_heavy_libraries(tmp_path):
    """Training (scikit-learn, SciPy), spaCy, charts, the PDF and DOCX load only where used:
    together they would more than double a worker's memory (#18's 150 MiB for master and one
    worker) for pages that never need them."""
    assert run_in_production(STARTUP, tmp_path) == []


CHILD = """
import json, sys
import qualcode.wsgi  # production: spaCy's work runs in a forked child
from transcripts import nlp
text = "Client: It helped. Did it? Yes.\\nInterviewer: Why so?"
sentences = nlp.split_sentences(text, [(8, 31), (45, 52)])
print(json.dumps({
    "sentences": [[s.start, s.end] for s in sentences],
    "language": nlp.language_problem("zz") is not None,
    "pattern": nlp.pattern_problem([{"NOPE": 1}]) is not None,
    "spacy_here": "spacy" in sys.modules,
}))
"""


def test_a_production_web_worker_leaves_spacy_to_a_child(tmp_path):
    """Sentences and checks come back exactly as in process, and the worker never loads spaCy."""
    assert run_in_production(CHILD, tmp_path) == {
        "sentences": [[8, 18], [19, 26], [27, 31], [45, 52]],
        "language": True,
        "pattern": True,
        "spacy_here": False,
    }
