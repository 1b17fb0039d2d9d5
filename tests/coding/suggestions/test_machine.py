"""The suggestions as a coder: alpha per cluster against each coder, on the agreement page."""

import numpy as np
import pytest

from coding.models import Cluster, Code
from coding.suggestions import machine
from coding.suggestions.config import settings_for
from coding.suggestions.data import cluster_gold, load_texts
from tests.coding.suggestions.test_commands import build

pytestmark = pytest.mark.django_db


def test_alpha_per_cluster_is_krippendorffs_binary_alpha():
    # Cluster 0: units (1,1) (0,0) (1,0) (0,0): n = 8, n1 = 3, n0 = 5, o01 = 1,
    # alpha = 1 - 7 * 1 / (5 * 3) = 8/15. Cluster 1: identical, alpha 1.
    ours = np.array([[1, 1], [0, 0], [1, 1], [0, 0]], dtype=bool)
    theirs = np.array([[1, 1], [0, 0], [0, 1], [0, 0]], dtype=bool)
    alpha = machine.alpha_per_cluster(ours, theirs)
    assert alpha[0] == pytest.approx(8 / 15)
    assert alpha[1] == pytest.approx(1.0)


def _clustered(world):
    docs, codes = build(world)
    place = Cluster.objects.create(study=world.study, name="Environment", order=1)
    bond = Cluster.objects.create(study=world.study, name="Relationship", order=2)
    Code.objects.filter(pk=codes["Feeling safe"].pk).update(cluster=place)
    Code.objects.filter(pk=codes["Trust"].pk).update(cluster=bond)
    return docs


def test_a_machine_marking_what_the_coder_marked_agrees_fully_on_their_transcripts(world):
    _clustered(world)
    study, cfg = world.study, settings_for(world.study)
    texts = load_texts(study)
    codes = list(Code.objects.filter(study=study).order_by("order", "name"))
    gold = cluster_gold(study, cfg, texts, codes, coder=world.users["coder"].pk)
    same = {d.id: gold.labels[d.id] for d in texts}
    found = machine.machine_agreement(study, cfg, texts, {None: same}, codes)
    [row] = found["coders"]
    assert row["coder"] == world.users["coder"].username
    # P24 was never coded: its sentences are no units.
    assert row["sentences"] == sum(len(d.sentences) for d in texts if d.id in gold.rated)
    assert row["sentences"] < sum(len(d.sentences) for d in texts)
    assert row["alpha"] == [pytest.approx(1.0), pytest.approx(1.0)]
    # A machine that marks nothing disagrees on every sentence the coder marked.
    none = {d.id: np.zeros_like(gold.labels[d.id]) for d in texts}
    [row] = machine.machine_agreement(study, cfg, texts, {None: none}, codes)["coders"]
    assert all(a < 0 for a in row["alpha"])


def _evaluate(world, client, capture):
    world.login(client, "owner")
    with capture(execute=True):
        client.post(f"/studies/{world.study.pk}/suggestions/jobs/", {"kind": "evaluate"})


def test_the_agreement_page_shows_the_suggestions_against_each_coder(
    world, client, django_capture_on_commit_callbacks
):
    _clustered(world)
    world.study.blind_coding = False
    world.study.save()
    url = f"/studies/{world.study.pk}/agreement/"
    world.login(client, "owner")
    assert 'id="machine-agreement"' not in client.get(url).content.decode()
    _evaluate(world, client, django_capture_on_commit_callbacks)
    page = client.get(url).content.decode()
    assert 'id="machine-agreement"' in page
    section = page.split('id="machine-agreement"')[1].split("</section>")[0]
    assert world.users["coder"].username in section
    assert "Environment" in section and "Relationship" in section


def test_blind_phase_coder_and_outsider_do_not_see_the_suggestions_as_a_coder(
    world, client, django_capture_on_commit_callbacks
):
    _clustered(world)
    world.study.blind_coding = False
    world.study.save()
    _evaluate(world, client, django_capture_on_commit_callbacks)
    world.study.blind_coding = True
    world.study.save()
    url = f"/studies/{world.study.pk}/agreement/"
    # The owner still sees it in the blind phase; a coder sees no one's agreement then.
    assert 'id="machine-agreement"' in client.get(url).content.decode()
    world.login(client, "coder")
    response = client.get(url)
    assert response.status_code == 403
    assert b"machine-agreement" not in response.content
    world.login(client, "outsider")
    response = client.get(url)
    assert response.status_code == 404
    assert b"machine-agreement" not in response.content
