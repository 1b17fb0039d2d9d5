"""Admin screens open for staff (smoke test over every registered model)."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_admin_changelists_open(db, client, model, world):
    staff = get_user_model().objects.create_superuser("staff", "s@example.org", "pw-for-tests-1")
    client.force_login(staff)
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
