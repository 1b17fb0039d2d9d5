"""Cluster-level gold and scores, and the coders' agreement with each other beside them."""

import numpy as np
import pytest

from coding.models import Cluster, Code, Coding
from coding.suggestions import levels
from coding.suggestions.config import settings_for
from coding.suggestions.data import cluster_gold, load_texts
from tests.coding.conftest import span_of
from transcripts import imports

pytestmark = pytest.mark.django_db

INTERVIEW = (
    "Interviewer: How was it?\n\nClient: The room was calm. I trusted her. The bus was late.\n"
)


def build(world):
    study = world.study
    [outcome] = imports.import_files(
        study=study, user=world.users["owner"], files=[("P31.txt", INTERVIEW.encode())]
    )
    doc = study.transcripts.get(pk=outcome.transcript_id)
    place = Cluster.objects.create(study=study, name="Environment", order=0)
    bond = Cluster.objects.create(study=study, name="Relationship", order=1)
    codes = [
        Code.objects.create(study=study, name="Room", cluster=place, order=0),
        Code.objects.create(study=study, name="Trust", cluster=bond, order=1),
        Code.objects.create(study=study, name="Warmth", cluster=bond, order=2),
    ]
    room, trust, warmth = codes
    for who, code, quote in (
        ("coder", room, "The room was calm."),
        ("coder", trust, "I trusted her."),
        ("owner", room, "The room was calm."),
        ("owner", warmth, "I trusted her."),
        ("owner", room, "The bus was late."),
    ):
        start, end = span_of(doc, quote)
        Coding.objects.create(
            transcript=doc, code=code, coder=world.users[who], start=start, end=end
        )
    return doc, codes, (place, bond)


def test_cluster_gold_and_the_coders_ceiling(world):
    doc, codes, (place, bond) = build(world)
    cfg = settings_for(world.study)
    docs = load_texts(world.study)
    gold = cluster_gold(world.study, cfg, docs, codes)
    assert gold.names == [f"cluster:{place.pk}", f"cluster:{bond.pk}"]
    # Sentences: the question, room, trusted, bus; any coder's codings count (union).
    assert gold.labels[doc.pk].tolist() == [
        [False, False],
        [True, False],
        [False, True],
        [True, False],
    ]
    ceiling = levels.human_ceiling(world.study, cfg, docs, codes)
    # The first coder by id (the owner) is gold: (room, warmth, room) against the coder's
    # (room, trust): tp 1, fp 1, fn 2 (F1 is the same either way round).
    assert world.users["owner"].pk < world.users["coder"].pk
    assert ceiling["coders"] == 2
    assert ceiling["code"] == pytest.approx({"precision": 0.5, "recall": 1 / 3, "f1": 0.4})
    # Clusters: trust and warmth are both Relationship: tp 2, fn 1 (the bus), fp 0.
    assert ceiling["cluster"] == pytest.approx({"precision": 1.0, "recall": 2 / 3, "f1": 0.8})


def test_predicted_codes_become_their_clusters():
    place, bond = Cluster(pk=7), Cluster(pk=9)
    codes = [Code(pk=1, cluster=place), Code(pk=2, cluster=bond), Code(pk=3, cluster=bond)]
    predicted = np.array([[True, False, False], [False, True, True], [False, False, False]])
    names = ["cluster:7", "cluster:9"]
    assert levels.to_clusters(predicted, ["code:1", "code:2", "code:3"], codes, names).tolist() == [
        [True, False],
        [False, True],
        [False, False],
    ]


def test_one_coder_has_no_ceiling(world):
    doc, codes, _ = build(world)
    Coding.objects.filter(coder=world.users["owner"]).delete()
    cfg = settings_for(world.study)
    assert levels.human_ceiling(world.study, cfg, load_texts(world.study), codes) is None


def test_predictions_follow_the_gold_rule_half_of_a_sentence():
    from coding.suggestions.folds import mark
    from coding.suggestions.recommenders import Proposal, Text

    # Two sentences of 10 characters: [0, 10) and [11, 21).
    doc = Text(1, "a" * 21, np.array([[0, 10], [11, 21]]), np.array([[0, 21]]), np.zeros((0, 2)))

    def p(label, start, end, score=0.9):
        return Proposal(1, start, end, label, score, "memory", "v")

    column = {"x": 0, "y": 1}
    marked = mark(
        doc,
        [
            p("x", 0, 4),  # 4 of 10: not enough alone ...
            p("x", 6, 12),  # ... with 4 more of the first sentence, 8 of 10; 1 of the second
            p("y", 11, 16),  # exactly half of the second
            p("y", 0, 9, score=0.3),  # below the threshold
        ],
        column,
        0.5,
    )
    assert marked.tolist() == [[True, False], [False, True]]
