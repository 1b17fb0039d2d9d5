"""The workbench's turns as HTML, built in one pass (pure: plain tuples in, a string out).

The page's largest part: a template loop over ~400 turns, localising every offset, took most
of the page's server time. The markup is the one the workbench modules read (`.turn`,
`.text` with data-start/data-end in code points, its text exactly the stored text)."""

from html import escape


def clock(seconds: float) -> str:
    """Media time as h:mm:ss or m:ss, the way transcribers and players show it."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def turns_html(turns: list[tuple], text: str) -> str:
    """`turns`: (index, speaker, role, start, end, start_seconds, end_seconds[, participant
    code]) in text order. Each turn shows its number (to cite), its speaker, and its role where
    the label does not already say it; in a focus group the participant who speaks; timed
    turns their time."""
    parts = []
    for index, speaker, role, start, end, begins, ends, *rest in turns:
        who = rest[0] if rest else None
        member = (
            f' <span class="participant" title="focus-group participant">{escape(who)}</span>'
            if who
            else ""
        )
        label = escape(speaker) if speaker else "(untitled)"
        badge = "" if speaker.strip().lower() == role else f'<span class="role">{role}</span>'
        timing = (
            f'<span class="time" title="{begins}–{ends} s">{clock(begins)}–{clock(ends)}</span>'
            if begins is not None and ends is not None
            else ""
        )
        parts.append(
            f'<div class="turn role-{role}" id="turn-{index}">'
            f'<div class="speaker"><a class="num" href="#turn-{index}" title="Turn {index + 1}">'
            f'{index + 1}</a> <span class="label">{label}</span>{member} {badge}{timing}</div>'
            f'<div class="text" tabindex="-1" data-start="{start}" data-end="{end}">'
            f"{escape(text[start:end], quote=False)}</div></div>"
        )
    return "\n".join(parts)
