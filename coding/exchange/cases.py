"""Participants as REFI-QDA cases, their attributes as variables typed from their values (for
the export; exchange/notes.py reads them back)."""

from collections.abc import Callable

from django.db.models import Prefetch

from coding.exchange import refi
from coding.exchange.values import variable_type, written
from transcripts.models import Participant, Study, Transcript


def participant_cases(
    study: Study, guid: Callable[[str, object], str]
) -> tuple[tuple[refi.Variable, ...], tuple[refi.Case, ...]]:
    """(variables, cases) of the study's participants; `guid(kind, key)` names objects."""
    participants = list(
        Participant.objects.filter(study=study)
        .order_by("code")
        .prefetch_related(Prefetch("transcripts", Transcript.objects.only("id", "participant_id")))
    )
    keys = sorted({key for p in participants for key in p.attributes})
    types = {
        key: variable_type([p.attributes[key] for p in participants if key in p.attributes])
        for key in keys
    }
    variables = tuple(refi.Variable(guid("variable", key), key, types[key]) for key in keys)
    cases = tuple(
        refi.Case(
            guid=guid("participant", p.pk),
            name=p.code,
            values=tuple(
                (guid("variable", key), written(p.attributes[key], types[key]))
                for key in keys
                if key in p.attributes and p.attributes[key] is not None
            ),
            source_refs=tuple(
                guid("transcript", t.pk) for t in sorted(p.transcripts.all(), key=lambda t: t.pk)
            ),
        )
        for p in participants
    )
    return variables, cases
