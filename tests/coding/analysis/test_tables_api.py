"""Co-occurrence, helpful/hindering, saturation, attributes and matrices on the hand-built
study of conftest (codes in codebook order: understood, trust | safe, old), worked out by
hand from PLAN and MOMENTS, for the owner, the consensus and a coder in the blind phase."""

from datetime import timedelta

import pytest
from django.urls import reverse

from coding.models import CodebookEvent
from tests.coding.analysis.conftest import START

U, T, S = "Feeling understood", "Trust after disclosure", "Feeling safe"
BLIND = "coder-Helpful mo"


def get(coded, persona, name, **params):
    url = reverse(f"api-analysis-{name}", kwargs={"study_pk": coded.world.study.pk})
    return coded.world.client(persona).get(url, params)


def pair_rows(found):
    return [
        (p["a"], p["b"], p["count"], p["n_a"], p["n_b"], p["coefficient"],
         p["p_b_given_a"], p["p_a_given_b"], p["warning"])
        for p in found["pairs"]
    ]  # fmt: skip


@pytest.mark.django_db
def test_cooccurrence_span(coded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        found = get(coded, "owner", "cooccurrence", source="all", kind="span").json()
    assert [c["name"] for c in found["codes"]] == [U, T, S, "Old code"]
    assert found["n"] == [3, 3, 4, 0]
    # only coder2's safe 0-25 and understood 20-38 on P03 overlap: c = 1 / (3 + 4 - 1)
    assert pair_rows(found) == [(U, S, 1, 3, 4, 0.1667, 0.3333, 0.25, False)]
    assert found["matrix"][0] == [0, 0, 1, 0]


@pytest.mark.django_db
def test_cooccurrence_participant_and_moment(coded):
    by_people = get(coded, "owner", "cooccurrence", source="all", kind="participant").json()
    # understood P01-P03, trust P01 P03 P04, safe P01 P03
    assert pair_rows(by_people) == [
        (U, T, 2, 3, 3, 0.5, 0.6667, 0.6667, False),
        (U, S, 2, 3, 2, 0.6667, 0.6667, 1.0, False),
        (T, S, 2, 3, 2, 0.6667, 0.6667, 1.0, False),
    ]
    by_moment = get(coded, "owner", "cooccurrence", source="all", kind="moment").json()
    # moment 1 (P01) holds understood, trust, safe; 2 (P02) understood; 3 (P03) all three
    assert by_moment["n"] == [3, 2, 2, 0]
    assert pair_rows(by_moment) == [
        (U, T, 2, 3, 2, 0.6667, 0.6667, 1.0, False),
        (U, S, 2, 3, 2, 0.6667, 0.6667, 1.0, False),
        (T, S, 2, 2, 2, 1.0, 1.0, 1.0, False),
    ]


@pytest.mark.django_db
def test_cooccurrence_blind_coder_and_bad_kind(coded):
    found = get(coded, "coder", "cooccurrence", source="all", kind="participant").json()
    # own codings only: understood P01 P02, safe P01
    assert found["source"] == BLIND
    assert pair_rows(found) == [(U, S, 1, 2, 1, 0.5, 0.5, 1.0, False)]
    bad = get(coded, "owner", "cooccurrence", kind="word")
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "kind")


HELPFUL_ALL = [
    ("Relationship", None, 2, 1, 0, 4.5, 2.0, None),
    ("Relationship", U, 2, 1, 0, 4.5, 2.0, None),
    ("Relationship", T, 2, 0, 0, 4.5, None, None),
    ("Environment", None, 2, 0, 0, 4.5, None, None),
    ("Environment", S, 2, 0, 0, 4.5, None, None),
    ("Environment", "Old code", 0, 0, 0, None, None, None),
]


def valence_rows(found):
    keys = ("cluster", "code", "helpful", "hindering", "mixed")
    means = ("helpful_intensity", "hindering_intensity", "mixed_intensity")
    return [tuple(r[k] for k in keys + means) for r in found["rows"]]


@pytest.mark.django_db
def test_helpful(coded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        found = get(coded, "viewer", "helpful", source="all").json()
    assert found["moments"] == 4
    assert valence_rows(found) == HELPFUL_ALL
    consensus = valence_rows(get(coded, "owner", "helpful", source="consensus").json())
    assert consensus[0] == ("Relationship", None, 2, 1, 0, 4.5, 2.0, None)
    assert consensus[3:5] == [
        ("Environment", None, 0, 0, 1, None, None, 3.0),  # P04's mixed moment
        ("Environment", S, 0, 0, 1, None, None, 3.0),
    ]
    blind = get(coded, "coder", "helpful", source="consensus").json()
    assert (blind["source"], blind["moments"]) == (BLIND, 2)  # own moments 1 and 2
    assert valence_rows(blind)[:4] == [
        ("Relationship", None, 1, 1, 0, 4.0, 2.0, None),
        ("Relationship", U, 1, 1, 0, 4.0, 2.0, None),
        ("Relationship", T, 0, 0, 0, None, None, None),
        ("Environment", None, 1, 0, 0, 4.0, None, None),
    ]


def enter_codes(coded) -> None:
    """The codebook history of conftest's codes (coded in PLAN order, a minute apart from
    START): understood created a day before coding began, trust 6.5 minutes in (coder2 had
    begun P03 at minute 5, P04 not until 7), the old code at minute 30 (after everyone began);
    safe has no creation in the history (a starter code)."""
    study, book = coded.world.study, coded.book
    for code, at in (
        (book.understood, START - timedelta(days=1)),
        (book.trust, START + timedelta(minutes=6.5)),
        (book.retired, START + timedelta(minutes=30)),
    ):
        event = CodebookEvent.objects.create(
            study=study, action="create_code", summary="made", details={"code": code.pk}
        )
        CodebookEvent.objects.filter(pk=event.pk).update(at=at)


@pytest.mark.django_db
def test_saturation(coded, django_assert_max_num_queries):
    enter_codes(coded)
    with django_assert_max_num_queries(8):
        found = get(coded, "owner", "saturation", source="all").json()
    assert (found["codes"], found["before"]) == (4, 2)  # understood and safe
    # (participant, codings, new codes, codebook size, names, first applied, applied so far)
    assert [tuple(s.values()) for s in found["steps"]] == [
        ("P01", 4, 0, 2, [], 3, 3),  # coder, coder, coder, owner: understood, safe, trust
        ("P02", 1, 0, 2, [], 0, 3),
        ("(no participant)", 1, 0, 2, [], 0, 3),
        ("P03", 3, 1, 3, [T], 0, 3),  # trust entered at 6.5, while P03 (from 5) was coded
        ("P04", 1, 1, 4, ["Old code"], 0, 3),  # entered after P04 (from 7) began
    ]
    # the consensus, made later, follows the coders' order; it never coded "(no participant)"
    consensus = get(coded, "owner", "saturation", source="consensus").json()
    assert [tuple(s.values()) for s in consensus["steps"]] == [
        ("P01", 1, 0, 2, [], 1, 1),
        ("P02", 1, 0, 2, [], 0, 1),
        ("(no participant)", 0, 0, 2, [], 0, 1),
        ("P03", 1, 1, 3, [T], 0, 1),
        ("P04", 1, 1, 4, ["Old code"], 1, 2),
    ]
    # in the blind phase: the coder's own codings and order (P01 0, P02 1, none 4); trust
    # and the old code entered after their last participant began
    blind = get(coded, "coder", "saturation", source="all").json()
    assert [tuple(s.values()) for s in blind["steps"]] == [
        ("P01", 3, 0, 2, [], 2, 2),
        ("P02", 1, 0, 2, [], 0, 2),
        ("(no participant)", 1, 2, 4, ["Old code", T], 0, 2),
    ]


@pytest.mark.django_db
def test_attributes(coded, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        found = get(coded, "owner", "attributes", source="all", attribute="orientation").json()
    assert found["attributes"] == ["months", "orientation"]
    assert found["groups"] == [
        {"value": "CBT", "participants": 2},
        {"value": "psychodynamic", "participants": 1},
        {"value": "(not set)", "participants": 1},
    ]
    cells = [[(c["participants"], c["of"], c["label"]) for c in r["cells"]] for r in found["rows"]]
    assert [r["cluster"] for r in found["rows"]] == ["Relationship", "Environment"]
    assert cells == [
        [(2, 2, "general"), (1, 1, "general"), (1, 1, "general")],
        [(1, 2, "general"), (1, 1, "general"), (0, 1, "")],  # 1 of 2 is all but one
    ]
    default = get(coded, "owner", "attributes").json()
    assert default["attribute"] == "months"
    assert default["groups"] == [
        {"value": "3", "participants": 1},
        {"value": "(not set)", "participants": 3},
    ]
    blind = get(coded, "coder", "attributes", attribute="orientation").json()
    assert blind["source"] == BLIND
    assert [c["participants"] for c in blind["rows"][1]["cells"]] == [1, 0, 0]  # own safe: P01
    bad = get(coded, "owner", "attributes", attribute="name")
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "attribute")


@pytest.mark.django_db
def test_matrix(coded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        found = get(coded, "owner", "matrix", source="all").json()
    assert [c["name"] for c in found["columns"]] == [U, T, S, "Old code"]
    assert [(r["participant"], r["counts"]) for r in found["rows"]] == [
        ("P01", [1, 1, 2, 0]),
        ("P02", [1, 0, 0, 0]),
        ("P03", [1, 1, 1, 0]),
        ("P04", [0, 1, 0, 0]),
    ]
    presence = get(coded, "owner", "matrix", source="all", values="presence").json()
    assert presence["values"] == "presence"
    assert [r["counts"] for r in presence["rows"]] == [
        [1, 1, 1, 0],
        [1, 0, 0, 0],
        [1, 1, 1, 0],
        [0, 1, 0, 0],
    ]
    assert get(coded, "owner", "matrix", values="many").status_code == 400
    clusters = get(coded, "owner", "matrix", source="all", by="cluster").json()
    assert [c["name"] for c in clusters["columns"]] == ["Relationship", "Environment"]
    assert [r["counts"] for r in clusters["rows"]] == [[2, 2], [1, 0], [2, 1], [1, 0]]
    blind = get(coded, "coder", "matrix", source="coder2-analysis").json()
    assert [r["counts"] for r in blind["rows"]] == [[1, 0, 2, 0], [1, 0, 0, 0], [0] * 4, [0] * 4]
    assert get(coded, "owner", "matrix", by="row").status_code == 400
    assert get(coded, "outsider", "matrix").status_code == 404


@pytest.mark.django_db
def test_segments_of_a_cell_or_pair(coded, django_assert_max_num_queries):
    book, p01 = coded.book, coded.transcripts["P01"].participant_id
    with django_assert_max_num_queries(10):
        cell = get(coded, "owner", "segments", source="all", participant=p01, code=book.safe.pk)
    found = cell.json()
    assert (found["source"], found["total"]) == ("all", 2)
    assert [(s["quote"], s["participant"]) for s in found["segments"]] == [
        ("The room felt safe.", "P01"),
        ("The room felt safe.", "P01"),
    ]
    pair = get(
        coded, "viewer", "segments", kind="participant", a=book.understood.pk, b=book.trust.pk
    )
    # P01 and P03 carry both: understood (coder, coder2) and trust (owner, coder2)
    assert pair.json()["total"] == 4
    blind = get(coded, "coder", "segments", source="consensus", cluster=book.relationship.pk)
    assert {s["coder"] for s in blind.json()["segments"]} == {BLIND}
    assert blind.json()["total"] == 2
    bad = get(coded, "owner", "segments", participant="one")
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "participant")
    assert get(coded, "owner", "segments", a=book.safe.pk, b="x").status_code == 400
    assert get(coded, "outsider", "segments", code=book.safe.pk).status_code == 404
