"""The workbench's JSON script element: orjson's bytes, Django's escaping."""

import json

from django.utils.html import json_script

from coding.templatetags.fast_json import fast_json_script


def test_same_element_as_djangos_json_script():
    value = {"quote": "</script><!-- & “safe” 😊", "ids": [1, 2], "none": None, "x": 0.5}
    ours, django = str(fast_json_script(value, "wb-config")), str(json_script(value, "wb-config"))
    body = ours.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert ours == f'<script id="wb-config" type="application/json">{body}</script>'
    assert "</script>" not in body and "<!--" not in body and "&" not in body
    # UTF-8 where Django writes \u escapes: the same value either way
    assert json.loads(body) == json.loads(django.split(">", 1)[1][:-9]) == value


def test_an_integer_beyond_64_bits_still_renders():
    assert json.loads(str(fast_json_script({"n": 2**70}, "x")).split(">", 1)[1][:-9]) == {
        "n": 2**70
    }
