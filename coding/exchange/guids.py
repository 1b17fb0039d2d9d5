"""GUIDs: derived deterministically (uuid5 of the study and the object), so exporting the
same study twice gives the same bytes; read in any case, with or without braces."""

import re
import uuid

# A fixed namespace of our own: the same (study, kind, id) always gives the same GUID.
NAMESPACE = uuid.UUID("6f1c2a9e-3b7d-5e21-9a4c-51a7c0de0001")
_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


def derive(study_id: int, kind: str, object_id: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"qualcode/{study_id}/{kind}/{object_id}")).upper()


def normalise(value: str | None) -> str | None:
    """Upper case without braces; None for a missing or malformed GUID."""
    if not value:
        return None
    match = _GUID.match(value.strip())
    return match.group(1).upper() if match else None
