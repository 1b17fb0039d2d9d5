"""A study of four participants (and one without a transcript, and a transcript without a
participant), coded by two coders, the owner and the consensus: small enough to work out every
table by hand. The codings are listed in `PLAN` so each test can read what it expects."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from coding.models import Coding, SignificantMoment
from tests.conftest import make_user
from transcripts import studies
from transcripts.models import Membership, Participant, Role, Transcript

TEXT = "The room felt safe. She understood me. I trusted her after that. " * 4


@dataclass
class Coded:
    world: object
    book: object
    transcripts: dict  # "P01".."P04" and "-" (no participant) -> Transcript
    coder2: object
    consensus: object


# (who, transcript key, code attribute of Book, start, end)
PLAN = [
    ("coder", "P01", "understood", 20, 38),
    ("coder", "P02", "understood", 20, 38),
    ("coder", "P01", "safe", 0, 19),
    ("coder", "P01", "safe", 65, 84),
    ("coder", "-", "safe", 0, 19),
    ("coder2", "P03", "understood", 20, 38),
    ("coder2", "P03", "trust", 39, 64),
    ("coder2", "P04", "trust", 39, 64),
    ("owner", "P01", "trust", 39, 64),
    ("consensus", "P01", "understood", 20, 38),
    ("consensus", "P02", "understood", 20, 38),
    ("consensus", "P03", "understood", 20, 38),
    ("consensus", "P04", "safe", 0, 19),
    ("coder2", "P03", "safe", 0, 25),  # overlaps coder2's "understood" on P03
]
# (rater, transcript key, start, end, valence, intensity)
MOMENTS = [
    ("coder", "P01", 0, 40, "helpful", 4),
    ("coder", "P02", 20, 38, "hindering", 2),
    ("coder2", "P03", 10, 64, "helpful", 5),
    ("coder2", "P04", 0, 30, "mixed", 3),
]
ATTRIBUTES = {
    "P01": {"orientation": "CBT", "months": 3},
    "P02": {"orientation": "CBT"},
    "P03": {"orientation": "psychodynamic"},
    "P04": {},
}
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def make_transcript(study, key: str, participant) -> Transcript:
    return Transcript.objects.create(
        study=study,
        participant=participant,
        title=f"Interview {key}",
        text=TEXT,
        source_name=f"{key}.txt",
        source_format="txt",
        sha256=f"{key:0>64}"[-64:],
    )


@pytest.fixture
def coded(world, book) -> Coded:
    study = world.study
    coder2 = make_user("coder2-analysis")
    Membership.objects.create(study=study, user=coder2, role=Role.CODER)
    # P05 has no transcript: not one of the M, nor of any attribute group
    Participant.objects.create(study=study, code="P05", attributes={"orientation": "humanistic"})
    transcripts = {
        key: make_transcript(
            study, key, Participant.objects.create(study=study, code=key, attributes=attributes)
        )
        for key, attributes in ATTRIBUTES.items()
    }
    transcripts["-"] = make_transcript(study, "-", None)
    consensus = studies.consensus_user(study)
    who = {**world.users, "coder2": coder2, "consensus": consensus}
    made = Coding.objects.bulk_create(
        Coding(
            transcript=transcripts[key],
            code=getattr(book, code),
            coder=who[person],
            start=start,
            end=end,
        )
        for person, key, code, start, end in PLAN
    )
    for minutes, coding in enumerate(made):  # coded in PLAN order, a minute apart
        coding.created_at = START + timedelta(minutes=minutes)
    Coding.objects.bulk_update(made, ["created_at"])
    SignificantMoment.objects.bulk_create(
        SignificantMoment(
            transcript=transcripts[key],
            rater=who[person],
            start=start,
            end=end,
            valence=valence,
            intensity=intensity,
        )
        for person, key, start, end, valence, intensity in MOMENTS
    )
    return Coded(world, book, transcripts, coder2, consensus)
