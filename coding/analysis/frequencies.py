"""Frequencies per code and per cluster, pure: codings, distinct participants "n of m" and the
CQR label. Input is the participant x code count cells the selector aggregates in SQL."""

from dataclasses import dataclass, field

import numpy as np

from coding.analysis import cqr

NO_CLUSTER = "(no cluster)"


@dataclass(frozen=True, slots=True)
class Codebook:
    """Clusters (id, name) and codes (id, name, cluster id or None), each in codebook order;
    `parents` maps a cluster to the cluster above it (a core category)."""

    clusters: list[tuple[int, str]]
    codes: list[tuple[int, str, int | None]]
    parents: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Matrix:
    """Codings per participant (rows) and code (columns, codebook order); codings on
    transcripts without a participant count as codings but endorse no participant."""

    participants: list[int]
    codes: list[int]
    counts: np.ndarray
    unassigned: np.ndarray


@dataclass(frozen=True, slots=True)
class Row:
    cluster: str
    code: str | None
    codings: int
    participants: int
    of: int
    label: str

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}  # asdict deep-copies


def build_matrix(code_ids: list[int], cells: list[tuple[int, int | None, int]]) -> Matrix:
    """Cells (code id, participant id or None, codings) as a participant x code matrix."""
    participants = sorted({p for _, p, _ in cells if p is not None})
    row_of = {p: i for i, p in enumerate(participants)}
    column_of = {c: j for j, c in enumerate(code_ids)}
    counts = np.zeros((len(participants), len(code_ids)), dtype=np.int64)
    unassigned = np.zeros(len(code_ids), dtype=np.int64)
    for code, participant, n in cells:
        if code not in column_of:
            continue  # a code of no interest here (the caller scoped the codebook)
        if participant is None:
            unassigned[column_of[code]] += n
        else:
            counts[row_of[participant], column_of[code]] += n
    return Matrix(participants, list(code_ids), counts, unassigned)


def grouped(book: Codebook) -> list[tuple[str, list[int]]]:
    """(cluster name, column indexes of its codes) in codebook order; codes without a cluster
    last under NO_CLUSTER, only when there are some."""
    columns: dict[int | None, list[int]] = {cid: [] for cid, _ in book.clusters}
    for j, (_, _, cluster) in enumerate(book.codes):
        columns.setdefault(cluster if cluster in columns else None, []).append(j)
    groups = [(name, columns[cid]) for cid, name in book.clusters]
    if columns.get(None):
        groups.append((NO_CLUSTER, columns[None]))
    return groups


def below(parents: dict[int, int], cluster: int) -> set[int]:
    """The cluster and every cluster under it, however deep (parents: cluster -> parent)."""
    found = {cluster}
    for other in parents:
        ancestor, seen = parents.get(other), set()
        while ancestor is not None and ancestor not in seen:
            if ancestor == cluster:
                found.add(other)
            seen.add(ancestor)
            ancestor = parents.get(ancestor)
    return found


def cluster_columns(book: Codebook) -> list[tuple[str, list[int]]]:
    """Like `grouped`, but a cluster with clusters under it (a core category) also holds
    their codes: a participant endorses a core category through any cluster it ties."""
    own = dict(zip([cid for cid, _ in book.clusters], grouped(book), strict=False))
    out = []
    for cid, name in book.clusters:
        columns = sorted(j for other in below(book.parents, cid) for j in own[other][1])
        out.append((name, columns))
    return out + grouped(book)[len(book.clusters) :]


def frequency_rows(book: Codebook, matrix: Matrix, m: int, thresholds: cqr.Thresholds) -> list[Row]:
    """A cluster row, then its code rows, for each cluster in codebook order."""
    present = matrix.counts > 0
    code_codings = matrix.counts.sum(axis=0) + matrix.unassigned
    code_participants = present.sum(axis=0)
    rows = []
    for (cluster, columns), (_, own) in zip(cluster_columns(book), grouped(book), strict=True):
        n = int(present[:, columns].any(axis=1).sum()) if columns else 0
        codings = int(code_codings[columns].sum()) if columns else 0
        rows.append(Row(cluster, None, codings, n, m, cqr.label(n, m, thresholds)))
        for j in own:
            k = int(code_participants[j])
            rows.append(
                Row(
                    cluster,
                    book.codes[j][1],
                    int(code_codings[j]),
                    k,
                    m,
                    cqr.label(k, m, thresholds),
                )
            )
    return rows


def cluster_matrix(book: Codebook, matrix: Matrix) -> tuple[list[str], np.ndarray]:
    """(cluster names, participant x cluster codings) from the participant x code matrix."""
    groups = cluster_columns(book)
    counts = np.zeros((len(matrix.participants), len(groups)), dtype=np.int64)
    for g, (_, columns) in enumerate(groups):
        if columns:
            counts[:, g] = matrix.counts[:, columns].sum(axis=1)
    return [name for name, _ in groups], counts
