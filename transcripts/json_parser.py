"""The API's JSON parser (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]); apart from
transcripts/errors.py, which imports DRF's views, so that loading DRF's settings does not
import this module half-way."""

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested too deeply for Python's decoder (thousands of
    brackets) refused as a parse error (400) rather than a RecursionError (500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                "JSON parse error - the body is nested too deeply."
            ) from None
