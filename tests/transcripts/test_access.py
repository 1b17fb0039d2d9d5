"""The one door and what Membership answers, per persona; the blind phase as a service."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from coding.models import Code, Coding, Memo
from tests.conftest import make_world
from transcripts import imports, studies
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Role

ANSWERS = {  # can_write, is_owner, sees_only_own (blind), can_reconcile
    "owner": (True, True, False, True),
    "coder": (True, False, True, False),
    "viewer": (False, False, False, False),
}


@pytest.mark.parametrize("persona", ["owner", "coder", "viewer"])
def test_the_door_returns_the_study_and_the_membership(world, persona):
    study, member = get_study_for_user(world.users[persona], world.study.pk)
    assert study == world.study and member.study is study
    assert member.user == world.users[persona] and not hasattr(study, "membership")
    assert (
        member.can_write,
        member.is_owner,
        member.sees_only_own,
        member.can_reconcile,
    ) == ANSWERS[persona]


def test_outsiders_get_404_and_low_roles_403(world):
    with pytest.raises(Http404):
        get_study_for_user(world.users["outsider"], world.study.pk)
    with pytest.raises(Http404):
        get_study_for_user(world.users["owner"], 2**70)
    with pytest.raises(PermissionDenied):
        get_study_for_user(world.users["viewer"], world.study.pk, min_role=Role.CODER)


def _both_coded(world):
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"], files=[("P01.txt", b"Client: It helped.\n")]
    )
    code = Code.objects.create(study=world.study, name="Helped")
    for persona in ("owner", "coder"):
        Coding.objects.create(
            transcript_id=outcome.transcript_id,
            code=code,
            coder=world.users[persona],
            start=8,
            end=18,
        )
        Memo.objects.create(study=world.study, author=world.users[persona], text=persona)


def test_ending_and_restarting_the_blind_phase(world):
    _both_coded(world)
    _, coder = get_study_for_user(world.users["coder"], world.study.pk)
    assert Coding.objects.visible_to(coder).count() == 1
    assert list(Memo.objects.visible_to(coder).values_list("text", flat=True)) == ["coder"]
    with pytest.raises(PermissionDenied):
        studies.set_blind_phase(member=coder, blind=False)
    _, owner = get_study_for_user(world.users["owner"], world.study.pk)
    assert studies.set_blind_phase(member=owner, blind=False).blind_coding is False
    _, coder = get_study_for_user(world.users["coder"], world.study.pk)
    assert not coder.sees_only_own
    assert Coding.objects.visible_to(coder).count() == 2
    assert Memo.objects.visible_to(coder).count() == 2
    studies.set_blind_phase(member=owner, blind=True)
    _, coder = get_study_for_user(world.users["coder"], world.study.pk)
    assert Coding.objects.visible_to(coder).count() == 1


def test_visibility_never_crosses_studies(world):
    _both_coded(world)
    other = make_world("Other study")
    _, owner = get_study_for_user(other.users["owner"], other.study.pk)
    assert Coding.objects.visible_to(owner).count() == 0
    assert Memo.objects.visible_to(owner).count() == 0


def test_update_study_is_all_or_nothing_and_owners_only(world):
    _, owner = get_study_for_user(world.users["owner"], world.study.pk)
    with pytest.raises(DomainError) as refused:
        studies.update_study(member=owner, title="  ", agreement_unit="turn", blind_coding=False)
    assert refused.value.field == "title"
    world.study.refresh_from_db()
    assert (world.study.agreement_unit, world.study.blind_coding) == ("sentence", True)
    study = studies.update_study(member=owner, title=" New ", blind_coding=False)
    assert (study.title, study.blind_coding) == ("New", False)
    _, coder = get_study_for_user(world.users["coder"], world.study.pk)
    with pytest.raises(PermissionDenied):
        studies.update_study(member=coder, title="Mine")
