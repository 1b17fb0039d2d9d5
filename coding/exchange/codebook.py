"""A REFI-QDA code tree -> the study's clusters and codes (services, inside the caller's
transaction). Shared by the project (.qdpx) and codebook (.qdc) imports.

Rules: a code that is not codable, or has children, becomes a cluster (nesting kept through
the cluster's parent); a codable parent that codings point to directly also becomes a code
of its own cluster; leaves become codes of their nearest cluster. QualCode's own moment codes
(recognised by their description) become significant moments, not codes. Names already in the
study (any case) are reused, so importing a codebook twice adds nothing; a name repeated in
the file is qualified with its parent's name and reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from coding.codebook.services import Action, record
from coding.exchange import parse, refi
from coding.exchange.names import split_description
from coding.models import Cluster, Code, Valence
from transcripts.errors import DomainError
from transcripts.models import Membership, Study

MOMENT_CODE = re.compile(
    r"^Significant moment: (helpful|hindering|mixed), intensity ([1-5]) of 5\.$"
)
_CLUSTER_QUALIFIED = re.compile(r"^(?P<name>.+) \(cluster(?: \d+)?\)$")
DEFAULT_COLOUR = "#4e79a7"
MAX_CODEBOOK_BYTES = 5 * 1024 * 1024


@dataclass
class CodebookOutcome:
    codes: dict[str, int] = field(default_factory=dict)  # REFI guid -> Code id
    moments: dict[str, tuple[str, int]] = field(
        default_factory=dict
    )  # guid -> (valence, intensity)
    names: dict[str, str] = field(default_factory=dict)  # guid -> name shown in reports
    clusters_created: int = 0
    codes_created: int = 0
    notes: list[str] = field(default_factory=list)


def colour(value: str | None) -> str:
    value = (value or "").strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value.lower()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:].lower())
    return DEFAULT_COLOUR


def _is_moment_parent(code: refi.Code) -> bool:
    return (
        not code.codable
        and bool(code.children)
        and all(MOMENT_CODE.match(child.description) for child in code.children)
    )


class _Builder:
    def __init__(self, study: Study, origin: str, coded: set[str]) -> None:
        self.study, self.coded = study, coded
        self.ours = origin.startswith("QualCode")
        self.out = CodebookOutcome()
        self.clusters = {c.name.casefold(): c for c in Cluster.objects.filter(study=study)}
        self.codes = {c.name.casefold(): c for c in Code.objects.filter(study=study)}
        self.order = 0
        self.file_names: set[str] = set()

    def _unique(self, name: str, parent: str | None, kind: str) -> str:
        """A name repeated within the file gets its parent's name (within the 120 characters
        a name may have); reported."""
        key = (kind, name.casefold())
        if key not in self.file_names:
            self.file_names.add(key)
            return name
        n, qualified = 1, name
        while (kind, qualified.casefold()) in self.file_names:
            suffix = f" ({(parent or 'top level')[:50]}{'' if n == 1 else f' {n}'})"
            qualified, n = name[: 120 - len(suffix)] + suffix, n + 1
        self.file_names.add((kind, qualified.casefold()))
        self.out.notes.append(
            f"The {kind} name “{name}” repeats in the file; one is now “{qualified}”."
        )
        return qualified

    def cluster(self, node: refi.Code, parent: Cluster | None) -> Cluster:
        name = node.name
        match = _CLUSTER_QUALIFIED.match(name) if self.ours else None
        if match:  # our export qualified a cluster whose name a code also has
            name = match.group("name")
        name = self._unique(name[:120], parent.name if parent else None, "cluster")
        self.order += 1
        existing = self.clusters.get(name.casefold())
        if existing is not None:
            return existing
        cluster = Cluster.objects.create(
            study=self.study,
            name=name,
            description=node.description,
            order=self.order,
            parent=parent,
        )
        self.clusters[name.casefold()] = cluster
        self.out.clusters_created += 1
        return cluster

    def code(self, node: refi.Code, cluster: Cluster | None) -> Code:
        name = self._unique(node.name[:120], cluster.name if cluster else None, "code")
        self.order += 1
        existing = self.codes.get(name.casefold())
        if existing is None:
            fields = (
                split_description(node.description)
                if self.ours
                else {"definition": node.description}
            )
            existing = Code.objects.create(
                study=self.study,
                cluster=cluster,
                name=name,
                colour=colour(node.color),
                order=self.order,
                **fields,
            )
            self.codes[name.casefold()] = existing
            self.out.codes_created += 1
        self.out.codes[node.guid] = existing.pk
        self.out.names[node.guid] = name
        return existing

    def walk(self, nodes: tuple[refi.Code, ...], cluster: Cluster | None) -> None:
        for node in nodes:
            if _is_moment_parent(node):
                for child in node.children:
                    valence, intensity = MOMENT_CODE.match(child.description).groups()
                    self.out.moments[child.guid] = (Valence(valence).value, int(intensity))
                    self.out.names[child.guid] = child.name
                continue
            if node.codable and not node.children:
                self.code(node, cluster)
                continue
            inner = self.cluster(node, cluster)
            if node.codable and node.guid in self.coded:
                self.code(node, inner)
                self.out.notes.append(
                    f"“{node.name}” has sub-codes and codings of its own: it is a cluster and a "
                    "code of that cluster."
                )
            elif node.codable and node.children:
                self.out.names[node.guid] = node.name
            self.walk(node.children, inner)


def import_codes(
    *, study: Study, actor, codes: tuple[refi.Code, ...], origin: str, coded: set[str], source: str
) -> CodebookOutcome:
    """Create the clusters and codes of `codes` in the study; returns the guid mappings."""
    builder = _Builder(study, origin, coded)
    builder.walk(codes, None)
    out = builder.out
    parents = sum(1 for node, _ in refi.walk_codes(codes) if node.children and node.codable)
    if parents:
        out.notes.append(
            f"{parents} codable code(s) with sub-codes became clusters (QualCode codes do not nest)."
        )
    if out.codes_created or out.clusters_created:
        record(
            study,
            actor,
            Action.CREATE_CODE,
            f"Codebook imported from {source}: {out.clusters_created} clusters, "
            f"{out.codes_created} codes",
            clusters=out.clusters_created,
            codes=out.codes_created,
        )
    return out


@transaction.atomic
def import_codebook(*, member: Membership, data: bytes, filename: str = "codebook.qdc") -> dict:
    """A .qdc codebook into the member's study (owners restructure the codebook): codes and
    clusters whose names the study has already are kept as they are."""
    if not member.is_owner:
        raise PermissionDenied("Only an owner of the study can import a codebook.")
    if len(data) > MAX_CODEBOOK_BYTES:
        raise DomainError("file", f"A codebook file is limited to {MAX_CODEBOOK_BYTES:,} bytes.")
    try:
        origin, codes = parse.parse_codebook(data)
    except parse.ParseFailed as refusal:
        raise DomainError("file", refusal.reason) from None
    if not codes:
        raise DomainError("file", "The codebook holds no codes.")
    out = import_codes(
        study=member.study,
        actor=member.user,
        codes=codes,
        origin=origin,
        coded=set(),
        source=filename,
    )
    return {
        "origin": origin,
        "clusters": out.clusters_created,
        "codes": out.codes_created,
        "notes": out.notes,
    }
