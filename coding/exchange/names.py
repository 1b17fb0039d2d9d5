"""Names unique across the whole code tree, case-insensitively: QualCoder's importer drops a
code whose name repeats anywhere in a project (and its codings lose their code), so a repeated
name is qualified ("Trust (cluster)", then "Trust (cluster 2)"). Pure."""


class UniqueNames:
    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, name: str, qualifier: str) -> str:
        """`name` if free, else `name (qualifier)`, `name (qualifier 2)`, ..."""
        candidate, n = name, 1
        while candidate.casefold() in self._taken:
            candidate = f"{name} ({qualifier})" if n == 1 else f"{name} ({qualifier} {n})"
            n += 1
        self._taken.add(candidate.casefold())
        return candidate


def compose_description(definition: str, inclusion: str, exclusion: str, example: str) -> str:
    """A code's definition and notes as one REFI-QDA description, in labelled paragraphs."""
    parts = [definition.strip()]
    for label, value in (("Inclusion", inclusion), ("Exclusion", exclusion), ("Example", example)):
        if value.strip():
            parts.append(f"{label}: {value.strip()}")
    return "\n\n".join(p for p in parts if p)


def split_description(description: str) -> dict[str, str]:
    """The inverse of compose_description: definition, inclusion, exclusion, example."""
    fields = {"definition": "", "inclusion": "", "exclusion": "", "example": ""}
    current = "definition"
    for paragraph in description.split("\n\n"):
        label, _, rest = paragraph.partition(": ")
        if label in ("Inclusion", "Exclusion", "Example") and rest:
            current = label.lower()
            fields[current] = rest
        else:
            fields[current] = f"{fields[current]}\n\n{paragraph}" if fields[current] else paragraph
    return fields
