"""The recording player beside a transcript (coding/microprocess): the recording comes with
the transcript (select_related) and the timed turns from the page's own context."""

from django import template
from django.urls import reverse

from coding.microprocess.models import Recording

register = template.Library()


@register.inclusion_tag("coding/microprocess/_player.html", takes_context=True)
def recording_player(context) -> dict:
    study, transcript = context["study"], context["transcript"]
    try:  # the workbench selects it with the transcript: no query of its own
        recording = transcript.recording
    except Recording.DoesNotExist:
        recording = None
    if recording is None:
        return {"recording": None}
    # The page's turns: (index, speaker, role, start, end, start_seconds, end_seconds).
    all_turns = context.get("turns", [])
    timed = [(t[0], t[5], t[6]) for t in all_turns if t[5] is not None and t[6] is not None]
    return {
        "recording": recording,
        "video": recording.content_type.startswith("video/"),
        "player": {
            "src": reverse("recording", args=[study.pk, transcript.pk]),
            "turns": [list(t) for t in timed],
            # Untimed transcripts get their times by tapping along (every turn, in order).
            "order": [t[0] for t in all_turns] if len(timed) < len(all_turns) else [],
            "timesApi": reverse("api-turn-times", args=[study.pk, transcript.pk]),
            "canWrite": context.get("can_write", False),
        },
    }
