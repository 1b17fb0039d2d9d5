"""Dial-rating analysis of a 60-minute session sampled at 10 Hz (36,000 samples per rater,
client and therapist), target < 200 ms. Times (1) the pure analysis on the full-resolution
grid (step 0.1 s: means, SDs, movement, Pearson and Spearman, top/bottom and divergence
segments), (2) parsing one rater's 36,000-row CSV, and (3) the whole session report as the API
builds it (series read from the database, analysis, segments linked to 600 timed turns and
1,200 codings), on a throw-away SQLite database unless DATABASE_URL is set.

    .venv/bin/python bench/microprocess_bench.py [--repeat 20] [--segment 30]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coding.microprocess import analysis, dialcsv  # noqa: E402

MINUTES, HZ = 60, 10


def dial(rng: np.random.Generator, n: int, level: float) -> np.ndarray:
    walk = np.cumsum(rng.normal(0, 0.6, n))
    walk = np.convolve(walk - walk.mean(), np.ones(51) / 51, mode="same")
    return np.clip(level + 30 * walk / (np.abs(walk).max() or 1), 0, 100).round(1)


def session(seed: int = 19) -> dict[str, analysis.Series]:
    rng = np.random.default_rng(seed)
    n = MINUTES * 60 * HZ
    seconds = np.arange(n) / HZ
    levels = {"client": 52.0, "therapist": 54.0}
    return {role: analysis.Series(seconds, dial(rng, n, level)) for role, level in levels.items()}


def timed(fn, repeat: int) -> tuple[float, float, float]:
    """(median, p95, max) milliseconds over `repeat` runs after one warm-up."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(0.95 * len(runs)))], runs[-1]


def report(label: str, figures: tuple[float, float, float], target: float | None = None) -> None:
    """The verdict is on the median: the machine is shared, so the tail measures neighbours."""
    median, p95, worst = figures
    verdict = "" if target is None else ("  ok" if median < target else f"  OVER {target:g} ms")
    print(f"{label:56} median {median:6.1f}  p95 {p95:6.1f}  max {worst:6.1f} ms{verdict}")


def pure(rated: dict, segment: float, repeat: int) -> None:
    result = analysis.analyse(rated, step=1 / HZ, segment=segment)
    print(
        f"grid {result.grid_points} points; means "
        + ", ".join(f"{r} {d.mean:.2f}" for r, d in result.describe.items())
        + f"; pearson {result.correlations[0].pearson:.3f}"
    )
    report(
        "pure analysis, step 0.1 s",
        timed(lambda: analysis.analyse(rated, step=1 / HZ, segment=segment), repeat),
        200,
    )
    report(
        "pure analysis, step 0.1 s, lag 2 s",
        timed(lambda: analysis.analyse(rated, step=1 / HZ, segment=segment, lag=2), repeat),
        200,
    )
    text = "seconds,value\n" + "\n".join(
        f"{s:g},{v:g}" for s, v in zip(rated["client"].seconds, rated["client"].values, strict=True)
    )
    report(
        "parse one 36,000-row CSV", timed(lambda: dialcsv.parse_dial_csv(text), max(3, repeat // 4))
    )


def through_django(rated: dict, segment: float, repeat: int) -> None:
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="qc-microprocess-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    from bench.common import setup_django

    setup_django()
    from django.core.management import call_command

    from coding.microprocess import report as session_report
    from coding.microprocess import selectors
    from coding.microprocess.models import RatingSeries, Session
    from coding.models import Code, Coding
    from tests.conftest import make_world
    from transcripts.models import Transcript, Turn

    call_command("migrate", verbosity=0)
    world = make_world(f"Bench {time.time():.0f}")
    turns = 600  # six seconds each: one hour
    text = "".join(f"Turn {i} words of the session here.\n" for i in range(turns))
    transcript = Transcript.objects.create(
        study=world.study,
        title="hour",
        text=text,
        source_name="h.vtt",
        source_format="vtt",
        sha256=f"{time.time()}",
    )
    size = len(text) // turns
    Turn.objects.bulk_create(
        Turn(
            transcript=transcript,
            index=i,
            role="client",
            start=i * size,
            end=(i + 1) * size - 1,
            start_seconds=i * 6.0,
            end_seconds=i * 6.0 + 6,
        )
        for i in range(turns)
    )
    code = Code.objects.create(study=world.study, name="bench")
    Coding.objects.bulk_create(
        Coding(
            transcript=transcript,
            code=code,
            coder=world.users[who],
            start=i * size,
            end=i * size + 10,
        )
        for i in range(turns)
        for who in ("owner", "coder")
    )
    session = Session.objects.create(transcript=transcript, number=1)
    for role, s in rated.items():
        RatingSeries.objects.create(
            session=session, rater_role=role, seconds=s.seconds.tolist(), values=s.values.tolist()
        )
    member = world.study.memberships.get(user=world.users["owner"])

    def run():
        data = selectors.session_data(world.study, transcript.pk)
        return session_report.session_report(data, member, step=1 / HZ, segment=segment, lag=0)

    report("session report (database, analysis, links), step 0.1 s", timed(run, repeat), 200)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--segment", type=float, default=30.0)
    args = parser.parse_args()
    rated = session()
    print(f"{MINUTES}-minute session at {HZ} Hz: {len(rated['client'].seconds)} samples per rater")
    pure(rated, args.segment, args.repeat)
    through_django(rated, args.segment, args.repeat)


if __name__ == "__main__":
    main()
