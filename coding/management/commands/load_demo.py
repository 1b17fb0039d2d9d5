"""python manage.py load_demo: the demo study "What clients find helpful", idempotently.

Users, memberships, starter codebook, participants with attributes, the demo interviews (text,
Markdown, .docx, WebVTT, SRT) and two coders' blind codings, significant moments and memos,
all from fixtures/demo/, and a first round of suggestions. Running it again changes nothing."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coding.codebook.starter import load_starter_codebook
from coding.codings import demo
from coding.microprocess import demo as session_demo
from coding.principles import demo as principles_demo
from coding.suggestions import services as suggest
from transcripts import imports
from transcripts.models import Membership, Participant, Study
from transcripts.pseudonyms.services import add_known_name

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo"


class Command(BaseCommand):
    help = "Create or complete the demo study: users, codebook, interviews and their coding."

    def handle(self, *args, **options):
        spec = json.loads((DEMO / "study.json").read_text(encoding="utf-8"))
        with transaction.atomic():
            users = self._users(spec)
            study = self._study(spec, users)
            load_starter_codebook(study=study)
            for known in spec.get("known_names", []):  # flagged in the owner's import reviews
                add_known_name(study=study, name=known["name"], pseudonym=known["pseudonym"])
        owner = users[spec["users"][0]["username"]]
        for entry in self._participants(spec):
            participant, _ = Participant.objects.get_or_create(study=study, code=entry["code"])
            if participant.attributes != entry["attributes"]:
                participant.attributes = entry["attributes"]
                participant.save(update_fields=["attributes"])
            path = DEMO / "interviews" / entry["file"]
            [outcome] = imports.import_files(
                study=study,
                user=owner,
                files=[(path.name, path.read_bytes())],
                participant_code=entry["code"],
            )
            if outcome.status == "failed":
                raise CommandError(f"Demo file {path.name} failed to import: {outcome.message}")
            if outcome.status == "imported":
                study.transcripts.filter(pk=outcome.transcript_id).update(title=entry["title"])
            self.stdout.write(f"{outcome.status:9} {path.name}")
        try:
            made = demo.load_codings(study=study, users=users, folder=DEMO / "codings")
        except demo.DemoDataError as error:
            raise CommandError(str(error)) from None
        try:
            principles = principles_demo.load_principles(
                study=study, users=users, path=DEMO / "principles.json"
            )
        except demo.DemoDataError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"new: {made.codings} codings, {made.moments} moments, {made.memos} memos, "
            f"{principles} principles"
        )
        if session_demo.load_session(study=study, owner=owner, folder=DEMO / "sessions"):
            self.stdout.write("session: P03 with client and therapist dial series, WAI-SR, SRS")
        if not study.suggestions.exists():
            # Rules, memory and moment cues need no training: the demo opens with suggestions.
            # "Train and suggest" on the suggestions page adds the learned classifiers.
            counts = suggest.refresh(study)["suggestions"]
            listed = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
            self.stdout.write(f"suggestions: {listed}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo study “{study.title}” (id {study.pk}) is ready.")
        )
        for user in spec["users"]:
            self.stdout.write(
                f"  login {user['username']:8} password {spec['password']}  ({user['role']})"
            )

    def _users(self, spec: dict) -> dict:
        User = get_user_model()
        users = {}
        for item in spec["users"]:
            user, created = User.objects.get_or_create(
                username=item["username"], defaults={"first_name": item["first_name"]}
            )
            if created:
                user.set_password(spec["password"])
                user.save(update_fields=["password"])
            users[item["username"]] = user
        return users

    def _study(self, spec: dict, users: dict) -> Study:
        study = Study.objects.filter(title=spec["title"]).order_by("id").first()
        if study is None:
            study = Study.objects.create(
                title=spec["title"],
                description=spec["description"],
                blind_coding=spec["blind_coding"],
                created_by=users[spec["users"][0]["username"]],
            )
        for item in spec["users"]:
            Membership.objects.get_or_create(
                study=study, user=users[item["username"]], defaults={"role": item["role"]}
            )
        return study

    def _participants(self, spec: dict) -> list[dict]:
        entries = []
        for name in spec["participant_files"]:
            entries += json.loads((DEMO / name).read_text(encoding="utf-8"))
        return sorted(entries, key=lambda e: e["code"])
