"""Helpers shared by the benchmark scripts: Django set-up and synthetic interview text."""

import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualcode.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def demo_sentences() -> list[str]:
    """Sentences of the demo interviews (plain-text ones), as realistic raw material."""
    sentences: list[str] = []
    for path in sorted((ROOT / "fixtures" / "demo" / "interviews").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"^\w+:\s*", "", line).strip()
            sentences += [s for s in re.split(r"(?<=[.?!])\s+", line) if len(s.split()) > 2]
    return sentences


def synthetic_interview(words: int, seed: int, sentences: list[str]) -> str:
    """An interview of about `words` words: alternating turns of shuffled demo sentences."""
    rng = random.Random(seed)
    turns, total, speaker = [], 0, "Interviewer"
    while total < words:
        count = rng.randint(1, 2) if speaker == "Interviewer" else rng.randint(3, 12)
        chunk = " ".join(rng.choice(sentences) for _ in range(count))
        turns.append(f"{speaker}: {chunk}")
        total += len(chunk.split())
        speaker = "Client" if speaker == "Interviewer" else "Interviewer"
    return "\n\n".join(turns) + f"\n\n[synthetic {seed}]\n"
