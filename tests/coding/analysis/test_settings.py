"""CQR thresholds per study: defaults, owners change them (API), others cannot, bad values
are refused whole."""

import pytest
from django.urls import reverse

from coding.models import AnalysisSettings

DEFAULTS = {
    "general_missing": 1,
    "typical_percent": 50,
    "variant_min": 2,
    "rare_above": 15,
    "rare_max": 3,
}


def url(study) -> str:
    return reverse("api-analysis-settings", kwargs={"study_pk": study.pk})


def freq_url(study) -> str:
    return reverse("api-analysis-frequencies", kwargs={"study_pk": study.pk})


@pytest.mark.django_db
def test_defaults_and_owner_changes_relabel(coded):
    world, study = coded.world, coded.world.study
    assert world.client("viewer").get(url(study)).json() == DEFAULTS
    answer = world.client("owner").patch(url(study), {"typical_percent": 75}, format="json")
    assert answer.status_code == 200
    assert answer.json() == {**DEFAULTS, "typical_percent": 75}
    found = world.client("owner").get(freq_url(study), {"source": "coder-Helpful mo"}).json()
    # 2 of 4 is 50%: no longer typical but variant (2 >= variant minimum)
    assert found["rows"][1]["label"] == "variant"
    assert found["rule"].startswith("general 3-4 of 4 (all or all but 1); variant 2 of 4")


@pytest.mark.django_db
@pytest.mark.parametrize("persona, status", [("coder", 403), ("viewer", 403), ("outsider", 404)])
def test_only_owners_change(coded, persona, status):
    study = coded.world.study
    answer = coded.world.client(persona).patch(url(study), {"variant_min": 3}, format="json")
    assert answer.status_code == status
    assert not AnalysisSettings.objects.filter(study=study, variant_min=3).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [
        ({"typical_percent": 0}, "typical_percent"),
        ({"typical_percent": 101}, "typical_percent"),
        ({"variant_min": 0}, "variant_min"),
        ({"general_missing": -1}, "general_missing"),
        ({"rare_max": 1}, "rare_max"),  # below the variant minimum of 2
        ({"variant_min": 4, "typical_percent": 60}, "rare_max"),  # nothing stored at all
        ({"typical_percent": "half"}, "typical_percent"),
    ],
)
def test_bad_values_store_nothing(coded, body, field):
    study = coded.world.study
    answer = coded.world.client("owner").patch(url(study), body, format="json")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == field
    assert coded.world.client("owner").get(url(study)).json() == DEFAULTS


@pytest.mark.django_db
def test_thresholds_have_one_home(coded):
    """The study itself holds no thresholds any more: its API neither shows nor takes them,
    and labels follow AnalysisSettings alone."""
    study, owner = coded.world.study, coded.world.client("owner")
    detail = reverse("api-study-detail", kwargs={"study_pk": study.pk})
    assert not [key for key in owner.get(detail).json() if "cqr" in key]
    owner.patch(detail, {"cqr_variant_min": 3}, format="json")  # an unknown field: ignored
    assert owner.get(url(study)).json() == DEFAULTS
    assert not [f.name for f in type(study)._meta.get_fields() if f.name.startswith("cqr")]
