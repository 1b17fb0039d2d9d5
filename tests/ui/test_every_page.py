"""Every page of the demo study, as each persona, the way a user reaches it: by following links.

Starting at the studies list, the crawler opens every same-site link a persona is shown (one
address per route; numbers and queries do not make a new route). Each link must work for the
persona who sees it (a page never links to a place the role cannot use), each HTML page must
have the site's frame (the header with the brand and the user's links, one h1 outside an embedded document, a main region) and run without
a script error or a refusal of the Content Security Policy (`open_as` fails the test on those).
Downloads are fetched, not drawn. With QUALCODE_SCREENSHOTS=1 each page is also saved as
tests/ui/artifacts/pages/<persona>/<route>.png, for the look-alike review of the whole product.
"""

import os
import re
from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.ui.conftest import ARTIFACTS

# Addresses a crawl must not follow: leaving the site's pages, or the admin's own look.
SKIP = re.compile(r"^/(api/|admin/|static/|accounts/logout|logout)")
LIMIT = 150  # routes per persona; the demo has far fewer (a runaway crawl fails, not hangs)


def route(address: str) -> str:
    """One key per route: /studies/3/transcripts/12/ and /studies/3/transcripts/7/ are one, and
    so are ?code=3&title=... and ?code=7&title=..., but each ?tab= is a page of its own."""
    parts = urlsplit(address)
    names = sorted({q if q.startswith("tab=") else q.split("=")[0] for q in parts.query.split("&")})
    query = "&".join(n for n in names if n)
    return re.sub(r"/\d+(?=/|$)", "/N", parts.path) + (f"?{query}" if query else "")


def crawl(persona: str, open_as, live_server) -> dict[str, int]:
    user = get_user_model().objects.get(username=persona)
    client = Client()
    client.force_login(user)
    shots = ARTIFACTS / "pages" / persona if os.environ.get("QUALCODE_SCREENSHOTS") else None
    seen: dict[str, str] = {"/": "/"}
    queue, statuses, refused = deque(["/"]), {}, []
    while queue:
        path = queue.popleft()
        response = client.get(path)
        statuses[route(path)] = response.status_code
        if response.status_code >= 400:
            refused.append(f"{path} ({response.status_code}, linked from {seen[path]})")
            continue
        download = "attachment" in response.get("Content-Disposition", "")
        if response.status_code in (301, 302) or download or "html" not in response["Content-Type"]:
            continue
        page = open_as(user, path)
        page.wait_for_load_state("load")
        frame = page.evaluate(
            "() => [document.querySelectorAll('header.top a.brand').length,"
            " document.querySelectorAll('h1:not(article h1)').length, document.querySelectorAll('main').length]"
        )
        assert frame == [1, 1, 1], f"{path} as {persona}: header, h1, main = {frame}"
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w=-]+", "_", route(path)).strip("_") or "home"
            page.screenshot(path=str(shots / f"{name}.png"))
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        page.context.close()
        for link in links:
            address = urlsplit(urldefrag(link).url)
            if address.netloc != urlsplit(live_server.url).netloc or SKIP.match(address.path):
                continue
            target = address.path + (f"?{address.query}" if address.query else "")
            if route(target) in {route(s) for s in seen}:
                continue
            seen[target] = path
            queue.append(target)
        assert len(seen) <= LIMIT, (
            f"more than {LIMIT} routes as {persona}: {sorted(map(route, seen))}"
        )
    assert not refused, f"links {persona} is shown but cannot use: {refused}"
    return statuses


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("persona", ["olivia", "casey", "val"])
def test_every_page_works_for_whoever_is_shown_its_link(demo, persona, open_as, live_server):
    statuses = crawl(persona, open_as, live_server)
    # The crawl reached the study's main places through links alone.
    for place in (
        "/studies/N/",
        "/studies/N/transcripts/N/",
        "/studies/N/codebook/",
        "/studies/N/memos/",
    ):
        assert statuses.get(place) == 200, (persona, place, sorted(statuses))
    if persona == "olivia":
        assert statuses.get("/studies/N/agreement/") == 200
