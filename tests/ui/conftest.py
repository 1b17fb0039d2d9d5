"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

No browser is ever downloaded: we launch /usr/bin/chromium. Sessions are created with the test
client and handed to the browser as a cookie, except in the test of the login form itself.

Tests wait on the page (a locator, the element the UI draws once the server answered, or the
response itself) and read the database only after that: on SQLite the live server shares the
test's in-memory connection, and reading while it writes fails with "database table is locked"."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (building data, checking results) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The machine may be slow and shared: `expect` waits as long as Playwright's actions do (30 s,
# not its 5 s default). A wait ends as soon as the page is ready, so this costs nothing when green.
expect.set_options(timeout=30_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/ui/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (CI does this).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_as(browser, live_server, client):
    """open_as(user, path) -> a Playwright page logged in as `user` at live_server + path.

    A script error on any page opened this way fails the test, and so does anything the
    Content Security Policy refused (an inline script, handler or style attribute)."""
    contexts = []
    errors = []

    def opener(user, path):
        client.force_login(user)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(error))
        page.on("console", lambda message: errors.extend(csp_violations([message])))
        page.goto(live_server.url + path)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not errors, f"script errors in the page: {errors}"


def csp_violations(messages) -> list[str]:
    """The console messages in which Chromium reports what the Content Security Policy refused."""
    return [m.text for m in messages if "Content Security Policy" in m.text]


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=False)
    return path
