"""json_script through orjson: the workbench embeds its whole state (1,200 codings, every
sentence, the codebook) as JSON, and the standard library's encoder was the page's largest
single cost. Same escaping as Django's json_script, so the JSON cannot close the script."""

import orjson
from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

register = template.Library()
_fallback = DjangoJSONEncoder().default


@register.filter
def fast_json_script(value, element_id: str):
    try:
        body = orjson.dumps(value, default=_fallback).decode()
    except orjson.JSONEncodeError:  # an integer beyond 64 bits: Django's own encoder
        return json_script(value, element_id)
    # Django's json_script escapes ("</script>" or "<!--" in a string cannot end the element),
    # by str.replace: str.translate with a mapping goes character by character in Python.
    body = body.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    escaped = mark_safe(body)  # noqa: S308 (escaped for a script element above)
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, escaped)
