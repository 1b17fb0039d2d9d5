"""Shared test builders: a study with one member per persona, built in code (no fixtures)."""

import threading
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from tests.schema_check import SchemaCheckingClient as APIClient
from transcripts import imports
from transcripts.models import Membership, Role, Study

PERSONAS = ("owner", "coder", "viewer", "outsider")

SMALL_INTERVIEW = (
    b"Interviewer: What was helpful in therapy?\n\n"
    b"Client: Honestly, the room. It felt safe. I could breathe there.\n\n"
    b"Interviewer: And anything hindering?\n\n"
    b"Client: The endings were abrupt. I left in tears once.\n"
    b"Then I sat in the car for a while.\n"
)


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # PBKDF2 is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Login lockout (django-axes) is off except in the tests of it (tests/test_production.py).
    settings.AXES_ENABLED = False


@dataclass
class World:
    study: Study
    users: dict

    def client(self, persona: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(self.users[persona])
        return client

    def login(self, client, persona: str):
        client.force_login(self.users[persona])
        return client


def make_user(username: str):
    return get_user_model().objects.create_user(username=username, password="pw-for-tests-1")


def make_world(title: str = "Helpful moments") -> World:
    users = {name: make_user(f"{name}-{title[:10]}") for name in PERSONAS}
    study = Study.objects.create(title=title, created_by=users["owner"])
    for persona, role in (("owner", Role.OWNER), ("coder", Role.CODER), ("viewer", Role.VIEWER)):
        Membership.objects.create(study=study, user=users[persona], role=role)
    return World(study=study, users=users)


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture
def transcript(world):
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"], files=[("P01.txt", SMALL_INTERVIEW)]
    )
    assert outcome.status == "imported", outcome
    return world.study.transcripts.get(pk=outcome.transcript_id)


def at_once(work, count: int) -> list[Exception]:
    """work(n) for n in range(count), each in a thread of its own, all released together;
    each thread closes its database connection. Returns what they raised."""
    start = threading.Barrier(count)
    errors: list[Exception] = []

    def run(n: int) -> None:
        try:
            start.wait()
            work(n)
        except Exception as error:  # noqa: BLE001 - the caller asserts there were none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
