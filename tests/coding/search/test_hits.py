"""The hits of a study-wide search held as arrays (selectors.Hits): the same hits, in the same
order, as one Python step per hit gives, and any slice of them as tuples."""

from bisect import bisect_right

import numpy as np
import pytest

from coding.search import matching, selectors

pytestmark = pytest.mark.django_db


def reference(study, query: str, whole_words: bool = False) -> list[tuple[int, int, int, int]]:
    """Each transcript's text scanned once, each hit kept when it lies inside one turn."""
    hits = []
    for doc in study.transcripts.order_by("participant__code", "pk"):
        bounds = list(doc.turns.order_by("start").values_list("start", "end"))
        starts = [b[0] for b in bounds]
        for start, end in matching.find(doc.text, query, bounds[0][0], bounds[-1][1], whole_words):
            at = bisect_right(starts, start) - 1
            if at >= 0 and end <= bounds[at][1]:
                hits.append((doc.pk, start, end, starts[at]))
    return hits


@pytest.mark.parametrize(("query", "whole"), [("s", False), ("safe", False), ("i", True)])
def test_same_hits_as_a_step_per_hit(world, interview, second, query, whole):
    member = world.study.memberships.get(user=world.users["coder"])
    found = selectors.search_study(member, query=query, whole_words=whole)
    expected = reference(world.study, query, whole)
    assert len(found.hits) == len(expected) > 0
    assert list(found.hits) == expected
    assert found.transcripts == len({h[0] for h in expected})


def test_slices_and_indices_across_transcripts():
    hits = selectors.Hits(
        [
            (7, np.array([[1, 2, 0], [5, 6, 4]], dtype=np.int64)),
            (9, np.array([[3, 4, 0], [8, 9, 7], [11, 12, 10]], dtype=np.int64)),
        ]
    )
    every = [(7, 1, 2, 0), (7, 5, 6, 4), (9, 3, 4, 0), (9, 8, 9, 7), (9, 11, 12, 10)]
    assert len(hits) == 5 and list(hits) == every
    assert hits[1:4] == every[1:4] and hits[4:100] == every[4:] and hits[5:] == []
    assert hits[::2] == every[::2] and hits[-1] == every[-1] and hits[2] == every[2]
    assert all(isinstance(v, int) for v in hits[3])
    with pytest.raises(IndexError):
        hits[5]
    assert len(selectors.Hits([])) == 0 and selectors.Hits([])[0:10] == []
