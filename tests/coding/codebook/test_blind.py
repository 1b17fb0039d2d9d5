"""The blind phase in the codebook: counts and history a coder reads hold nothing of the
other coders' work."""

from django.urls import reverse

from coding.models import Code, Coding
from tests.conftest import make_user
from transcripts.models import Membership, Role


def _coded(world, book, interview):
    second = make_user("second-coder")
    Membership.objects.create(study=world.study, user=second, role=Role.CODER)
    s, e = interview.sentences[1]
    Coding.objects.create(
        transcript=interview, code=book.safe, coder=world.users["coder"], start=s, end=e
    )
    for index in (1, 2):
        s, e = interview.sentences[index]
        Coding.objects.create(transcript=interview, code=book.safe, coder=second, start=s, end=e)
    return second


def _counts(world, persona) -> dict[str, int]:
    url = reverse("api-code-list", kwargs={"study_pk": world.study.pk})
    return {c["name"]: c["coding_count"] for c in world.client(persona).get(url).json()}


def test_code_counts_are_the_coders_own_while_blind(world, book, interview):
    _coded(world, book, interview)
    assert _counts(world, "coder")["Feeling safe"] == 1
    assert _counts(world, "owner")["Feeling safe"] == 3
    url = reverse("api-code-detail", kwargs={"study_pk": world.study.pk, "code_pk": book.safe.pk})
    assert world.client("coder").get(url).json()["coding_count"] == 1
    patched = world.client("coder").patch(url, {"definition": "Safe anywhere"}, format="json")
    assert patched.json()["coding_count"] == 1
    world.study.blind_coding = False
    world.study.save()
    assert _counts(world, "coder")["Feeling safe"] == 3


def test_history_hides_counts_of_everyones_codings_while_blind(world, book, interview, client):
    _coded(world, book, interview)
    merge = reverse("api-code-merge", kwargs={"study_pk": world.study.pk})
    body = {"sources": [book.safe.pk], "target": book.understood.pk}
    assert world.client("owner").post(merge, body, format="json").status_code == 200
    url = reverse("api-codebook-history", kwargs={"study_pk": world.study.pk})
    [owner_view] = world.client("owner").get(url).json()["results"]
    [coder_view] = world.client("coder").get(url).json()["results"]
    assert (
        owner_view["summary"]
        == "“Feeling safe” merged into “Feeling understood” (3 codings re-pointed)"
    )
    assert owner_view["details"]["codings"] == 3
    assert coder_view["summary"] == "“Feeling safe” merged into “Feeling understood”"
    assert coder_view["details"] == {}
    world.login(client, "coder")
    page = client.get(reverse("codebook-history", args=[world.study.pk])).content.decode()
    assert "merged into “Feeling understood”" in page and "re-pointed" not in page
    assert Code.objects.filter(pk=book.safe.pk).count() == 0
