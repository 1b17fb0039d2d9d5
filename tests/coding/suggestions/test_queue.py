"""The review queue on the suggestions page: a member's open suggestions across transcripts,
best first, through the visibility layer and the member's own decisions and codings."""

import pytest

from coding.models import Code, Coding, Suggestion, SuggestionDecision
from coding.suggestions.queue import review_queue
from tests.conftest import make_user
from transcripts import imports
from transcripts.models import Membership, Role

pytestmark = pytest.mark.django_db

TEXT = b"Interviewer: Hi?\n\nClient: The room was calm. I trusted her.\n"


@pytest.fixture
def queued(world):
    docs = [
        world.study.transcripts.get(pk=o.transcript_id)
        for o in imports.import_files(
            study=world.study,
            user=world.users["owner"],
            files=[("P51.txt", TEXT), ("P52.txt", TEXT.replace(b"calm", b"warm"))],
        )
    ]
    other = make_user("queue-second")
    Membership.objects.create(study=world.study, user=other, role=Role.CODER)
    room = Code.objects.create(study=world.study, name="Room")
    trust = Code.objects.create(study=world.study, name="Trust")
    calm = docs[0].text.index("The room")
    trusted = docs[0].text.index("I trusted")

    def made(doc, code, start, score, recommender="rules", for_user=None):
        return Suggestion(
            study=world.study,
            transcript=doc,
            code=code,
            start=start,
            end=start + 5,
            score=score,
            recommender=recommender,
            version="v",
            for_user=for_user,
        )

    Suggestion.objects.bulk_create(
        [
            made(docs[0], room, calm, 0.6),
            made(docs[0], room, calm, 0.8, "memory"),  # the same span: one item, best score
            made(docs[1], trust, trusted, 0.7),
            made(docs[1], room, calm, 0.4),  # below the threshold
            made(docs[0], trust, trusted, 0.9, "model", for_user=other),  # another coder's
            made(docs[1], room, trusted, 0.95),  # decided (rejected) by the coder
            made(docs[0], trust, trusted + 1, 0.65),  # covered by the coder's own coding
        ]
    )
    SuggestionDecision.objects.create(
        study=world.study,
        transcript=docs[1],
        user=world.users["coder"],
        code=room,
        start=trusted,
        end=trusted + 5,
        accepted=False,
        recommender="rules",
        score=0.95,
    )
    Coding.objects.create(
        transcript=docs[0],
        code=trust,
        coder=world.users["coder"],
        start=trusted,
        end=trusted + 14,
    )
    return world, docs


def test_queue_is_best_first_and_only_what_is_open_for_the_member(queued):
    world, docs = queued
    member = world.study.memberships.get(user=world.users["coder"])
    items = review_queue(member)
    assert [(i["title"], i["name"], i["score"], i["recommenders"]) for i in items] == [
        (docs[0].title, "Room", 0.8, ["rules", "memory"]),
        (docs[1].title, "Trust", 0.7, ["rules"]),
    ]
    assert items[0]["quote"] == "The r"
    assert len(review_queue(member, limit=1)) == 1


def test_queue_on_the_page_links_to_the_workbench(client, queued):
    world, docs = queued
    world.login(client, "coder")
    page = client.get(f"/studies/{world.study.pk}/suggestions/").content.decode()
    assert 'id="queue-table"' in page
    assert f"/transcripts/{docs[0].pk}/#suggestion-" in page
    world.login(client, "viewer")
    page = client.get(f"/studies/{world.study.pk}/suggestions/").content.decode()
    assert 'id="review-queue"' not in page
