from django import template

from coding.codings import turns_html

register = template.Library()


@register.filter
def clock(seconds: float | None) -> str:
    """Media time as h:mm:ss or m:ss, the way transcribers and players show it."""
    return "" if seconds is None else turns_html.clock(seconds)
