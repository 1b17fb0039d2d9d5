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


def build_workload(*, codings_per_coder: int = 400, moments: int = 60):
    """A study with a 15,000-word transcript, 3 coders x `codings_per_coder` codings of 1-3
    sentences each and `moments` significant moments; blind phase off. Returns
    (study, transcript, users, codes)."""
    import time

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from coding.codebook.starter import load_starter_codebook
    from coding.models import Coding, SignificantMoment
    from transcripts import imports, studies
    from transcripts.models import Membership

    call_command("migrate", verbosity=0)
    User = get_user_model()
    stamp = f"{time.time():.0f}"
    users = [
        User.objects.create_user(f"bench-{stamp}-{i}", password="bench-pass") for i in range(3)
    ]
    study = studies.create_study(user=users[0], title=f"bench {stamp}", blind_coding=False)
    for user in users[1:]:
        Membership.objects.create(study=study, user=user, role="coder")
    load_starter_codebook(study=study)
    codes = list(study.codes.all())
    text = synthetic_interview(15_000, 7, demo_sentences()).encode()
    [outcome] = imports.import_files(study=study, user=users[0], files=[("P01.txt", text)])
    transcript = study.transcripts.get(pk=outcome.transcript_id)
    rng = random.Random(1)
    sentences = transcript.sentences
    rows, seen = [], set()
    for user in users:
        mine = 0
        while mine < codings_per_coder:
            first = rng.randrange(len(sentences) - 3)
            start, end = sentences[first][0], sentences[first + rng.randint(0, 2)][1]
            if (user.pk, start, end) in seen:
                continue
            seen.add((user.pk, start, end))
            mine += 1
            code = rng.choice(codes)
            rows.append(Coding(transcript=transcript, code=code, coder=user, start=start, end=end))
    Coding.objects.bulk_create(rows)
    SignificantMoment.objects.bulk_create(
        SignificantMoment(
            transcript=transcript,
            rater=users[i % 3],
            start=sentences[i * 15][0],
            end=sentences[i * 15 + 1][1],
            valence=("helpful", "hindering", "mixed")[i % 3],
            intensity=3,
        )
        for i in range(moments)
    )
    return study, transcript, users, codes


def drop_workload(study, users) -> None:
    from coding.models import Coding, SignificantMoment

    Coding.objects.filter(transcript__study=study).delete()
    SignificantMoment.objects.filter(transcript__study=study).delete()
    study.delete()
    for user in users:
        user.delete()
