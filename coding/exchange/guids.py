"""GUIDs: derived deterministically (uuid5 of the study and the object), so exporting the
same study twice gives the same bytes; read in any case, with or without braces."""

import hashlib
import re
import uuid

# A fixed namespace of our own: the same (study, kind, id) always gives the same GUID.
NAMESPACE = uuid.UUID("6f1c2a9e-3b7d-5e21-9a4c-51a7c0de0001")
_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)

_PREFIX = NAMESPACE.bytes


def derive(study_id: int, kind: str, object_id: object) -> str:
    """uuid5(NAMESPACE, "qualcode/<study>/<kind>/<id>"), upper case; written out by hand
    because uuid.uuid5 (objects, properties) costs a second per 100,000 selections."""
    digest = bytearray(
        hashlib.sha1(_PREFIX + f"qualcode/{study_id}/{kind}/{object_id}".encode()).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex().upper()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def normalise(value: str | None) -> str | None:
    """Upper case without braces; None for a missing or malformed GUID."""
    if not value:
        return None
    if len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-":
        # The common case, faster than the pattern (a large project has 250,000 GUIDs):
        # fromhex takes 32 hex digits here, and nothing else leaves 32 of them.
        try:
            bytes.fromhex(value[:8] + value[9:13] + value[14:18] + value[19:23] + value[24:])
            return value.upper()
        except ValueError:
            return None
    match = _GUID.match(value.strip())
    return match.group(1).upper() if match else None
