"""nlp_child.ahead: results in order, made in one forked child a few calls ahead; in process
when there is one call. And a many-file import through it stores what
an import file by file stores."""

import multiprocessing
import os
import threading

from tests.conftest import make_user
from transcripts import imports, nlp_child, studies
from transcripts.models import Transcript


def pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def test_results_in_order_from_one_forked_child():
    results = list(nlp_child.ahead(pid_and_square, [(n,) for n in range(7)], window=3))
    assert [square for _, square in results] == [0, 1, 4, 9, 16, 25, 36]
    assert {pid for pid, _ in results} != {os.getpid()}
    assert len({pid for pid, _ in results}) == 1


def test_calls_are_read_lazily_a_window_ahead():
    read: list[int] = []

    def calls():
        for n in range(10):
            read.append(n)
            yield (n,)

    results = nlp_child.ahead(pid_and_square, calls(), window=3)
    assert next(results)[1] == 0
    assert len(read) <= 4  # the window, and the one read to refill it
    assert [square for _, square in results] == [n * n for n in range(1, 10)]


def test_one_call_stays_in_process():
    assert list(nlp_child.ahead(pid_and_square, [(3,)])) == [(os.getpid(), 9)]


def test_forks_while_a_daemon_thread_waits():
    # A task worker that trained a model has tqdm's monitor thread; a development server
    # has its request threads.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        results = list(nlp_child.ahead(pid_and_square, [(2,), (3,)]))
    finally:
        stop.set()
        other.join()
    assert [square for _, square in results] == [4, 9]
    assert {pid for pid, _ in results} != {os.getpid()}


def test_many_files_at_once_store_what_one_by_one_stores(db):
    user = make_user("ahead")
    texts = [
        f"Interviewer: How was week {n}? Did it help.\nClient: It did. Mr. Smith said so!\n"
        f"Interviewer: And then?\nClient: Then {n} things. Done."
        for n in range(5)
    ]
    files = [(f"P{n:02d}.txt", text.encode()) for n, text in enumerate(texts)]
    together = studies.create_study(user=user, title="together")
    apart = studies.create_study(user=user, title="apart")
    outcomes = imports.import_files(study=together, user=user, files=files)
    for file in files:
        imports.import_files(study=apart, user=user, files=[file])

    def stored(study):
        rows = Transcript.objects.filter(study=study).order_by("source_name")
        return [
            (
                t.source_name,
                t.text,
                t.sentences,
                list(t.turns.values_list("speaker", "start", "end")),
            )
            for t in rows
        ]

    assert [o.status for o in outcomes] == ["imported"] * 5
    assert stored(together) == stored(apart)
    first = Transcript.objects.get(study=together, source_name="P00.txt")
    # "How was week 0?" "Did it help." "It did." "Mr. Smith said so!" (Mr. ends no sentence)
    assert first.sentences[:4] == [[13, 28], [29, 41], [50, 57], [58, 76]]


def test_closing_early_stops_the_child():
    results = nlp_child.ahead(pid_and_square, [(n,) for n in range(50)], window=4)
    child, _ = next(results)
    assert child in {p.pid for p in multiprocessing.active_children()}
    results.close()
    assert child not in {p.pid for p in multiprocessing.active_children()}
