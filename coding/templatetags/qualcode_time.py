from django import template

register = template.Library()


@register.filter
def clock(seconds: float | None) -> str:
    """Media time as h:mm:ss or m:ss, the way transcribers and players show it."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
