"""Read a study, as one member may see it, into REFI-QDA project data and a .qdpx archive.

Everything goes through the visibility layer: in the blind phase a coder's export holds only
their own codings, moments and memos (the codebook, transcripts and participants are shared);
owners and viewers export everyone's work, the consensus included. GUIDs are derived from the
study and object ids, timestamps are the stored ones: the same study exports the same bytes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from coding.exchange import archive, build, guids, refi
from coding.exchange.cases import participant_cases
from coding.exchange.moments import moment_code_guid, moments_parent
from coding.exchange.names import UniqueNames, compose_description
from coding.exchange.values import quote_name, stamp
from coding.models import Cluster, Code, Coding, Memo, SignificantMoment
from transcripts import bulk
from transcripts.errors import DomainError
from transcripts.models import Membership, Transcript


@dataclass(frozen=True, slots=True)
class Exported:
    project: refi.Project
    sources: dict[str, bytes]  # file name in sources/ -> UTF-8 text without BOM, LF
    losses: tuple[str, ...]


class _Exporter:
    def __init__(self, member: Membership) -> None:
        self.member, self.study = member, member.study
        self._guids: dict[tuple[str, object], str] = {}
        self.user_ids: set[int] = set()
        self.notes_on: dict[tuple[str, int], list[str]] = defaultdict(list)

    def guid(self, kind: str, pk: object) -> str:
        """Derived once per object (users and codes recur on every selection)."""
        key = (kind, pk)
        found = self._guids.get(key)
        if found is None:
            found = self._guids[key] = guids.derive(self.study.pk, kind, pk)
        return found

    def run(self) -> Exported:
        study, member = self.study, self.member
        memos = list(Memo.objects.visible_to(member).order_by("created_at", "id"))
        for memo in memos:
            self.notes_on[self._memo_target(memo)].append(self.guid("memo", memo.pk))
        codes = self._codebook()
        sources, files = self._sources()
        if self.moment_tree is not None:
            codes = (*codes, self.moment_tree)
        variables, cases = participant_cases(self.study, self.guid)
        notes = tuple(self._note(memo) for memo in memos)
        self.user_ids |= {memo.author_id for memo in memos}
        return Exported(
            project=refi.Project(
                name=study.title,
                origin=refi.QUALCODE_ORIGIN,
                creating_user=self.guid("user", study.created_by_id)
                if study.created_by_id in self.user_ids
                else None,
                created=stamp(study.created_at),
                description=study.description,
                users=self._users(),
                codes=codes,
                variables=variables,
                cases=cases,
                sources=sources,
                notes=notes,
                note_refs=tuple(self.notes_on.get(("study", study.pk), ())),
                sets=self._code_note_sets(),
            ),
            sources=files,
            losses=export_losses(self.member),
        )

    def _memo_target(self, memo: Memo) -> tuple[str, int]:
        if memo.coding_id:
            return ("coding", memo.coding_id)
        if memo.code_id:
            return ("code", memo.code_id)
        if memo.transcript_id:
            return ("transcript", memo.transcript_id)
        return ("study", self.study.pk)

    def _codebook(self) -> tuple[refi.Code, ...]:
        clusters = list(Cluster.objects.filter(study=self.study).order_by("order", "name", "id"))
        codes = list(Code.objects.filter(study=self.study).order_by("order", "name", "id"))
        names = UniqueNames()
        code_names = {code.pk: names.claim(code.name, "code") for code in codes}
        cluster_names = {c.pk: names.claim(c.name, "cluster") for c in clusters}
        by_cluster: dict[int | None, list[Code]] = defaultdict(list)
        for code in codes:
            by_cluster[code.cluster_id].append(code)
        known = {c.pk for c in clusters}
        children: dict[int | None, list[Cluster]] = defaultdict(list)
        for cluster in clusters:
            children[cluster.parent_id if cluster.parent_id in known else None].append(cluster)

        def code_node(code: Code) -> refi.Code:
            return refi.Code(
                guid=self.guid("code", code.pk),
                name=code_names[code.pk],
                codable=True,
                color=code.colour,
                description=compose_description(
                    code.definition, code.inclusion, code.exclusion, code.example
                ),
            )

        def cluster_node(cluster: Cluster, seen: frozenset[int]) -> refi.Code:
            inner = [code_node(c) for c in by_cluster[cluster.pk]]
            inner += [
                cluster_node(child, seen | {child.pk})
                for child in children[cluster.pk]
                if child.pk not in seen
            ]
            return refi.Code(
                guid=self.guid("cluster", cluster.pk),
                name=cluster_names[cluster.pk],
                codable=False,
                description=cluster.description,
                children=tuple(inner),
            )

        tree = [cluster_node(c, frozenset({c.pk})) for c in children[None]]
        tree += [code_node(c) for c in by_cluster[None]]
        self._moment_names = names
        self.code_names = code_names
        return tuple(tree)

    def _code_note_sets(self) -> tuple[refi.Set, ...]:
        """Memos on a code as a set of the code and its notes: QualCoder's importer drops a
        code element that holds a NoteRef."""
        return tuple(
            refi.Set(
                guid=self.guid("code-notes", pk),
                name=f"Memos on “{self.code_names[pk]}”",
                code_guids=(self.guid("code", pk),),
                note_guids=tuple(notes),
            )
            for (kind, pk), notes in sorted(self.notes_on.items(), key=lambda item: str(item[0]))
            if kind == "code" and pk in self.code_names
        )

    def _sources(self) -> tuple[tuple[refi.Source, ...], dict[str, bytes]]:
        member = self.member
        transcripts = list(
            Transcript.objects.filter(study=self.study)
            .only("id", "title", "text", "source_name", "imported_at", "imported_by_id")
            .order_by("id")
        )
        codings = defaultdict(list)
        for row in (
            Coding.objects.visible_to(member)
            .order_by("start", "end", "id")
            .values(
                "id", "transcript_id", "code_id", "coder_id", "start", "end", "memo", "created_at"
            )
        ):
            codings[row["transcript_id"]].append(row)
        moments = defaultdict(list)
        for row in (
            SignificantMoment.objects.visible_to(member)
            .order_by("start", "end", "id")
            .values(
                "id",
                "transcript_id",
                "rater_id",
                "start",
                "end",
                "valence",
                "intensity",
                "note",
                "created_at",
            )
        ):
            moments[row["transcript_id"]].append(row)
        used = {(m["valence"], m["intensity"]) for rows in moments.values() for m in rows}
        parent = moments_parent(used, self._moment_names, self.guid)
        self.moment_tree = parent
        sources, files = [], {}
        for transcript in transcripts:
            guid = self.guid("transcript", transcript.pk)
            selections = [self._coding(transcript.text, row) for row in codings[transcript.pk]]
            selections += [self._moment(transcript.text, row) for row in moments[transcript.pk]]
            sources.append(
                refi.Source(
                    guid=guid,
                    name=transcript.title,
                    plain_text_path=f"internal://{guid}.txt",
                    description=f"Imported from {transcript.source_name}"
                    if transcript.source_name
                    else "",
                    selections=tuple(selections),
                    note_refs=tuple(self.notes_on.get(("transcript", transcript.pk), ())),
                    created=stamp(transcript.imported_at),
                )
            )
            files[f"{guid}.txt"] = transcript.text.encode("utf-8")
        return tuple(sources), files

    def _coding(self, text: str, row: dict) -> refi.Selection:
        self.user_ids.add(row["coder_id"])
        user = self.guid("user", row["coder_id"])
        return refi.Selection(
            guid=self.guid("coding", row["id"]),
            start=row["start"],
            end=row["end"],
            name=quote_name(text[row["start"] : row["end"]]),
            user_guid=user,
            created=stamp(row["created_at"]),
            description=row["memo"],
            codings=(
                refi.Coding(
                    guid=self.guid("coding-ref", row["id"]),
                    code_guid=self.guid("code", row["code_id"]),
                    user_guid=user,
                    created=stamp(row["created_at"]),
                ),
            ),
            note_refs=tuple(self.notes_on.get(("coding", row["id"]), ())),
        )

    def _moment(self, text: str, row: dict) -> refi.Selection:
        self.user_ids.add(row["rater_id"])
        user = self.guid("user", row["rater_id"])
        return refi.Selection(
            guid=self.guid("moment", row["id"]),
            start=row["start"],
            end=row["end"],
            name=quote_name(text[row["start"] : row["end"]]),
            user_guid=user,
            created=stamp(row["created_at"]),
            description=row["note"],
            codings=(
                refi.Coding(
                    guid=self.guid("moment-ref", row["id"]),
                    code_guid=moment_code_guid(self.guid, row["valence"], row["intensity"]),
                    user_guid=user,
                    created=stamp(row["created_at"]),
                ),
            ),
        )

    def _note(self, memo: Memo) -> refi.Note:
        first = memo.text.strip().splitlines()[0] if memo.text.strip() else "Memo"
        return refi.Note(
            guid=self.guid("memo", memo.pk),
            name=first[:60],
            text=memo.text,
            user_guid=self.guid("user", memo.author_id),
            created=stamp(memo.created_at),
        )

    def _users(self) -> tuple[refi.User, ...]:
        consensus = self.study.consensus_user_id
        rows = get_user_model().objects.filter(pk__in=self.user_ids).order_by("pk")
        return tuple(
            refi.User(
                guid=self.guid("user", user.pk),
                name=user.username,
                id=refi.CONSENSUS_USER_ID if user.pk == consensus else user.username,
            )
            for user in rows
        )


def export_losses(member: Membership) -> tuple[str, ...]:
    """The data-loss report of an export: what REFI-QDA cannot hold of this study."""
    lines = [
        "Speaker turns, roles and sentences are not part of REFI-QDA: an importer rebuilds "
        "them from the text; cue timings of VTT/SRT transcripts are lost.",
        "Codes' keywords, token patterns, active flag and order, the study's settings, "
        "members' roles, reconciliation decisions, suggestions and the codebook history "
        "stay in QualCode.",
        "Significant moments are codes under “Significant moments” (one per valence and "
        "intensity); each moment's note is its selection's description.",
    ]
    if member.sees_only_own:
        lines.insert(0, "Blind phase: this export holds only your own codings, moments and memos.")
    return tuple(lines)


def export_project(member: Membership) -> Exported:
    return _Exporter(member).run()


def qdpx_bytes(member: Membership) -> tuple[bytes, tuple[str, ...]]:
    with bulk.collector_paused():  # a large study is a million short-lived objects
        exported = export_project(member)
        xml = build.project_xml(exported.project)
        return archive.write_qdpx(xml, exported.sources), exported.losses


def qdc_bytes(member: Membership) -> bytes:
    """The codebook alone (clusters as non-codable parents), for tools that read .qdc."""
    exporter = _Exporter(member)
    codes = exporter._codebook()
    if not codes:
        raise DomainError("", "The codebook is empty: there is nothing to export.")
    return build.codebook_xml(codes)
