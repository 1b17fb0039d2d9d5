"""The principle summary of a 100-transcript study: 3 coders x 400 codings per transcript,
6 clusters of 40 codes, a significant moment per ~50 sentences, twelve principles with their
evidence and quotes, and a core category. Prints the time of gathering the summary and of each
format, and the whole PDF path (gather + lay out) against its target (< 5 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qualcode_bench python bench/summary_bench.py
The study it creates is deleted afterwards."""

import argparse
import random
import time

from common import demo_sentences, setup_django, synthetic_interview


def build(args):
    from django.contrib.auth import get_user_model

    from coding.models import Cluster, Code, Coding, CoreCategory, Principle, SignificantMoment
    from transcripts import imports, studies
    from transcripts.models import Membership, Participant

    stamp = f"{time.time():.0f}"
    users = [get_user_model().objects.create_user(f"summary-{stamp}-{i}") for i in range(3)]
    study = studies.create_study(user=users[0], title=f"summary bench {stamp}", blind_coding=False)
    for user in users[1:]:
        Membership.objects.create(study=study, user=user, role="coder")
    clusters = Cluster.objects.bulk_create(
        Cluster(study=study, name=f"cluster {i}", order=i) for i in range(6)
    )
    codes = Code.objects.bulk_create(
        Code(study=study, name=f"code {i:02d}", cluster=clusters[i % 6]) for i in range(40)
    )
    sentences = demo_sentences()
    for i in range(args.transcripts):
        Participant.objects.create(study=study, code=f"P{i:03d}")
    files = [
        (f"P{i:03d}.txt", synthetic_interview(args.words, i, sentences).encode())
        for i in range(args.transcripts)
    ]
    for i, file in enumerate(files):
        imports.import_files(study=study, user=users[0], files=[file], participant_code=f"P{i:03d}")
    rng = random.Random(7)
    codings, moments = [], []
    for transcript in study.transcripts.only("id", "sentences"):
        bounds = transcript.sentences
        for _ in range(args.codings):
            first = rng.randrange(len(bounds) - 3)
            start, end = bounds[first][0], bounds[first + rng.randint(0, 2)][1]
            code = rng.choice(codes)
            for user in users:
                if rng.random() < 0.7:
                    codings.append(
                        Coding(transcript=transcript, code=code, coder=user, start=start, end=end)
                    )
        for first in range(0, len(bounds) - 3, 50):
            moments.append(
                SignificantMoment(
                    transcript=transcript,
                    rater=rng.choice(users),
                    start=bounds[first][0],
                    end=bounds[first + 3][1],
                    valence=rng.choice(["helpful", "hindering", "mixed"]),
                    intensity=rng.randint(1, 5),
                )
            )
    Coding.objects.bulk_create(codings, ignore_conflicts=True, batch_size=5000)
    SignificantMoment.objects.bulk_create(moments, ignore_conflicts=True, batch_size=5000)
    CoreCategory.objects.create(
        study=study, statement="Enough structure to reflect, enough safety to be known."
    )
    for i in range(12):
        cluster = clusters[i % 6]
        principle = Principle.objects.create(
            study=study,
            cluster=cluster,
            statement=f"Principle {i} of {cluster.name}.",
            implication="What a mentor does with it.",
            author=users[0],
            order=i,
        )
        evidence = list(Coding.objects.filter(transcript__study=study, code__cluster=cluster)[:200])
        principle.evidence.set(evidence)
        principle.quotes.set(evidence[:2])
    return study, users


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--codings", type=int, default=400, help="per transcript (each coder ~70%)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    from coding.models import Coding
    from coding.principles import summary_files
    from coding.principles.summary import build_summary
    from transcripts.models import Membership

    call_command("migrate", verbosity=0)
    study, users = build(args)
    try:
        member = Membership.objects.select_related("study", "user").get(study=study, user=users[0])
        build_summary(study=study, member=member, source="all")  # warm: imports, caches
        summary_files.render(build_summary(study=study, member=member, source="all"), "pdf")
        gather = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            summary = build_summary(study=study, member=member, source="all")
            gather.append(time.perf_counter() - started)
        n = Coding.objects.filter(transcript__study=study).count()
        print(
            f"study            {args.transcripts} transcripts, {n:,} codings, 3 coders, 40 codes, 12 principles"
        )
        print(
            f"gather summary   best {min(gather):.2f} s of {args.repeat} (frequencies, quotes, helpful/hindering, agreement)"
        )
        for fmt in ("md", "html", "docx", "pdf"):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                data = summary_files.render(summary, fmt)
                times.append(time.perf_counter() - started)
            print(f"render {fmt:<9} best {min(times) * 1000:7.0f} ms, {len(data):,} bytes")
        whole = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            summary_files.summary_file(study=study, member=member, fmt="pdf", source="all")
            whole.append(time.perf_counter() - started)
        print(f"PDF end to end   best {min(whole):.2f} s, worst {max(whole):.2f} s (target < 5 s)")
    finally:
        Coding.objects.filter(transcript__study=study).delete()
        study.delete()
        for user in users:
            user.delete()


if __name__ == "__main__":
    main()
