"""Pure agreement figures for a whole study, without Django: 100 transcripts x ~1,000 sentences,
3 coders x ~400 codings per transcript (1-3 sentences each, ~70% of them shared), 40 codes in 8
clusters. Times coding/agreement's vectorised binary_alpha_by_code over every sentence of the
study against the krippendorff package called once per code (asserting equal values to 1e-9;
target >= 10x faster), then the unitized alphas on the pooled character continuum: |u-alpha per
code and cu-alpha per cluster.

    .venv/bin/python bench/agreement_pure_bench.py [--transcripts 100] [--repeat 5]
"""

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import krippendorff  # noqa: E402

from coding import agreement  # noqa: E402

CODERS = ("A", "B", "C")
CODES, CLUSTER_SIZE = 40, 5
# Shared codings drawn per transcript; about 12% fall to the one-code-per-cluster rule below.
REFERENCE = 455


def synthetic_study(transcripts: int, seed: int) -> tuple[list, list]:
    """([(sentence bounds, text length)], [(transcript, coder, code, first, span)])."""
    rng = np.random.default_rng(seed)
    popularity = 1 / np.arange(1, CODES + 1) ** 0.8  # a few codes are used far more than others
    popularity /= popularity.sum()
    texts, codings = [], []
    for t in range(transcripts):
        sentences = int(rng.integers(950, 1051))
        lengths = rng.integers(40, 161, sentences)
        starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
        texts.append((np.stack([starts, starts + lengths], axis=1), int(starts[-1] + lengths[-1])))
        code = rng.choice(CODES, REFERENCE, p=popularity)
        first = rng.integers(0, sentences - 3, REFERENCE)
        span = rng.integers(1, 4, REFERENCE)
        for coder in range(len(CODERS)):
            c_code, c_first, c_span = code.copy(), first.copy(), span.copy()
            draw = rng.random(REFERENCE)
            other_code = (draw >= 0.70) & (draw < 0.78)  # same cluster, another code
            c_code[other_code] = c_code[other_code] // CLUSTER_SIZE * CLUSTER_SIZE + rng.integers(
                0, CLUSTER_SIZE, other_code.sum()
            )
            reach = (draw >= 0.78) & (draw < 0.86)  # one sentence more or less
            c_span[reach] = np.clip(c_span[reach] + rng.choice([-1, 1], reach.sum()), 1, 3)
            own = draw >= 0.86  # a coding of their own somewhere else
            c_code[own] = rng.choice(CODES, own.sum(), p=popularity)
            c_first[own] = rng.integers(0, sentences - 3, own.sum())
            codings += _exclusive_within_cluster(t, coder, c_code, c_first, c_span)
    return texts, codings


def _exclusive_within_cluster(
    t: int, coder: int, codes: np.ndarray, firsts: np.ndarray, spans: np.ndarray
) -> list[tuple]:
    """Drop a coder's codings that overlap an earlier one of the same cluster (cu-alpha needs
    the codes of a cluster to be mutually exclusive for each coder)."""
    kept, end_of = [], defaultdict(lambda: -1)
    for first, code, span in sorted(
        zip(firsts.tolist(), codes.tolist(), spans.tolist(), strict=True)
    ):
        cluster = code // CLUSTER_SIZE
        if first > end_of[cluster]:
            kept.append((t, coder, code, first, span))
            end_of[cluster] = first + span - 1
    return kept


def presence_array(texts: list, codings: list) -> np.ndarray:
    bases = np.concatenate([[0], np.cumsum([len(bounds) for bounds, _ in texts])])
    presence = np.zeros((len(CODERS), int(bases[-1]), CODES), dtype=bool)
    t, coder, code, first, span = (np.array(column) for column in zip(*codings, strict=True))
    for step in range(3):
        reach = span > step
        presence[coder[reach], bases[t[reach]] + first[reach] + step, code[reach]] = True
    return presence


def timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()

    texts, codings = synthetic_study(args.transcripts, args.seed)
    presence = presence_array(texts, codings)
    per_coder = len(codings) / len(CODERS) / args.transcripts
    print(
        f"study: {args.transcripts} transcripts, {presence.shape[1]:,} sentences, "
        f"{len(CODERS)} coders x {per_coder:.0f} codings per transcript, {CODES} codes"
    )

    ours_time, ours = timed(lambda: agreement.binary_alpha_by_code(presence), args.repeat)

    def per_code_reference() -> list[float]:
        return [
            krippendorff.alpha(
                reliability_data=presence[:, :, k].astype(float), level_of_measurement="nominal"
            )
            for k in range(CODES)
        ]

    reference_time, reference = timed(per_code_reference, max(1, args.repeat // 2))
    worst = max(abs(a - b) for a, b in zip(ours, reference, strict=True))
    assert worst < 1e-9, f"binary_alpha_by_code differs from krippendorff.alpha by {worst}"
    ratio = reference_time / ours_time
    print(f"binary_alpha_by_code, 40 codes at once: {ours_time * 1000:8.1f} ms")
    print(f"krippendorff.alpha, one call per code:  {reference_time * 1000:8.1f} ms")
    print(
        f"speed-up {ratio:.1f}x (target >= 10x); largest difference {worst:.1e}; "
        f"alpha range {min(ours):.3f}..{max(ours):.3f}"
    )
    assert ratio >= 10, f"only {ratio:.1f}x faster"

    def unitized() -> tuple[list, list]:
        per_transcript = [[] for _ in texts]
        for t, coder, code, first, span in codings:
            bounds = texts[t][0]
            per_transcript[t].append(
                (CODERS[coder], int(bounds[first, 0]), int(bounds[first + span - 1, 1]), code)
            )
        units, total = agreement.pool(
            [(units, length) for units, (_, length) in zip(per_transcript, texts, strict=True)]
        )
        by_code, by_cluster = defaultdict(list), defaultdict(list)
        for unit in units:
            by_code[unit[3]].append(unit)
            by_cluster[unit[3] // CLUSTER_SIZE].append(unit)
        binary = [
            agreement.binary_unitized_alpha(by_code[k], total, coders=CODERS)[0]
            for k in range(CODES)
        ]
        cu = [agreement.cu_alpha(by_cluster[g], total, coders=CODERS) for g in sorted(by_cluster)]
        return binary, cu

    unitized_time, (binary, cu) = timed(unitized, max(1, args.repeat // 2))
    length = sum(length for _, length in texts)
    print(
        f"unitized on the pooled continuum ({length:,} characters): |u-alpha for {CODES} codes "
        f"+ cu-alpha for {len(cu)} clusters in {unitized_time * 1000:.1f} ms"
    )
    print(
        f"  |u-alpha range {min(binary):.3f}..{max(binary):.3f}; cu-alpha range "
        f"{min(a for a, _ in cu):.3f}..{max(a for a, _ in cu):.3f}, coverage "
        f"{min(c for _, c in cu):.1%}..{max(c for _, c in cu):.1%}"
    )


if __name__ == "__main__":
    main()
