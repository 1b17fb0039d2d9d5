"""Word vectors for the codes classifier, when the study's spaCy pipeline has them.

A pipeline with static vectors (QUALCODE_SPACY_MODEL or the study's setting) gives each
sentence, question and exemplar a dense vector (transcripts.nlp.text_vectors: the mean of its
words' vectors), so words the coded sentences never used still count by their neighbours in
meaning. The blank default pipeline has none and the classifier reads TF-IDF alone. The model
stores which pipeline it read (`spec`) so suggesting uses the same vectors."""

from collections.abc import Callable
from functools import partial

import numpy as np
from django.conf import settings

from transcripts import nlp

Embed = Callable[[list[str]], np.ndarray]


def spec_for(pipeline: str, lang: str) -> dict:
    """{"pipeline", "lang", "width"} when the pipeline (the study's; else the site's
    QUALCODE_SPACY_MODEL) has vectors, else {}."""
    pipeline = pipeline or settings.QUALCODE_SPACY_MODEL
    width = nlp.vector_width(pipeline, lang)
    return {"pipeline": pipeline, "lang": lang, "width": width} if width else {}


def embedder(spec: dict) -> Embed | None:
    """texts -> (n, width) vectors for a stored spec; None without one."""
    if not spec:
        return None
    return partial(nlp.text_vectors, pipeline=spec["pipeline"], lang=spec["lang"])
