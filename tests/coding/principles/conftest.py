"""A small finished study for the summary: three participants, two clusters, codings by the
coder, two moments, two principles, a core category and a pseudonym.

Hand-worked frequencies (M = 3, CQR defaults): Relationship is coded for P01 and P02, 2 of 3
= general (all but one); Environment for P03 only, 1 of 3, no label.
P02's hard-wrapped line is joined at import: "me,\nmore" is stored as "me, more"."""

from dataclasses import dataclass

import pytest

from coding.models import Cluster, Code, Coding, CoreCategory, Principle, Pseudonym
from coding.models import SignificantMoment as Moment
from transcripts import imports

P01 = (
    "Interviewer: What helped?\n\n"
    "Client: Ruth understood me. I trusted her after I told her about Dad.\n\n"
    "Interviewer: Anything else?\n\nClient: I told Rosa about it later.\n"
)
P02 = (
    "Interviewer: What helped?\n\n"
    "Rosa: She really understood   me,\nmore than anyone.\n\n"
    "Interviewer: Thanks.\n\nRosa: Thank you.\n"
)
P03 = "Interviewer: And the room?\n\nClient: The room was cold and bare. I never settled.\n"


@dataclass
class Finished:
    world: object
    relationship: Cluster
    environment: Cluster
    codings: dict
    principles: list


def _import(world, code, text):
    [outcome] = imports.import_files(
        study=world.study,
        user=world.users["owner"],
        files=[(f"{code}.txt", text.encode())],
        participant_code=code,
    )
    assert outcome.status == "imported", outcome
    return world.study.transcripts.get(pk=outcome.transcript_id)


def _code(transcript, code, coder, quote):
    start = transcript.text.index(quote)
    return Coding.objects.create(
        transcript=transcript, code=code, coder=coder, start=start, end=start + len(quote)
    )


@pytest.fixture
def finished(world) -> Finished:
    study = world.study
    study.blind_coding = False
    study.save()
    relationship = Cluster.objects.create(study=study, name="Therapeutic relationship", order=1)
    environment = Cluster.objects.create(study=study, name="Therapy environment", order=2)
    understood = Code.objects.create(study=study, cluster=relationship, name="Feeling understood")
    trust = Code.objects.create(study=study, cluster=relationship, name="Trust after disclosure")
    room = Code.objects.create(study=study, cluster=environment, name="Room as care")
    t1, t2, t3 = _import(world, "P01", P01), _import(world, "P02", P02), _import(world, "P03", P03)
    coder = world.users["coder"]
    codings = {
        "understood1": _code(t1, understood, coder, "Ruth understood me."),
        "trust1": _code(t1, trust, coder, "I trusted her after I told her about Dad."),
        "understood2": _code(
            t2, understood, coder, "She really understood   me, more than anyone."
        ),
        "room3": _code(t3, room, coder, "The room was cold and bare. I never settled."),
    }
    start = t1.text.index("Ruth understood me. I trusted")
    Moment.objects.create(
        transcript=t1, rater=coder, start=start, end=start + 28, valence="helpful", intensity=4
    )
    start = t3.text.index("The room was cold")
    Moment.objects.create(
        transcript=t3, rater=coder, start=start, end=start + 27, valence="hindering", intensity=2
    )
    first = Principle.objects.create(
        study=study,
        cluster=relationship,
        statement="Clients risk being known when they feel understood.",
        implication="Say back what you heard before you advise.",
        author=world.users["owner"],
        order=0,
    )
    first.quotes.set([codings["understood1"]])
    first.evidence.set([codings["understood1"], codings["trust1"], codings["understood2"]])
    second = Principle.objects.create(
        study=study,
        cluster=environment,
        statement="A cared-for room tells the client they matter.",
        implication="Meet somewhere warm and quiet.",
        author=world.users["coder"],
        order=1,
    )
    second.evidence.set([codings["room3"]])
    CoreCategory.objects.create(
        study=study,
        statement="Just enough structure to become reflective.",
        author=world.users["owner"],
    )
    Pseudonym.objects.create(study=study, name="Ruth", replacement="[therapist]")
    return Finished(world, relationship, environment, codings, [first, second])
