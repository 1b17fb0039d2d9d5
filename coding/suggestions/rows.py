"""What the context classifier reads about each sentence of a transcript: its text, the
question the interviewer asked before its turn, where it stands (a client's turn or not,
position in the interview) and, when the pipeline has them, its word vectors. Pure numpy."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from coding.suggestions.recommenders import Text

Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True, slots=True)
class Rows:
    """What the model reads about each sentence of a transcript."""

    texts: list[str]
    questions: list[str]
    where: np.ndarray  # (n, 3): in a client turn, position, position squared
    vectors: np.ndarray | None = None  # (n, width) the texts' word vectors, when read

    def take(self, index: np.ndarray, embed: Embed | None = None) -> "Rows":
        """The rows at `index` (in order), with their word vectors when `embed` reads them."""
        texts = [self.texts[i] for i in index]
        vectors = self.vectors[index] if self.vectors is not None else _vectors(embed, texts)
        return Rows(texts, [self.questions[i] for i in index], self.where[index], vectors)


def rows_of(doc: Text, embed: Embed | None = None) -> Rows:
    """Every sentence with the last non-client turn before its turn (the question asked),
    and its word vectors when `embed` reads them."""
    n = len(doc.sentences)
    if not n:
        return Rows([], [], np.zeros((0, 3)), _vectors(embed, []))
    client = np.zeros(n, dtype=bool)
    client[doc.client_sentences()] = True
    turn_starts = doc.turns[:, 0] if len(doc.turns) else np.zeros(0, dtype=np.int64)
    at = np.searchsorted(turn_starts, doc.sentences[:, 0], side="right") - 1
    is_client_turn = np.isin(turn_starts, doc.client_turns[:, 0]) if len(turn_starts) else []
    last_question, asked = -1, []
    questions_by_turn = []
    for k in range(len(turn_starts)):
        questions_by_turn.append(last_question)
        if not is_client_turn[k]:
            last_question = k
    for t, own in zip(at, client, strict=True):
        q = questions_by_turn[t] if t >= 0 else -1
        if not own and t >= 0:
            q = -1  # an interviewer's own sentence: its question is itself
        asked.append(doc.text[doc.turns[q, 0] : doc.turns[q, 1]] if q >= 0 else "")
    pos = np.arange(n) / max(n, 1)
    where = np.stack([client.astype(float), pos, pos**2], axis=1)
    texts = [doc.text[s:e] for s, e in doc.sentences]
    return Rows(texts, asked, where, _vectors(embed, texts))


def _vectors(embed: Embed | None, texts: list[str]) -> np.ndarray | None:
    return None if embed is None else np.asarray(embed(texts), dtype=np.float32)


def _join(parts: Sequence[Rows]) -> Rows:
    vectors = [p.vectors for p in parts]
    return Rows(
        [t for p in parts for t in p.texts],
        [q for p in parts for q in p.questions],
        np.concatenate([p.where for p in parts]) if parts else np.zeros((0, 3)),
        np.concatenate(vectors) if parts and all(v is not None for v in vectors) else None,
    )
