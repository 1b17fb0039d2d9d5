"""Structural changes of the codebook against identical spans and concurrent coders: the
change and the codings both succeed in some order, or a coding is refused with a 400; never
a 500, nothing lost or doubled."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from coding.codebook import restructure
from coding.codings import services as codings
from coding.models import Code, Coding, Memo
from tests.coding.conftest import code_it
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError


def test_merge_collapses_one_coders_identical_spans_first(world, book, interview):
    for code, memo in ((book.safe, "room"), (book.understood, "her")):
        assert (
            code_it(world, "coder", interview, code, "The room was calm", memo).status_code == 201
        )
    coding = Coding.objects.get(code=book.safe)
    Memo.objects.create(study=world.study, author=world.users["coder"], coding=coding, text="m")
    url = reverse("api-code-merge", kwargs={"study_pk": world.study.pk})
    body = {"sources": [book.safe.pk], "target": book.understood.pk}
    assert world.client("owner").post(url, body, format="json").status_code == 200
    [kept] = Coding.objects.filter(transcript=interview)
    assert (kept.code_id, kept.memo) == (book.understood.pk, "her\n\nroom")
    assert Memo.objects.get(text="m").coding_id == kept.pk
    # The same through DELETE codes/A/?merge_into=B.
    assert code_it(world, "coder", interview, book.trust, "The room was calm").status_code == 201
    delete = reverse(
        "api-code-detail", kwargs={"study_pk": world.study.pk, "code_pk": book.trust.pk}
    )
    answer = world.client("owner").delete(f"{delete}?merge_into={book.understood.pk}")
    assert answer.status_code == 204
    assert Coding.objects.filter(transcript=interview).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: SQLite serialises every write"
)
def test_merge_while_coders_code_with_the_source(transactional_db, world, book, interview):
    text = interview.text
    sentences = interview.sentences
    _, owner = get_study_for_user(world.users["owner"], world.study.pk)
    _, coder = get_study_for_user(world.users["coder"], world.study.pk)
    outcomes: list[str] = []
    done: set[tuple[int, int]] = set()
    start = threading.Barrier(9)

    def code_sentence(index: int) -> None:
        try:
            start.wait()
            s, e = sentences[index % len(sentences)]
            codings.apply_code(
                member=coder, transcript_id=interview.pk, code_id=book.safe.pk, start=s, end=e
            )
            outcomes.append("coded")
            done.add((s, e))
        except DomainError as error:
            outcomes.append(f"refused: {error.field}")
        except Exception as error:  # anything else is the bug this test is about
            outcomes.append(f"error: {type(error).__name__}: {error}")
        finally:
            connection.close()

    def merge() -> None:
        try:
            start.wait()
            restructure.merge_codes(
                member=owner, source_ids=[book.safe.pk], target_id=book.understood.pk
            )
            outcomes.append("merged")
        except Exception as error:
            outcomes.append(f"error: {type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=code_sentence, args=(i,)) for i in range(8)]
    threads.append(threading.Thread(target=merge))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert outcomes.count("merged") == 1 and len(outcomes) == 9
    assert not Code.objects.filter(pk=book.safe.pk).exists()
    # Every coding that succeeded is there, under the target, once: nothing lost or doubled.
    spans = list(Coding.objects.filter(transcript=interview).values_list("code_id", "start", "end"))
    assert sorted(spans) == sorted((book.understood.pk, s, e) for s, e in done)
    assert all(text[s:e] for _, s, e in spans)
