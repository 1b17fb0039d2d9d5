"""A timed session (WebVTT: four ten-second turns), two dial files, and codings and moments by
the owner and the coder, for the API, page and command tests."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coding.models import Code, Coding, SignificantMoment
from transcripts import imports

SESSION_VTT = b"""WEBVTT

00:00:00.000 --> 00:00:10.000
<v Therapist>How was your week?

00:00:10.000 --> 00:00:20.000
<v Client>Hard. I nearly cancelled today.

00:00:20.000 --> 00:00:30.000
<v Therapist>I am glad you came. What made you come?

00:00:30.000 --> 00:00:40.000
<v Client>You listened last time. That helped.
"""

# On a 10 s grid: client 20 40 60 80 100, therapist 60 50 40 50 60.
CLIENT_CSV = b"seconds,value\n0,20\n40,100\n"
THERAPIST_CSV = b"0,60\n20,40\n40,60\n"


@dataclass
class Timed:
    transcript: object
    code: Code
    owner_coding: Coding
    coder_coding: Coding
    coder_moment: SignificantMoment


def span(transcript, quote: str) -> tuple[int, int]:
    start = transcript.text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def timed(world) -> Timed:
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"], files=[("S01.vtt", SESSION_VTT)]
    )
    transcript = world.study.transcripts.get(pk=outcome.transcript_id)
    code = Code.objects.create(study=world.study, name="Being welcomed")
    s, e = span(transcript, "I am glad you came. What made you come?")
    coder_coding = Coding.objects.create(
        transcript=transcript, code=code, coder=world.users["coder"], start=s, end=e
    )
    s, e = span(transcript, "You listened last time.")
    owner_coding = Coding.objects.create(
        transcript=transcript, code=code, coder=world.users["owner"], start=s, end=e
    )
    s, e = span(transcript, "I am glad you came.")
    moment = SignificantMoment.objects.create(
        transcript=transcript, rater=world.users["coder"], start=s, end=e, valence="helpful"
    )
    return Timed(transcript, code, owner_coding, coder_coding, moment)


def upload(client, world, transcript, role: str, data: bytes, name: str = "dial.csv"):
    url = f"/api/v1/studies/{world.study.pk}/transcripts/{transcript.pk}/ratings/"
    return client.post(
        url, {"rater_role": role, "file": SimpleUploadedFile(name, data)}, format="multipart"
    )


@pytest.fixture
def rated(world, timed) -> Timed:
    owner = world.client("owner")
    assert upload(owner, world, timed.transcript, "client", CLIENT_CSV).status_code == 201
    assert upload(owner, world, timed.transcript, "therapist", THERAPIST_CSV).status_code == 201
    return timed
