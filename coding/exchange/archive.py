"""Safe reading and deterministic writing of .qdpx archives (zip).

Reading refuses, with a reason and before anything is stored: a file that is not a zip, path
traversal (absolute names, `..`, drive letters), too many entries, entries that unpack beyond
the size limit or compress suspiciously well (zip bombs), and archives without exactly one
.qde project. Sizes in the zip headers are not trusted: reads stop at the limit."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

MAX_ENTRIES = 20_000
MAX_RATIO = 200  # uncompressed / compressed, per entry above 1 MB
_RATIO_FLOOR = 1_000_000
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # deterministic bytes: no clock in the archive


class ArchiveRefused(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Archive:
    qde_name: str
    qde: bytes
    files: dict[str, bytes]  # every other entry, by its name in the archive

    def source(self, path: str) -> bytes | None:
        """The bytes of a source named by `plainTextPath`: internal:// (in sources/ or
        Sources/), a bare name (qc writes one) or a path inside the archive; None when it
        is outside the archive (relative://, absolute://) or missing."""
        if path.startswith(("relative://", "absolute://")) or not path:
            return None
        name = path.removeprefix("internal://").lstrip("/")
        folded = {key.casefold(): key for key in self.files}
        for candidate in (f"sources/{name}", name):
            key = folded.get(candidate.casefold())
            if key is not None:
                return self.files[key]
        return None


def _unsafe(name: str) -> bool:
    parts = re.split(r"[\\/]", name)
    return (
        name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) is not None or ".." in parts
    )


def read_qdpx(data: bytes, *, max_bytes: int) -> Archive:
    if len(data) > max_bytes:
        raise ArchiveRefused(f"The file is larger than the limit of {max_bytes:,} bytes.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ArchiveRefused("This is not a .qdpx archive (not a readable zip file).") from None
    if len(entries) > MAX_ENTRIES:
        raise ArchiveRefused(f"The archive holds more than {MAX_ENTRIES:,} files.")
    for info in entries:
        if _unsafe(info.filename):
            raise ArchiveRefused(f"The archive names a file outside itself ({info.filename!r}).")
        ratio_ok = info.file_size <= _RATIO_FLOOR or info.file_size <= MAX_RATIO * max(
            info.compress_size, 1
        )
        if not ratio_ok:
            raise ArchiveRefused(f"{info.filename} compresses suspiciously well (a zip bomb?).")
    qdes = [info for info in entries if info.filename.lower().endswith(".qde")]
    if len(qdes) != 1:
        found = "no .qde project file" if not qdes else f"{len(qdes)} .qde project files"
        raise ArchiveRefused(f"A .qdpx archive holds exactly one .qde project; this has {found}.")
    budget = max_bytes * 10
    files: dict[str, bytes] = {}
    for info in entries:
        files[info.filename] = _read(archive, info, budget)
        budget -= len(files[info.filename])
    qde_name = qdes[0].filename
    return Archive(qde_name, files.pop(qde_name), files)


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    try:
        with archive.open(info) as handle:
            data = handle.read(budget + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as error:
        raise ArchiveRefused(f"{info.filename} cannot be read: {error}") from None
    if len(data) > budget:
        raise ArchiveRefused("The archive unpacks to more than 10 times the upload limit.")
    return data


def write_qdpx(qde: bytes, sources: dict[str, bytes]) -> bytes:
    """project.qde then sources/<name> in name order, with fixed times: same input, same bytes."""
    out = io.BytesIO()
    # Level 1: text still shrinks about fourfold, at a fraction of the default level's time.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = [("project.qde", qde)] + [(f"sources/{n}", sources[n]) for n in sorted(sources)]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=1)
    return out.getvalue()
