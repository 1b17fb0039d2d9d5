"""spaCy's work asked for by a web request, done in a short-lived forked child process.

A web worker serves thousands of requests; once it imports spaCy (about 55 MiB and a second) it
keeps that memory for good, although only an import, a language check or a token pattern check
ever needs spaCy there. The WSGI entry point (qualcode/wsgi.py) turns this on for production web
workers: a call made while spaCy is not loaded in the process then runs in a forked child,
which loads spaCy, answers and exits. Task workers (which train and suggest, and keep spaCy
loaded), commands, tests and the development server (threads: no fork) stay in process."""

import functools
import importlib
import itertools
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

_enabled = False


def enable() -> None:
    global _enabled
    _enabled = True


def enabled() -> bool:
    return _enabled


def _disable() -> None:  # in the child: do the work here, never fork again
    global _enabled
    _enabled = False


def _run(module: str, name: str, args: tuple, kwargs: dict):
    # Looked up by name in the child: the module's attribute may be another decorator's
    # wrapper (lru_cache), which is what callers call.
    return getattr(importlib.import_module(module), name)(*args, **kwargs)


def in_child(function):
    """Run `function` in a forked child when enabled and spaCy is not loaded here. Arguments
    and results cross by pickling (strings, tuples and small dataclasses)."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        if not _enabled or "spacy" in sys.modules:
            return function(*args, **kwargs)
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(1, mp_context=fork, initializer=_disable) as child:
            name = (function.__module__, function.__qualname__)
            return child.submit(_run, *name, args, kwargs).result()

    return call


def ahead(function: Callable, calls: Iterable[tuple], *, window: int = 4) -> Iterator:
    """function(*call) for each call, in order, computed in one forked child that works up to
    `window` calls ahead of the caller: a many-file import splits the next files' sentences
    while it stores the current one (on two cores, about a fifth of a project import).

    `function` must be a module-level function that only computes (no database, no
    threads, no locks: a fork copies the locks other threads of this process may hold, and
    CPython resets only its own). Calls are read lazily. In process when there is only one
    call, or no fork (not POSIX)."""
    calls = iter(calls)
    first = list(itertools.islice(calls, 2))
    if len(first) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for call in itertools.chain(first, calls):
            yield function(*call)
        return
    fork = multiprocessing.get_context("fork")
    child = ProcessPoolExecutor(1, mp_context=fork, initializer=_disable)
    try:
        pending = deque(child.submit(function, *call) for call in first)
        for call in itertools.islice(calls, window - 2):
            pending.append(child.submit(function, *call))
        while pending:
            result = pending.popleft().result()
            for call in itertools.islice(calls, 1):
                pending.append(child.submit(function, *call))
            yield result
    finally:
        child.shutdown(cancel_futures=True)
