"""The users of an imported REFI-QDA project as accounts: by username, or new inactive accounts
that cannot log in, each made a coder of the study; the consensus user is the study's own."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from coding.exchange import refi
from transcripts import studies
from transcripts.models import Membership, Role, Study


def username_for(user: refi.User) -> str:
    """The account a file's user maps to: their name (NVivo's `id` holds initials), made a
    valid username."""
    raw = user.name or user.id or f"refi-{user.guid[:8].lower()}"
    name = re.sub(r"[^\w.@+-]+", "_", raw).strip("_")[:150]
    return name or f"refi-{user.guid[:8].lower()}"


def account_for(username: str, **names: str):
    """(account, created): the account of that username, else a new inactive one that cannot
    log in. get_or_create: another import or restore making the same account at the same
    moment makes this one find it, not fail on the unique username."""
    return get_user_model().objects.get_or_create(
        username=username,
        defaults={**names, "is_active": False, "password": make_password(None)},
    )


class ImportUsers:
    """REFI user GUIDs -> account ids; unknown or missing creators are the importing user."""

    def __init__(self, study: Study, importer, project: refi.Project, report) -> None:
        self.importer, self.ids = importer, {}
        members = set(Membership.objects.filter(study=study).values_list("user_id", flat=True))
        for item in project.users:
            if item.id == refi.CONSENSUS_USER_ID:
                self.ids[item.guid] = studies.consensus_user(study).pk
                continue
            username = username_for(item)
            account, created = account_for(username, first_name=item.name[:150])
            if created:
                report.users_created.append(username)
            elif account.pk != importer.pk:
                report.users_mapped.append(username)
            self.ids[item.guid] = account.pk
            if account.pk not in members:
                Membership.objects.create(
                    study=study, user=account, role=Role.CODER, added_by=importer
                )
                members.add(account.pk)
        self.default = self.ids.get(project.creating_user, importer.pk)

    def __call__(self, guid: str | None) -> int:
        return self.ids.get(guid, self.default) if guid else self.default
