"""The names the principle summary replaces: the study's pseudonym list (name -> what to
print instead) and speaker labels that are names rather than roles ("Rosa:" in a transcript
becomes "[client]", its turn's role). A label counts as a name only when it looks like one
(capitalised words of letters, three letters or more): "A:" and "B:" must not turn every
article in the quotes into a role."""

from coding.models import Pseudonym
from coding.principles.summary_data import looks_like_name
from transcripts.models import Study, Turn
from transcripts.parsers import guess_role


def study_names(study: Study) -> dict[str, str]:
    names: dict[str, str] = {}
    labels = (
        Turn.objects.filter(transcript__study=study)
        .order_by("speaker", "role")
        .values_list("speaker", "role")
        .distinct()
    )
    for speaker, role in labels:
        if looks_like_name(speaker) and guess_role(speaker) == "other":
            names.setdefault(speaker.strip(), f"[{role}]")
    for name, replacement in Pseudonym.objects.filter(study=study).values_list(
        "name", "replacement"
    ):
        names[name] = replacement  # the list the team keeps wins over a guess
    return names
