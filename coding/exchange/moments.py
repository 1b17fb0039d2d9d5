"""Significant moments in a REFI-QDA export: codes under a "Significant moments" parent, one
per valence and intensity used (REFI-QDA has no moments; descriptions say what each is)."""

from collections.abc import Callable

from coding.exchange import refi
from coding.exchange.names import UniqueNames
from coding.models import Valence

MOMENT_DESCRIPTION = "Significant moment: {valence}, intensity {intensity} of 5."

Guid = Callable[[str, object], str]


def moment_code_guid(guid: Guid, valence: str, intensity: int) -> str:
    return guid("moment-code", f"{valence}-{intensity}")


def moments_parent(used: set[tuple[str, int]], names: UniqueNames, guid: Guid) -> refi.Code | None:
    """The parent code with a child per (valence, intensity) in `used`; None when unused.
    `names` is the codebook's: the names stay unique across the project."""
    if not used:
        return None
    parent_name = names.claim(refi.MOMENTS_PARENT, "QualCode")
    children = tuple(
        refi.Code(
            guid=moment_code_guid(guid, valence, intensity),
            name=names.claim(f"{Valence(valence).label} {intensity}", "moment"),
            codable=True,
            description=MOMENT_DESCRIPTION.format(valence=valence, intensity=intensity),
        )
        for valence in Valence.values
        for intensity in range(1, 6)
        if (valence, intensity) in used
    )
    return refi.Code(
        guid=guid("moments", 0),
        name=parent_name,
        codable=False,
        description="QualCode's significant moments: one code per valence and intensity; "
        "each selection's description holds the moment's note.",
        children=children,
    )
