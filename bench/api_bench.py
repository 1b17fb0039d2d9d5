"""Server time of the API requests the peers' harness times, in process: the WSGI handler called
directly (no HTTP, no gunicorn) with a coder's API token, DEBUG off, on the 15,000-word bench
transcript with 3 coders x 400 codings.

    DATABASE_URL=sqlite:////tmp/api_bench.sqlite3 python bench/api_bench.py [--loads 300]
    ... python bench/api_bench.py --profile text|create|study   (cProfile, cumulative)
Prints p50 / p95 in ms for a 404 (the middleware alone), the study (token, door, one
serializer), the transcript text, its 1,200 codings and creating a coding; deletes its data afterwards. The
figures to compare with peers come from ../shared/peers; this one shows where a change moved
the server's own time (run it beside a checkout of the commit before, on the same machine)."""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import sys
import time

from common import build_workload, drop_workload, setup_django
from page_bench import report


def wsgi_caller(token: str):
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()

    def call(method: str, path: str, body: bytes = b"", query: str = "") -> tuple[str, bytes]:
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/json", "HTTP_AUTHORIZATION": f"Token {token}",
        }  # fmt: skip
        status = []
        content = b"".join(app(environ, lambda line, headers, *_: status.append(line)))
        return status[0], content

    return call


def timed(name: str, request, loads: int) -> None:
    request()  # warm: first-use imports and compiled queries are not what we measure
    samples = []
    for _ in range(loads):
        began = time.perf_counter()
        status, content = request()
        samples.append((time.perf_counter() - began) * 1000)
    report(name, samples, status, len(content))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=300)
    parser.add_argument("--profile", choices=["study", "text", "list", "create"])
    args = parser.parse_args()
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "api-bench-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    setup_django()
    import logging

    logging.disable(logging.WARNING)  # the 404s' "Not Found" lines
    from transcripts.accounts.tokens import issue_token

    study, transcript, users, codes = build_workload()
    try:
        call = wsgi_caller(issue_token(user=users[1]).key)
        api, rng = f"/api/v1/studies/{study.pk}", random.Random(3)

        def create():
            start = rng.randrange(len(transcript.text) - 100)
            span = {"transcript": transcript.pk, "code": rng.choice(codes).pk}
            body = json.dumps({**span, "start": start, "end": start + 60}).encode()
            return call("POST", f"{api}/codings/", body)

        requests = {
            "404 (middleware)": lambda: call("GET", "/api/v1/nothing/"),
            "study": lambda: call("GET", f"{api}/"),
            "text": lambda: call("GET", f"{api}/transcripts/{transcript.pk}/"),
            "list": lambda: call("GET", f"{api}/codings/", query=f"transcript={transcript.pk}"),
            "create": create,
        }
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(lambda: [requests[args.profile]() for _ in range(args.loads)])
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
            return
        for name, request in requests.items():
            timed(name, request, args.loads)
    finally:
        drop_workload(study, users)


if __name__ == "__main__":
    main()
