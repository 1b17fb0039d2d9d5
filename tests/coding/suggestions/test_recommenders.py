"""The recommenders on plain data: exact spans, scores and evidence, no database."""

import numpy as np
import pytest

from coding.suggestions import recommenders
from coding.suggestions.recommenders import (
    Classifier,
    Memory,
    MomentCandidates,
    Rules,
    Text,
    memory_phrase,
)
from transcripts import nlp

TEXT = (
    "Interviewer: Was it frustrating? Was the room safe?\n"
    "Client: It felt safe. The room was calm and safe, so safe. That helped.\n"
    "Interviewer: And later?\n"
    "Client: Later it Felt\nSafe again. It was frustrating.\n"
)
SENTENCES = [
    (13, 32),
    (33, 51),
    (60, 73),
    (74, 110),
    (111, 123),
    (137, 147),
    (156, 181),
    (182, 201),
]
TURNS = [(13, 51), (60, 123), (137, 147), (156, 201)]


def doc(*, client=(1, 3)) -> Text:
    turns = np.array(TURNS, dtype=np.int64)
    return Text(
        7,
        TEXT,
        np.array(SENTENCES, dtype=np.int64),
        turns,
        turns[list(client)].reshape(-1, 2),
    )


def spans(proposals) -> list[tuple]:
    return [(p.label, p.start, p.end, p.score, p.evidence) for p in proposals]


def test_fixture_offsets_are_the_sentences_and_turns():
    text = doc()
    assert text.sentence_texts() == [
        "Was it frustrating?",
        "Was the room safe?",
        "It felt safe.",
        "The room was calm and safe, so safe.",
        "That helped.",
        "And later?",
        "Later it Felt\nSafe again.",
        "It was frustrating.",
    ]
    assert [TEXT[s:e] for s, e in TURNS][2] == "And later?"
    assert text.client_sentences().tolist() == [2, 3, 4, 6, 7]


def test_rules_propose_the_containing_sentence():
    rules = Rules({"code:1": ["safe", "calm"]}, {})
    found = rules.propose(doc())
    assert all(p.recommender == "rules" and p.transcript == 7 for p in found)
    assert spans(found) == [
        ("code:1", 33, 51, 0.5, "safe"),
        ("code:1", 60, 73, 0.5, "safe"),
        # Two different keywords: 0.75; "safe" twice still counts once.
        ("code:1", 74, 110, 0.75, "calm, safe"),
        ("code:1", 156, 181, 0.5, "safe"),
    ]
    assert found[0].version.startswith("rules-")


def test_rules_score_grows_with_distinct_keywords_only():
    text = "It was calm, quiet and safe. Safe, safe, SAFE."
    one = Text(1, text, np.array([(0, 28), (29, 46)]), np.array([(0, 46)]), np.zeros((0, 2)))
    found = Rules({"code:4": ["safe", "calm", "quiet"]}, {}).propose(one)
    assert spans(found) == [
        ("code:4", 0, 28, 0.875, "calm, quiet, safe"),
        ("code:4", 29, 46, 0.5, "safe"),
    ]


def test_the_same_keyword_with_other_spacing_or_case_counts_once():
    text = "It felt safe, it Felt  safe,\nfelt\nsafe."
    one = Text(1, text, np.array([(0, len(text))]), np.array([(0, len(text))]), np.zeros((0, 2)))
    found = Rules({"code:4": ["felt safe"]}, {}).propose(one)
    assert spans(found) == [("code:4", 0, len(text), 0.5, "felt safe")]


def test_rules_with_a_token_pattern():
    pattern = [{"LOWER": {"IN": ["helped", "help"]}}]
    found = Rules({}, {"code:2": [pattern]}).propose(doc())
    assert spans(found) == [("code:2", 111, 123, 0.5, "helped")]


def test_rules_turn_unit_proposes_the_turn():
    found = Rules({"code:1": ["safe", "calm"]}, {}, unit="turn").propose(doc())
    assert spans(found) == [
        ("code:1", 13, 51, 0.5, "safe"),
        ("code:1", 60, 123, 0.75, "calm, safe"),
        ("code:1", 156, 201, 0.5, "safe"),
    ]


def test_rules_version_depends_on_the_codebook_and_unit():
    a = Rules({"code:1": ["safe"]}, {})
    assert a.version == Rules({"code:1": ["safe"]}, {}).version
    assert a.version != Rules({"code:1": ["calm"]}, {}).version
    assert a.version != Rules({"code:1": ["safe"]}, {}, unit="turn").version


def test_rules_hit_outside_any_unit_and_no_keywords():
    # "Interviewer" (0-11) is in no sentence and no turn.
    assert Rules({"code:1": ["interviewer"]}, {}).propose(doc()) == []
    assert Rules({}, {}).propose(doc()) == []


def test_memory_exact_and_normalised_with_exact_offsets():
    memory = Memory({"code:1": ["felt safe.", "x"], "code:3": ["   "]}, for_user=5)
    assert memory.exact == {"code:1": {"felt safe"}}
    found = memory.propose(doc())
    assert spans(found) == [
        ("code:1", 63, 72, 0.9, "exact: felt safe"),
        ("code:1", 165, 174, 0.8, "normalised: Felt\nSafe"),
    ]
    assert TEXT[63:72] == "felt safe" and TEXT[165:174] == "Felt\nSafe"
    assert {p.for_user for p in found} == {5}
    assert {p.recommender for p in found} == {"memory"}
    assert found[0].version.startswith("memory-1-")


def test_memory_of_several_codes_and_users():
    memory = Memory({"code:1": ["The room was calm"], "code:2": ["THAT HELPED"]})
    found = memory.propose(doc())
    assert spans(found) == [
        ("code:1", 74, 91, 0.9, "exact: The room was calm"),
        ("code:2", 111, 122, 0.8, "normalised: That helped"),
    ]
    assert found[0].for_user is None
    assert Memory({}).propose(doc()) == []


def test_memory_suggests_a_longer_remembered_phrase_not_its_pieces():
    text = "Honestly the room was safe and calm. The room was safe and calm."
    one = Text(1, text, np.array([(0, 36), (37, 64)]), np.array([(0, 64)]), np.zeros((0, 2)))
    memory = Memory(
        {
            "code:1": ["The room was safe and calm", "Honestly the room was safe and calm"],
            "code:2": ["the room was safe"],
        }
    )
    assert spans(memory.propose(one)) == [
        ("code:1", 0, 35, 0.9, "exact: Honestly the room was safe and calm"),
        # Another code's phrase inside it is still suggested.
        ("code:2", 9, 26, 0.9, "exact: the room was safe"),
        ("code:1", 37, 63, 0.9, "exact: The room was safe and calm"),
        ("code:2", 37, 54, 0.8, "normalised: The room was safe"),
    ]


def test_memory_phrase_trims_and_drops():
    assert memory_phrase('  "It felt safe!" ') == "It felt safe"
    assert memory_phrase("—(calm room)…") == "calm room"
    assert memory_phrase("felt safe.") == "felt safe"
    # Fewer than 8 characters after trimming: too short to recur meaningfully.
    assert memory_phrase("so safe.") == ""
    assert memory_phrase("safe") == ""
    assert memory_phrase("feltsafe") == "feltsafe"  # exactly 8
    assert memory_phrase("...!!!") == ""
    long = " ".join(["word"] * recommenders.MEMORY_MAX_WORDS)
    assert memory_phrase(long) == long
    assert memory_phrase(long + " more") == ""


def test_moment_candidates_only_propose_client_sentences():
    found = MomentCandidates().propose(doc())
    assert {p.recommender for p in found} == {"moments"}
    # "frustrating" in the interviewer's first question gives nothing.
    assert spans(found) == [
        ("helpful", 60, 73, 0.6, "felt safe"),
        ("helpful", 111, 123, 0.6, "that helped, helped"),
        ("helpful", 156, 181, 0.6, "felt\nsafe"),
        ("hindering", 182, 201, 0.6, "frustrating"),
    ]


def test_moment_cue_in_an_interviewer_turn_gives_nothing():
    cues = {"hindering": ["frustrating"]}
    # Client turns 1 and 2 only: the cue sentences 0 (interviewer) and 7 (not client here).
    assert MomentCandidates(cues=cues).propose(doc(client=(1, 2))) == []
    assert MomentCandidates(cues=cues).propose(doc(client=())) == []
    found = MomentCandidates(cues=cues).propose(doc())
    assert spans(found) == [("hindering", 182, 201, 0.6, "frustrating")]


def _toy_classifier():
    texts = ["it felt safe", "safe and calm", "a safe room", "the bus", "my work", "lunch"]
    cats = [{"helpful"}] * 3 + [set()] * 3
    return nlp.train_classifier(texts, cats, ["helpful"], seed=0)


def test_classifier_reads_client_sentences_only_when_asked():
    model = _toy_classifier()
    every = Classifier(model, version="v1")
    rows, scores = every.scores(doc())
    assert rows.tolist() == list(range(8)) and scores.shape == (8, 1)
    client = Classifier(model, version="v1", recommender="moments", client_only=True)
    rows, scores = client.scores(doc())
    assert rows.tolist() == [2, 3, 4, 6, 7] and scores.shape == (5, 1)
    found = client.propose(doc())
    assert all(p.recommender == "moments" and p.version == "v1" for p in found)
    assert {(p.start, p.end) for p in found} <= {tuple(SENTENCES[i]) for i in (2, 3, 4, 6, 7)}
    assert all(p.score >= recommenders.MODEL_FLOOR for p in found)
    assert client.propose(doc(client=())) == []


def test_moment_candidates_keep_the_higher_of_cue_and_classifier():
    model = _toy_classifier()
    classifier = Classifier(model, version="m1", recommender="moments", client_only=True)
    rows, scores = classifier.scores(doc())
    with_model = MomentCandidates(classifier, cues={"helpful": ["helped"]})
    assert with_model.version.endswith("+m1")
    found = {(p.start, p.label): p for p in with_model.propose(doc())}
    for row, score in zip(rows, scores[:, 0], strict=True):
        start = SENTENCES[row][0]
        cue = 0.6 if start == 111 else 0.0
        best = max(cue, round(float(score), 4) if score >= recommenders.MODEL_FLOOR else 0.0)
        if best:
            assert found[(start, "helpful")].score == pytest.approx(best)
        else:
            assert (start, "helpful") not in found
    assert found[(111, "helpful")].evidence == "helped"


def test_memory_updates_only_the_codes_whose_coded_text_changed():
    memory = Memory({"code:1": ["felt safe"], "code:2": ["THAT HELPED"]})
    first = memory.version
    tokenised = len(memory.finder._docs)
    assert memory.update({"code:1": ["felt safe"], "code:2": ["THAT HELPED"]}) is False
    assert memory.version == first
    # code:1 remembers one more phrase, code:2 is gone, code:3 is new.
    assert memory.update({"code:1": ["felt safe", "The room was calm"], "code:3": ["that helped"]})
    assert memory.exact == {"code:1": {"felt safe", "The room was calm"}, "code:3": {"that helped"}}
    assert spans(memory.propose(doc())) == [
        ("code:1", 63, 72, 0.9, "exact: felt safe"),
        ("code:1", 74, 91, 0.9, "exact: The room was calm"),
        ("code:3", 111, 122, 0.8, "normalised: That helped"),
        ("code:1", 165, 174, 0.8, "normalised: Felt\nSafe"),
    ]
    # Only the two texts never seen were tokenised; the version names the new content.
    assert len(memory.finder._docs) == tokenised + 2
    assert memory.version.startswith("memory-3-") and memory.version != first
    # The same content from scratch has the same version.
    again = Memory({"code:1": ["felt safe", "The room was calm"], "code:3": ["that helped"]})
    assert again.version == memory.version
    assert (
        memory.update({}) and memory.propose(doc()) == [] and memory.version.startswith("memory-0-")
    )


def test_a_process_keeps_one_memory_per_study_and_coder_and_updates_it():
    from coding.suggestions import services

    services._MEMORIES.clear()
    one = services._memory(1, {"code:1": ["felt safe"]}, "", "en", None)
    assert services._memory(1, {"code:1": ["felt safe", "that helped"]}, "", "en", None) is one
    assert one.exact == {"code:1": {"felt safe", "that helped"}}
    other = services._memory(2, {"code:1": ["felt safe"]}, "", "en", None)
    coder = services._memory(1, {"code:1": ["felt safe"]}, "", "en", 7)
    assert other is not one and coder is not one and other.exact == {"code:1": {"felt safe"}}
    services._MEMORIES.clear()
