"""The rules judged by the codings of coded transcripts (coding/suggestions/evidence.py)."""

import numpy as np
import pytest

from coding.suggestions import evidence
from coding.suggestions.data import Gold
from coding.suggestions.recommenders import Proposal, Rules, Text

TEXT = "The room was calm. I hated the room. The chair was soft."


def text(pk: int) -> Text:
    sentences = np.array([(0, 18), (19, 36), (37, 56)], dtype=np.int64)
    return Text(pk, TEXT, sentences, sentences[[0]], sentences[[0]])


def test_each_rule_hit_is_right_when_its_sentence_carries_the_code():
    rules = Rules({"code:1": ["room"], "code:2": ["chair"]}, {})
    labels = np.zeros((3, 2), dtype=bool)
    labels[0, 0] = True  # only "The room was calm." is coded, with code 1
    # Transcript 2 was never coded: its hits say nothing.
    gold = Gold(["code:1", "code:2"], {1: labels, 2: np.zeros((3, 2), bool)}, {1})
    found = evidence.rule_evidence(rules, [text(1), text(2)], gold)
    assert found == {"code:1": [1, 2], "code:2": [0, 1]}


def test_the_evidence_reweighs_rule_scores_like_decisions():
    hit = Proposal(1, 0, 18, "code:1", 0.5, "rules", "v")
    other = Proposal(1, 37, 56, "code:2", 0.5, "rules", "v")
    unseen = Proposal(1, 19, 36, "code:3", 0.5, "rules", "v")
    found = evidence.weighed([hit, other, unseen], {}, {"code:1": [1, 2], "code:2": [0, 1]})
    # (0.5 * 4 + right) / (4 + proposed): 3/6 and 2/5; no evidence, no change.
    assert [p.score for p in found] == [pytest.approx(0.5), pytest.approx(0.4), 0.5]


def test_decisions_and_evidence_add_up_and_only_fixed_scores_move():
    rule = Proposal(1, 0, 18, "code:1", 0.75, "rules", "v")
    memory = Proposal(1, 0, 18, "code:1", 0.9, "memory", "v", for_user=7)
    model = Proposal(1, 0, 18, "code:1", 0.3, "model", "v")
    feedback = {
        ("code:1", "rules", None): (0, 3),
        ("code:1", "memory", 7): (1, 1),
        ("code:1", "model", None): (0, 9),
    }
    ev = {"code:1": [1, 1]}
    # Rules: (0.75 * 4 + 0 + 1) / (4 + 3 + 1) = 0.5; the evidence never touches memory.
    assert evidence.rescored(rule, feedback, ev) == 0.5
    # Pooled, memory made for user 7 finds no pooled decisions; per user, it finds theirs.
    assert evidence.rescored(memory, feedback, ev) == 0.9
    assert evidence.rescored(memory, feedback, ev, per_user=True) == 0.92
    # A learned score is never re-weighed (retraining learns from the decisions instead).
    assert evidence.rescored(model, feedback, ev) == 0.3


def test_covered_sentences_follow_the_half_coverage_rule():
    doc = text(1)
    # 10 of the second sentence's 17 characters: covered; 8 of the first's 18: not.
    assert evidence.covered_sentences(doc, 10, 29).tolist() == [1]
    assert evidence.covered_sentences(doc, 0, 56).tolist() == [0, 1, 2]
