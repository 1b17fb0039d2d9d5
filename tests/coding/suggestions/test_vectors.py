"""Word vectors: a tiny spaCy pipeline with static vectors is built here (nothing can be
downloaded), and the codes classifier reads its vectors when the study names it: words the
coded sentences never used count by their neighbours in meaning."""

import numpy as np
import pytest
import spacy

from coding.models import SuggestionModel
from coding.suggestions import services as suggest
from coding.suggestions import training as suggest_training
from coding.suggestions import vectors
from tests.coding.suggestions.test_services import add, code, configure, member, unblind
from transcripts import nlp

pytestmark = pytest.mark.django_db

CALM, TRUST = [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]
WORDS = {
    "calm": CALM,
    "quiet": CALM,
    "tranquil": CALM,
    "peaceful": CALM,
    "trusted": TRUST,
    "relied": TRUST,
    "room": [0.0, 0.0, 1.0, 0.0],
}


@pytest.fixture
def pipeline(tmp_path):
    """A blank English pipeline with 4-wide vectors for a few words, saved as a directory."""
    made = spacy.blank("en")
    for word, vector in WORDS.items():
        made.vocab.set_vector(word, np.array(vector, dtype=np.float32))
    path = tmp_path / "tiny_vectors"
    made.to_disk(path)
    return str(path)


def test_text_vectors_are_unit_means_of_word_vectors(pipeline):
    assert nlp.vector_width(pipeline) == 4
    assert nlp.vector_width("") == 0  # the blank default has none
    found = nlp.text_vectors(["The calm room.", "Nothing known here!", "quiet"], pipeline=pipeline)
    # "calm" and "room": mean (0.5, 0, 0.5, 0), unit length (1/√2, 0, 1/√2, 0).
    half = 1 / np.sqrt(2)
    expected = [[half, 0, half, 0], [0, 0, 0, 0], [1, 0, 0, 0]]
    np.testing.assert_allclose(found, np.array(expected), rtol=1e-6)
    assert found.dtype == np.float32
    assert nlp.text_vectors(["The calm room."], pipeline="").shape == (1, 0)
    assert vectors.spec_for(pipeline, "en") == {"pipeline": pipeline, "lang": "en", "width": 4}
    assert vectors.spec_for("", "en") == {} and vectors.embedder({}) is None


# The coded sentences and the uncoded ones share their frame: only "calm" and "quiet" tell
# them apart (each uncoded one names something else), and the unseen interview says
# "tranquil" and "peaceful" instead. Half the interviews put the coded sentence last, so where
# a sentence stands tells nothing either.
OTHERS = ("weather", "traffic", "noise", "parking", "carpet", "lighting", "kettle", "clock")


def interview(i: int, calm: str, quiet: str) -> str:
    first, second = OTHERS[2 * i % 8], OTHERS[(2 * i + 1) % 8]
    one = [f"The {calm} mattered.", f"The {first} mattered.", f"The {second} mattered."]
    two = [f"{quiet.capitalize()} helped.", f"The {first} helped.", f"The {second} helped."]
    if i % 2:
        one, two = one[::-1], two[::-1]
    return (
        "Interviewer: How was it?\n\n"
        f"Client: {' '.join(one)} She trusted me.\n\n"
        "Interviewer: Anything else?\n\n"
        f"Client: {' '.join(two)}\n"
    )


def _suggested(world, book, pipeline_name: str) -> list[tuple[str, float]]:
    world.study.spacy_pipeline = pipeline_name
    world.study.save(update_fields=["spacy_pipeline"])
    outcome = suggest_training.train(world.study)
    [model] = [m for m in outcome.models if m.kind == SuggestionModel.Kind.CODES]
    suggest.refresh(world.study)
    unseen = world.study.transcripts.get(title__contains="P49")
    items = suggest.open_for(member(world, "coder"), unseen.pk, threshold=0)
    return model, [
        (unseen.text[s["start"] : s["end"]], s["score"]) for s in items if s["code"] == book.safe.pk
    ]


def test_the_classifier_reads_the_pipelines_vectors(world, book, pipeline):
    unblind(world)
    configure(world, min_examples=2, use_rules=False, use_memory=False, use_moments=False)
    docs = [add(world, f"P4{i}.txt", interview(i, "calm", "quiet")) for i in range(4)]
    add(world, "P49.txt", interview(4, "tranquil", "peaceful"))
    for doc in docs:
        code(world, "coder", doc, book.safe, "The calm mattered.")
        code(world, "coder", doc, book.safe, "Quiet helped.")
        code(world, "coder", doc, book.trust, "She trusted me.")

    plain, without = _suggested(world, book, "")
    assert "vectors" not in plain.config or '"vectors": {}' in plain.config
    model, with_vectors = _suggested(world, book, pipeline)
    assert f'"vectors": {{"pipeline": "{pipeline}", "lang": "en", "width": 4}}' in model.config
    loaded = suggest_training.as_recommender(model, version="v")
    assert loaded.model.embedding["width"] == 4 and loaded.model.embed is not None
    # Four more features than TF-IDF alone: the vector's.
    assert loaded.model.coef.shape[1] == len(loaded.model.words.vocabulary_) + 3 + 4 + (
        len(loaded.model.asked.vocabulary_) if loaded.model.asked is not None else 0
    )

    # "tranquil" and "peaceful" were never coded: TF-IDF alone reads "The ... mattered." as
    # the uncoded "The weather mattered."; the vectors put them beside "calm" and "quiet".
    scores, scores_v = dict(without), dict(with_vectors)
    # Without vectors "The tranquil mattered." stays under the floor the classifier stores
    # from (0.35) and "Peaceful helped." just under the threshold; with them both pass. The
    # uncoded sentences stay under the floor either way.
    assert scores == {"Peaceful helped.": pytest.approx(0.4961, abs=2e-3)}
    assert scores_v == {
        "The tranquil mattered.": pytest.approx(0.7848, abs=2e-3),
        "Peaceful helped.": pytest.approx(0.5241, abs=2e-3),
    }
    assert min(scores_v.values()) >= 0.5 > max(scores.values())
