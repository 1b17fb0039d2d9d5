"""The audit trail's page, API and CSV export: owners only (coders, who must not see one
another's work in the blind phase, and viewers get 403; outsiders 404), filters by kind, user
and day, and a constant number of queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PERSONAS
from transcripts.audit.models import AuditEvent

EXPECTED = {"owner": 200, "coder": 403, "viewer": 403, "outsider": 404}


@pytest.fixture
def trail(world):
    """Three changes: the coder's two codings (one yesterday), the owner's setting."""
    now = timezone.now()
    rows = [
        ("coder", "coding", "created", {"start": 0, "end": 5}, now - timedelta(days=1)),
        ("coder", "coding", "deleted", None, now),
        ("owner", "settings", "changed", {"title": "=cmd()"}, now),
    ]
    for persona, kind, action, after, at in rows:
        AuditEvent.objects.create(
            study=world.study,
            actor=world.users[persona],
            kind=kind,
            action=action,
            object_type=kind,
            object_id=7,
            summary=f"{kind} {action}",
            before={"start": 0, "end": 5} if action == "deleted" else None,
            after=after,
            at=at,
        )
    return world


def api(world, persona, **query):
    url = reverse("api-audit-list", kwargs={"study_pk": world.study.pk})
    return world.client(persona).get(url, query)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_owners_read_the_trail(trail, client, persona):
    # The coder's own records included: in the blind phase nothing of another coder reaches
    # a coder through the trail, and nothing at all is simpler to keep true.
    trail.study.blind_coding = True
    trail.study.save()
    assert api(trail, persona).status_code == EXPECTED[persona]
    trail.login(client, persona)
    assert client.get(reverse("audit", args=[trail.study.pk])).status_code == EXPECTED[persona]
    export = client.get(reverse("audit-export", args=[trail.study.pk]))
    assert export.status_code == EXPECTED[persona]


def test_the_api_lists_newest_first_and_filters(trail):
    rows = api(trail, "owner").json()["results"]
    assert [(r["actor"], r["kind"], r["action"]) for r in rows] == [
        (trail.users["owner"].username, "settings", "changed"),
        (trail.users["coder"].username, "coding", "deleted"),
        (trail.users["coder"].username, "coding", "created"),
    ]
    assert rows[1]["before"] == {"start": 0, "end": 5} and rows[1]["after"] is None
    assert [r["action"] for r in api(trail, "owner", kind="coding").json()["results"]] == [
        "deleted",
        "created",
    ]
    coder = trail.users["coder"].username
    assert api(trail, "owner", user=coder).json()["count"] == 2
    today = timezone.now().date().isoformat()
    assert api(trail, "owner", since=today).json()["count"] == 2
    yesterday = (timezone.now() - timedelta(days=1)).date().isoformat()
    assert api(trail, "owner", until=yesterday).json()["count"] == 1
    bad = api(trail, "owner", since="yesterday")
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"field": "since", "reason": "Give a day as YYYY-MM-DD."}]
    assert api(trail, "owner", kind="nonsense").json()["errors"][0]["field"] == "kind"


def test_the_csv_export_and_its_record(trail, client):
    trail.login(client, "owner")
    response = client.get(reverse("audit-export", args=[trail.study.pk]), {"kind": "settings"})
    assert (
        response["Content-Disposition"] == f'attachment; filename="audit-study{trail.study.pk}.csv"'
    )
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0] == [
        "at", "user", "kind", "action", "object", "object_id", "summary", "before", "after"
    ]  # fmt: skip
    assert lines[1][1:] == [
        trail.users["owner"].username,
        "settings",
        "changed",
        "settings",
        "7",
        "settings changed",
        "",
        '{"title": "=cmd()"}',  # JSON starts with a brace: no formula
    ]
    assert len(lines) == 2
    exported = AuditEvent.objects.get(kind="export")
    assert (exported.actor, exported.object_type, exported.after) == (
        trail.users["owner"],
        "audit trail",
        {"kind": "settings"},
    )


def test_the_page_shows_and_filters(trail, client):
    trail.login(client, "owner")
    page = client.get(reverse("audit", args=[trail.study.pk]), {"kind": "coding"})
    assert [e.action for e, _, _ in page.context["rows"]] == ["deleted", "created"]
    html = page.content.decode()
    assert "{&quot;end&quot;: 5, &quot;start&quot;: 0}" in html and 'id="audit-csv"' in html
    assert "kind=coding" in html  # the export link keeps the filter
    bad = client.get(reverse("audit", args=[trail.study.pk]), {"until": "soon"})
    assert bad.status_code == 400 and "Give a day as YYYY-MM-DD." in bad.content.decode()
    study_page = client.get(reverse("study-detail", args=[trail.study.pk])).content.decode()
    assert reverse("audit", args=[trail.study.pk]) in study_page


def test_the_trail_in_a_constant_number_of_queries(trail, client, django_assert_max_num_queries):
    trail.login(client, "owner")
    with django_assert_max_num_queries(9):
        client.get(reverse("audit", args=[trail.study.pk]))
    with django_assert_max_num_queries(4):
        api(trail, "owner")
