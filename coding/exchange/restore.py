"""Restore a study backup (backup.py's format, version 1) as a new study, in one transaction:
users by username (or new inactive accounts that cannot log in), the consensus identity as
the new study's own, every object with its keys mapped to new ids and its timestamps kept, so
agreement figures and the reconciliation history come back identical."""

from datetime import datetime

from django.db import DatabaseError, transaction

from coding.exchange.backup import CODE_FIELDS, FORMAT, STUDY_FIELDS, TRANSCRIPT_FIELDS, VERSION
from coding.exchange.users import account_for
from coding.models import (
    Cluster,
    Code,
    CodebookEvent,
    Coding,
    Memo,
    ReconciliationDecision,
    SignificantMoment,
    SuggestionSettings,
)
from transcripts import studies
from transcripts.errors import DomainError
from transcripts.models import Membership, Participant, Study, Transcript, Turn


def _when(value: str | None):
    return datetime.fromisoformat(value) if value else None


class _Restore:
    def __init__(self, data: dict, user) -> None:
        self.data, self.user = data, user
        self.users: dict[int, int] = {}
        self.created_users: list[str] = []

    def run(self) -> tuple[Study, list[str]]:
        data = self.data
        fields = {f: data["study"][f] for f in STUDY_FIELDS}
        self.study = study = Study.objects.create(**fields)
        Study.objects.filter(pk=study.pk).update(created_at=_when(data["study"]["created_at"]))
        self._users()
        self._members()
        people = [
            Participant(study=study, code=p["code"], attributes=p["attributes"])
            for p in data["participants"]
        ]
        Participant.objects.bulk_create(people)
        parts = {p["key"]: row.pk for p, row in zip(data["participants"], people, strict=True)}
        self.transcripts = self._transcripts(parts)
        self.clusters = self._clusters()
        # One insert for the codebook, not one per code (hundreds in an imported codebook).
        codes = [
            Code(
                study=study,
                cluster_id=self.clusters.get(c["cluster"]),
                **{k: c[k] for k in CODE_FIELDS},
            )
            for c in data["codes"]
        ]
        Code.objects.bulk_create(codes)
        self.codes = {c["key"]: row.pk for c, row in zip(data["codes"], codes, strict=True)}
        self.codings = self._spans(Coding, data["codings"], "coder", code=True)
        self._spans(SignificantMoment, data["moments"], "rater")
        self._memos()
        self._decisions()
        self._events()
        self._settings()
        return study, self.created_users

    def _users(self) -> None:
        for item in self.data["users"]:
            if item["consensus"]:
                self.users[item["key"]] = studies.consensus_user(self.study).pk
                continue
            account, created = account_for(
                item["username"], first_name=item["first_name"], last_name=item["last_name"]
            )
            if created:
                self.created_users.append(item["username"])
            self.users[item["key"]] = account.pk

    def _user(self, key):
        return self.users.get(key) if key is not None else None

    def _members(self) -> None:
        rows = [
            Membership(
                study=self.study,
                user_id=self.users[m["user"]],
                role=m["role"],
                named_reconciler=m["named_reconciler"],
                added_by=self.user,
            )
            for m in self.data["members"]
        ]
        if self.user is not None and self.user.pk not in {r.user_id for r in rows}:
            rows.append(
                Membership(study=self.study, user=self.user, role="owner", added_by=self.user)
            )
        Membership.objects.bulk_create(rows)

    def _transcripts(self, parts: dict) -> dict[int, int]:
        items = self.data["transcripts"]
        rows = [
            Transcript(
                study=self.study,
                participant_id=parts.get(t["participant"]),
                imported_by_id=self._user(t["imported_by"]),
                **{k: t[k] for k in TRANSCRIPT_FIELDS},
            )
            for t in items
        ]
        Transcript.objects.bulk_create(rows)
        # imported_at is set on insert: the backup's time is written back after.
        for row, t in zip(rows, items, strict=True):
            row.imported_at = _when(t["imported_at"])
        Transcript.objects.bulk_update(rows, ["imported_at"])
        Turn.objects.bulk_create(
            (
                Turn(
                    transcript=row,
                    index=i,
                    speaker=s,
                    role=r,
                    start=a,
                    end=b,
                    start_seconds=ss,
                    end_seconds=es,
                    # a focus group member; older backups did not keep it
                    participant_id=parts.get(member[0]) if member else None,
                )
                for row, t in zip(rows, items, strict=True)
                for i, s, r, a, b, ss, es, *member in t["turns"]
            ),
            batch_size=2000,
        )
        return {t["key"]: row.pk for t, row in zip(items, rows, strict=True)}

    def _clusters(self) -> dict[int, int]:
        keys = {
            c["key"]: Cluster.objects.create(
                study=self.study, name=c["name"], description=c["description"], order=c["order"]
            ).pk
            for c in self.data["clusters"]
        }
        for c in self.data["clusters"]:
            if c["parent"] in keys:
                Cluster.objects.filter(pk=keys[c["key"]]).update(parent_id=keys[c["parent"]])
        return keys

    def _spans(self, model, items: list[dict], owner: str, code: bool = False) -> dict[int, int]:
        fields = (
            ("start", "end", "memo") if code else ("start", "end", "valence", "intensity", "note")
        )
        rows = [
            model(
                transcript_id=self.transcripts[i["transcript"]],
                **{f"{owner}_id": self.users[i[owner]]},
                **({"code_id": self.codes[i["code"]]} if code else {}),
                **{f: i[f] for f in fields},
            )
            for i in items
        ]
        model.objects.bulk_create(rows, batch_size=2000)
        for row, item in zip(rows, items, strict=True):
            row.created_at, row.updated_at = _when(item["created_at"]), _when(item["updated_at"])
        model.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=2000)
        return {item["key"]: row.pk for row, item in zip(rows, items, strict=True)}

    def _memos(self) -> None:
        rows = []
        for m in self.data["memos"]:
            rows.append(
                Memo(
                    study=self.study,
                    author_id=self.users[m["author"]],
                    text=m["text"],
                    transcript_id=self.transcripts.get(m["transcript"]),
                    code_id=self.codes.get(m["code"]),
                    coding_id=self.codings.get(m["coding"]),
                )
            )
        Memo.objects.bulk_create(rows)
        for row, m in zip(rows, self.data["memos"], strict=True):
            row.created_at, row.updated_at = _when(m["created_at"]), _when(m["updated_at"])
        Memo.objects.bulk_update(rows, ["created_at", "updated_at"])

    def _remap(self, items: list[dict]) -> list[dict]:
        """Code and coding keys inside a decision's versions and result, as new ids."""
        out = []
        for item in items:
            item = dict(item)
            if "code" in item:
                item["code"] = self.codes.get(item["code"])
            if "id" in item:
                item["id"] = self.codings.get(item["id"])
            out.append(item)
        return out

    def _decisions(self) -> None:
        rows = [
            ReconciliationDecision(
                study=self.study,
                transcript_id=self.transcripts[d["transcript"]],
                start=d["start"],
                end=d["end"],
                kind=d["kind"],
                versions=self._remap(d["versions"]),
                outcome=d["outcome"],
                accepted_coder=d["accepted_coder"],
                result=self._remap(d["result"]),
                reason=d["reason"],
                decided_by_id=self._user(d["decided_by"]),
            )
            for d in self.data["decisions"]
        ]
        ReconciliationDecision.objects.bulk_create(rows)
        for row, d in zip(rows, self.data["decisions"], strict=True):
            row.decided_at = _when(d["decided_at"])
        ReconciliationDecision.objects.bulk_update(rows, ["decided_at"])

    def _events(self) -> None:
        rows = [
            CodebookEvent(
                study=self.study,
                actor_id=self._user(e["actor"]),
                action=e["action"],
                summary=e["summary"],
                blind_summary=e["blind_summary"],
                reason=e["reason"],
                details=e["details"],
            )
            for e in self.data["codebook_events"]
        ]
        CodebookEvent.objects.bulk_create(rows)
        for row, e in zip(rows, self.data["codebook_events"], strict=True):
            row.at = _when(e["at"])
        CodebookEvent.objects.bulk_update(rows, ["at"])

    def _settings(self) -> None:
        settings = self.data["suggestion_settings"]
        if settings:
            # A setting added after the backup was made keeps its default.
            values = {k: settings[k] for k in SuggestionSettings.EDITABLE if k in settings}
            SuggestionSettings.objects.create(
                study=self.study, source_coder_id=self._user(settings["source_coder"]), **values
            )


def restore_study(*, data: dict, user=None) -> tuple[Study, list[str]]:
    """A new study from a backup; returns it and the usernames of accounts made for it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DomainError("file", "This is not a QualCode study backup.")
    if data.get("version") != VERSION:
        raise DomainError(
            "file",
            f"Backup version {data.get('version')!r} is not supported (this QualCode reads version {VERSION}).",
        )
    try:
        with transaction.atomic():
            return _Restore(data, user).run()
    except (KeyError, TypeError, ValueError, AttributeError, DatabaseError) as error:
        raise DomainError(
            "file", f"The backup is incomplete or damaged ({type(error).__name__}: {error})."
        ) from None
