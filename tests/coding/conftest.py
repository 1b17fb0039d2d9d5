"""Builders for coding tests: a codebook of two clusters, a transcript, and a coding helper."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from coding.models import Cluster, Code
from transcripts import imports

INTERVIEW = (
    "Interviewer: What helped?\n\n"
    "Client: She understood me. The room was calm 😊 and safe. I trusted her after I told her.\n\n"
    "Interviewer: Anything hard?\n\n"
    "Client: Endings were abrupt. I cried in the car.\n"
).encode()


@dataclass
class Book:
    relationship: Cluster
    environment: Cluster
    understood: Code
    trust: Code
    safe: Code
    retired: Code


@pytest.fixture
def book(world) -> Book:
    study = world.study
    relationship = Cluster.objects.create(study=study, name="Relationship", order=1)
    environment = Cluster.objects.create(study=study, name="Environment", order=2)
    return Book(
        relationship=relationship,
        environment=environment,
        understood=Code.objects.create(
            study=study, cluster=relationship, name="Feeling understood"
        ),
        trust=Code.objects.create(study=study, cluster=relationship, name="Trust after disclosure"),
        safe=Code.objects.create(study=study, cluster=environment, name="Feeling safe"),
        retired=Code.objects.create(
            study=study, cluster=environment, name="Old code", active=False
        ),
    )


@pytest.fixture
def interview(world):
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"], files=[("P01.txt", INTERVIEW)]
    )
    return world.study.transcripts.get(pk=outcome.transcript_id)


def span_of(transcript, quote: str) -> tuple[int, int]:
    start = transcript.text.index(quote)
    return start, start + len(quote)


def code_it(world, persona, transcript, code, quote, memo=""):
    """POST a coding of `quote` as `persona`; returns the response."""
    start, end = span_of(transcript, quote)
    url = reverse("api-coding-list", kwargs={"study_pk": world.study.pk})
    body = {"transcript": transcript.pk, "code": code.pk, "start": start, "end": end, "memo": memo}
    return world.client(persona).post(url, body, format="json")
