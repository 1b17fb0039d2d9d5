"""The same project imported twice at the same moment: both imports succeed, and the file's
new coder becomes one account (the second import finds the account the first created)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from coding.exchange import importer
from tests.coding.exchange.conftest import qdpx
from tests.conftest import at_once, make_user

GHOST = "11111111-2222-3333-4444-555555555555"
QDE = (
    '<Project xmlns="urn:QDA-XML:project:1.0" name="twice" origin="t">'
    f'<Users><User guid="{GHOST}" name="ghost-coder"/></Users></Project>'
)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every write")
def test_two_imports_at_once_make_one_account(transactional_db):
    user = make_user("importer")
    data = qdpx({"project.qde": QDE})
    reports = []
    errors = at_once(
        lambda _: reports.append(importer.import_project(user=user, data=data)), count=2
    )
    assert errors == []
    assert sorted(len(r.users_created) for r in reports) == [0, 1]
    assert sorted(len(r.users_mapped) for r in reports) == [0, 1]
    assert get_user_model().objects.filter(username="ghost-coder").count() == 1
