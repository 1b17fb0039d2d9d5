"""The context classifier (pure): rows, calibration, thresholds, storage."""

import numpy as np

from coding.suggestions import context
from coding.suggestions.recommenders import Text


def text_of(*turns: tuple[str, str]) -> Text:
    """A transcript from (role, text) turns, one sentence per turn piece ending in '.' or '?'."""
    text, spans, client, sentences = "", [], [], []
    for role, said in turns:
        start = len(text)
        text += said
        spans.append((start, len(text)))
        if role == "client":
            client.append((start, len(text)))
        at = start
        for piece in said.replace("?", "?|").replace(".", ".|").split("|"):
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                sentences.append((at + lead, at + len(piece)))
            at += len(piece)
        text += "\n"
    arr = lambda xs: np.array(xs, dtype=np.int64).reshape(-1, 2)  # noqa: E731
    return Text(1, text, arr(sentences), arr(spans), arr(client))


def test_rows_carry_the_question_asked_and_where_the_sentence_is():
    doc = text_of(
        ("interviewer", "How was the room?"),
        ("client", "It was calm. I felt safe."),
        ("interviewer", "And her?"),
        ("client", "Kind."),
    )
    rows = context.rows_of(doc)
    assert rows.texts == ["How was the room?", "It was calm.", "I felt safe.", "And her?", "Kind."]
    # An interviewer's own sentence has no question before it; a client's has the last one.
    assert rows.questions == ["", "How was the room?", "How was the room?", "", "And her?"]
    assert rows.where.tolist() == [
        [0.0, 0.0, 0.0],
        [1.0, 0.2, 0.04000000000000001],
        [1.0, 0.4, 0.16000000000000003],
        [0.0, 0.6, 0.36],
        [1.0, 0.8, 0.6400000000000001],
    ]


def test_calibration_puts_each_labels_cut_on_one_half():
    raw = np.array([[0.1, 0.1, 0.9], [0.3, 0.9, 0.2]])
    cuts = np.array([0.2, 1.0, 0.2])
    # below the cut: 0.5 * raw / cut; above: 0.5 + 0.5 * (raw - cut) / (1 - cut)
    np.testing.assert_allclose(
        context.calibrated(raw, cuts), [[0.25, 0.05, 0.9375], [0.5625, 0.45, 0.5]]
    )


def test_the_cut_is_the_best_f1_among_thresholds_reaching_the_precision():
    gold = np.array([True, True, False, True, False, False])
    raw = np.array([0.9, 0.8, 0.7, 0.3, 0.2, 0.1])
    # 0.25: 4 predicted, 3 right: P 0.75, F1 6/7, the best (0.3 ties and comes later).
    assert context.choose_cut(gold, raw) == 0.25
    # One right answer is never enough evidence: the label stays below 0.5 everywhere.
    assert context.choose_cut(np.array([False, False, True]), np.array([0.9, 0.8, 0.1])) == 1.0


def corpus() -> list[Text]:
    docs = []
    for n in range(4):
        doc = text_of(
            ("interviewer", "How was the room?"),
            ("client", f"The room was calm number {n}. The bus was late."),
            ("interviewer", "And the ending?"),
            ("client", f"The ending felt abrupt again {n}. My sister drove."),
        )
        docs.append(Text(n + 1, doc.text, doc.sentences, doc.turns, doc.client_turns))
    return docs


def gold_for(docs: list[Text]) -> dict[int, np.ndarray]:
    # columns: room, ending; sentences: question, room, bus, question, ending, sister
    labels = np.zeros((6, 2), dtype=bool)
    labels[1, 0] = labels[4, 1] = True
    return {d.id: labels.copy() for d in docs}


def test_trained_model_finds_the_labels_and_survives_storage():
    docs = corpus()
    model = context.train(
        docs[:3], ["room", "ending"], gold_for(docs), [("The room. Calm.", {"room"})]
    )
    scores = model.scores(docs[3])
    # The room and ending sentences score highest for their own label.
    assert scores[:, 0].argmax() == 1 and scores[:, 1].argmax() == 4
    config, weights = model.to_bytes()
    assert context.is_context(config) and not context.is_context("[nlp]\nlang = en")
    again = context.ContextModel.from_bytes(config, weights)
    assert again.labels == ("room", "ending")
    assert np.array_equal(again.scores(docs[3]), scores)
    assert np.array_equal(again.cuts, model.cuts)


def test_training_is_deterministic():
    docs = corpus()
    first = context.train(docs[:3], ["room", "ending"], gold_for(docs))
    second = context.train(docs[:3], ["room", "ending"], gold_for(docs))
    assert np.array_equal(first.scores(docs[3]), second.scores(docs[3]))


def test_one_transcript_cannot_calibrate_so_the_raw_probability_stands():
    docs = corpus()
    model = context.train(docs[:1], ["room", "ending"], gold_for(docs))
    assert model.cuts.tolist() == [0.5, 0.5]
    rows = context.rows_of(docs[1])
    np.testing.assert_allclose(model.scores(docs[1]), model.raw(rows))


def test_a_client_only_classifier_scores_clients_sentences_as_the_whole_transcript_would():
    docs = corpus()
    model = context.train(docs[:3], ["room", "ending"], gold_for(docs), client_only=True)
    moments = context.ContextClassifier(model, version="v", client_only=True)
    rows, scores = moments.scores(docs[3])
    # Clients' sentences only: room, bus, ending, sister (not the two questions).
    assert rows.tolist() == [1, 2, 4, 5]
    np.testing.assert_allclose(scores, model.scores(docs[3])[rows])
    assert {(p.start, p.end) for p in moments.propose(docs[3])} <= {
        tuple(docs[3].sentences[i]) for i in rows
    }
