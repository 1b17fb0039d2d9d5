"""The frequencies selector and endpoint on the hand-built study of conftest.PLAN (M = 4:
general 3-4, typical 2), for every source, persona and the blind phase."""

import pytest
from django.urls import reverse

from coding.analysis import selectors
from transcripts.errors import DomainError
from transcripts.models import Membership

# (cluster, code, codings, participants, label); of = 4 on every row
ALL = [
    ("Relationship", None, 6, 4, "general"),
    ("Relationship", "Feeling understood", 3, 3, "general"),
    ("Relationship", "Trust after disclosure", 3, 3, "general"),
    ("Environment", None, 4, 2, "typical"),
    ("Environment", "Feeling safe", 4, 2, "typical"),  # P01 twice, P03, and no participant
    ("Environment", "Old code", 0, 0, ""),
]
CONSENSUS = [
    ("Relationship", None, 3, 3, "general"),
    ("Relationship", "Feeling understood", 3, 3, "general"),
    ("Relationship", "Trust after disclosure", 0, 0, ""),
    ("Environment", None, 1, 1, ""),
    ("Environment", "Feeling safe", 1, 1, ""),
    ("Environment", "Old code", 0, 0, ""),
]
CODER = [
    ("Relationship", None, 2, 2, "typical"),
    ("Relationship", "Feeling understood", 2, 2, "typical"),
    ("Relationship", "Trust after disclosure", 0, 0, ""),
    ("Environment", None, 3, 1, ""),
    ("Environment", "Feeling safe", 3, 1, ""),
    ("Environment", "Old code", 0, 0, ""),
]


def url(study) -> str:
    return reverse("api-analysis-frequencies", kwargs={"study_pk": study.pk})


def table(found: dict) -> list[tuple]:
    assert {row["of"] for row in found["rows"]} == {4}
    return [
        (r["cluster"], r["code"], r["codings"], r["participants"], r["label"])
        for r in found["rows"]
    ]


def member(coded, persona):
    return Membership.objects.select_related("study", "user").get(
        study=coded.world.study, user=coded.world.users[persona]
    )


def end_blind_phase(study):
    study.blind_coding = False
    study.save(update_fields=["blind_coding"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "expected"),
    [("all", ALL), ("consensus", CONSENSUS), ("coder-Helpful mo", CODER)],
)
def test_sources_for_the_owner(coded, source, expected):
    found = selectors.frequencies(coded.world.study, member(coded, "owner"), source)
    assert found["source"] == source
    assert found["participants"] == 4
    assert found["rule"].startswith("general 3-4 of 4 (all or all but 1); typical 2 of 4")
    assert table(found) == expected


@pytest.mark.django_db
def test_one_coder_by_name(coded):
    found = selectors.frequencies(coded.world.study, member(coded, "owner"), "coder2-analysis")
    assert table(found)[:3] == [
        ("Relationship", None, 3, 2, "typical"),  # P03 twice, P04
        ("Relationship", "Feeling understood", 1, 1, ""),
        ("Relationship", "Trust after disclosure", 2, 2, "typical"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("source", ["all", "consensus", "coder2-analysis", "owner-Helpful mo"])
def test_blind_coder_gets_only_their_own_codings(coded, source):
    study = coded.world.study
    assert study.blind_coding
    found = selectors.frequencies(study, member(coded, "coder"), source)
    assert found["source"] == "coder-Helpful mo"
    assert table(found) == CODER


@pytest.mark.django_db
def test_after_the_blind_phase_a_coder_sees_every_source(coded):
    study = coded.world.study
    end_blind_phase(study)
    assert table(selectors.frequencies(study, member(coded, "coder"), "all")) == ALL
    assert table(selectors.frequencies(study, member(coded, "coder"), "consensus")) == CONSENSUS


@pytest.mark.django_db
@pytest.mark.parametrize("source", ["", "everyone", "outsider-Helpful mo", "consensus-study1"])
def test_unknown_source_is_refused(coded, source):
    with pytest.raises(DomainError) as error:
        selectors.frequencies(coded.world.study, member(coded, "owner"), source)
    assert error.value.field == "source"


@pytest.mark.django_db
def test_api_answers_and_personas(coded, django_assert_max_num_queries):
    study = coded.world.study
    with django_assert_max_num_queries(12):
        answer = coded.world.client("viewer").get(url(study), {"source": "consensus"})
    assert answer.status_code == 200
    assert table(answer.json()) == CONSENSUS
    default = coded.world.client("owner").get(url(study))
    assert default.json()["source"] == "all"
    assert table(default.json()) == ALL
    blind = coded.world.client("coder").get(url(study), {"source": "all"})
    assert (blind.json()["source"], table(blind.json())) == ("coder-Helpful mo", CODER)
    assert coded.world.client("outsider").get(url(study)).status_code == 404


@pytest.mark.django_db
def test_api_refuses_an_unknown_source(coded):
    answer = coded.world.client("owner").get(url(coded.world.study), {"source": "nobody"})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "source"
    nul = coded.world.client("owner").get(url(coded.world.study), {"source": "a\x00b"})
    assert nul.status_code == 400
