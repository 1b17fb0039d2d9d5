"""The API's orjson renderer writes what DRF's renderer writes (compact UTF-8), falls back to
DRF's encoder for what orjson does not know, and never fails where DRF would not."""

import json
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFRenderer

from transcripts.json_renderer import JSONRenderer

DATA = {
    "quote": "It felt safe 😊 — “and calm”.",
    "ids": [1, 2, 3],
    "score": 0.5,
    "none": None,
    "nested": {"ok": True, "list": [{"a": "b"}]},
}


def test_same_bytes_as_drf_for_plain_data():
    assert JSONRenderer().render(DATA) == DRFRenderer().render(DATA)
    assert JSONRenderer().render(None) == b""


def test_what_orjson_does_not_know_goes_through_drf():
    odd = {"d": Decimal("1.50"), "n": np.int64(7), "lazy": gettext_lazy("Not found.")}
    assert json.loads(JSONRenderer().render(odd)) == json.loads(DRFRenderer().render(odd))
    assert json.loads(JSONRenderer().render(odd)) == {"d": 1.5, "n": 7, "lazy": "Not found."}


def test_numbers_json_has_no_words_for():
    assert JSONRenderer().render({"x": float("nan")}) == b'{"x":null}'
    assert json.loads(JSONRenderer().render({"big": 2**80})) == {"big": 2**80}


def test_an_indented_answer_on_request():
    body = JSONRenderer().render(DATA, "application/json; indent=2")
    assert body.startswith(b'{\n  "quote"')
