"""Exchange: REFI-QDA projects (QDPX) and codebooks (QDC) out of and into a study.

Pure modules (no Django): `refi` (the plain data of a project), `guids`, `build` (data ->
XML), `parse` (XML -> data, tolerant), `positions` (producers' offsets -> code points),
`archive` (safe zip reading and deterministic writing). `export` reads a study through the
visibility layer, `importer` writes one; `jobs` runs an import in the background."""
