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
    turns = [
        [turn.index, turn.start_seconds, turn.end_seconds]
        for turn, _ in context.get("turns", [])
        if turn.start_seconds is not None and turn.end_seconds is not None
    ]
    return {
        "recording": recording,
        "video": recording.content_type.startswith("video/"),
        "player": {
            "src": reverse("recording", args=[study.pk, transcript.pk]),
            "turns": turns,
        },
    }
