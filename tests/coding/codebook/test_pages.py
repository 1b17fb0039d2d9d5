"""The codebook, split, history and constant-comparison pages, per persona: outsiders 404,
viewers read but never write, coders refine codes but never restructure; every change lands in
the database and the history, and ids of another study change nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coding.models import Cluster, Code, CodebookEvent, Coding
from tests.coding.conftest import span_of
from tests.conftest import PERSONAS, SMALL_INTERVIEW, make_world
from transcripts import imports

RANK = {"viewer": 0, "coder": 1, "owner": 2}


def url(world, name, **kwargs):
    return reverse(name, kwargs={"study_pk": world.study.pk, **kwargs})


def code_span(world, persona, transcript, code, quote):
    start, end = span_of(transcript, quote)
    return Coding.objects.create(
        transcript=transcript, code=code, coder=world.users[persona], start=start, end=end
    )


def expected(persona, minimum, success):
    if persona == "outsider":
        return 404
    return success if RANK[persona] >= RANK[minimum] else 403


def snapshot(world):
    """Everything a codebook write could change."""
    return (
        list(Cluster.objects.filter(study=world.study).values().order_by("id")),
        list(Code.objects.filter(study=world.study).values().order_by("id")),
        list(Coding.objects.values("id", "code_id").order_by("id")),
        CodebookEvent.objects.count(),
    )


def shown_messages(client, response):
    return client.get(response.url).content.decode()


def code_item(html, code):
    """The markup of one code in the codebook tree."""
    return html.split(f'id="code-{code.pk}"', 1)[1].split("</li>", 1)[0]


# ---------------------------------------------------------------- reading, per persona


@pytest.mark.parametrize("persona", PERSONAS)
def test_reading_pages(world, book, interview, client, persona):
    code_span(world, "owner", interview, book.safe, "calm 😊 and safe")
    world.login(client, persona)
    for page in (
        url(world, "codebook"),
        url(world, "codebook-history"),
        url(world, "compare"),
        url(world, "compare") + f"?code={book.safe.pk}",
    ):
        assert client.get(page).status_code == (404 if persona == "outsider" else 200), page
    split = client.get(url(world, "code-split", code_pk=book.safe.pk))
    assert split.status_code == expected(persona, "owner", 200)


def test_pages_load_their_stylesheet_in_the_head(world, book, client):
    world.login(client, "owner")
    for page in (
        url(world, "codebook"),
        url(world, "codebook-history"),
        url(world, "compare") + f"?code={book.safe.pk}",
        url(world, "code-split", code_pk=book.safe.pk),
    ):
        head, body = client.get(page).content.decode().split("</head>", 1)
        assert "coding/codebook.css" in head and "coding/codebook.css" not in body, page


def test_messages_are_announced(world, book, client):
    world.login(client, "owner")
    response = client.post(url(world, "codebook-code-rename", code_pk=book.safe.pk), {"name": ""})
    assert '<ul class="messages" role="status"><li class="error">' in shown_messages(
        client, response
    )


@pytest.mark.parametrize("persona", ["owner", "viewer"])
def test_study_page_links_to_the_codebook_pages(world, client, persona):
    world.login(client, persona)
    html = client.get(reverse("study-detail", args=[world.study.pk])).content.decode()
    card = html.split("<h2>Codebook</h2>", 1)[1].split("</section>", 1)[0]
    assert f'href="{url(world, "codebook")}"' in card
    nav = html.split('<nav class="study-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{url(world, "codebook")}"' in nav and f'href="{url(world, "compare")}"' in nav


def test_pages_need_a_login(world, book, client):
    for page in (
        url(world, "codebook"),
        url(world, "codebook-history"),
        url(world, "compare"),
        url(world, "code-split", code_pk=book.safe.pk),
    ):
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(url(world, "codebook-code-create"), {"name": "Anonymous"})
    assert response.status_code == 302 and not Code.objects.filter(name="Anonymous").exists()


def test_write_endpoints_refuse_get(world, book, client):
    world.login(client, "owner")
    for name, kwargs in (
        ("codebook-cluster-create", {}),
        ("codebook-code-update", {"code_pk": book.safe.pk}),
        ("codebook-merge", {}),
        ("codebook-code-delete", {}),
        ("code-definition", {"code_pk": book.safe.pk}),
    ):
        assert client.get(url(world, name, **kwargs)).status_code == 405, name


# ---------------------------------------------------------------- every write, per persona

# (url name, url kwargs, body, minimum role, the database effect once it succeeded)
WRITES = [
    (
        "codebook-cluster-create",
        lambda b: {},
        lambda b: {"name": "Endings", "description": "How it ended", "parent": ""},
        "owner",
        lambda b: Cluster.objects.filter(name="Endings", description="How it ended").exists(),
    ),
    (
        "codebook-cluster-update",
        lambda b: {"cluster_pk": b.environment.pk},
        lambda b: {
            "name": "Setting",
            "description": "Where",
            "parent": b.relationship.pk,
            "reason": "environment is part of the relationship",
        },
        "owner",
        lambda b: Cluster.objects.filter(
            pk=b.environment.pk, name="Setting", parent=b.relationship
        ).exists(),
    ),
    (
        "codebook-cluster-delete",
        lambda b: {"cluster_pk": b.environment.pk},
        lambda b: {"reason": "too thin"},
        "owner",
        lambda b: (
            not Cluster.objects.filter(pk=b.environment.pk).exists()
            and Code.objects.get(pk=b.safe.pk).cluster is None
        ),
    ),
    (
        "codebook-cluster-move",
        lambda b: {"cluster_pk": b.environment.pk},
        lambda b: {"direction": "up"},
        "owner",
        lambda b: (
            list(Cluster.objects.values_list("name", flat=True)) == ["Environment", "Relationship"]
        ),
    ),
    (
        "codebook-code-create",
        lambda b: {},
        lambda b: {
            "name": "Therapist remembered",
            "cluster": b.relationship.pk,
            "definition": "Details recalled",
            "colour": "#112233",
            "reason": "",
        },
        "coder",
        lambda b: Code.objects.filter(
            name="Therapist remembered", cluster=b.relationship, colour="#112233"
        ).exists(),
    ),
    (
        "codebook-code-update",
        lambda b: {"code_pk": b.safe.pk},
        lambda b: {
            "definition": "Safe place",
            "inclusion": "the room",
            "exclusion": "safety plans",
            "example": "It felt safe.",
            "colour": "#112233",
            "keywords": "calm, safe ,, secure",
            "reason": "P01",
        },
        "coder",
        lambda b: Code.objects.filter(
            pk=b.safe.pk,
            definition="Safe place",
            exclusion="safety plans",
            keywords=["calm", "safe", "secure"],
            active=False,  # the box was not ticked
        ).exists(),
    ),
    (
        "codebook-code-rename",
        lambda b: {"code_pk": b.safe.pk},
        lambda b: {"name": "Safety", "reason": "shorter"},
        "owner",
        lambda b: Code.objects.get(pk=b.safe.pk).name == "Safety",
    ),
    (
        "codebook-code-move",
        lambda b: {"code_pk": b.safe.pk},
        lambda b: {"cluster": b.relationship.pk},
        "owner",
        lambda b: Code.objects.get(pk=b.safe.pk).cluster_id == b.relationship.pk,
    ),
    (
        "codebook-merge",
        lambda b: {},
        lambda b: {"sources": [b.trust.pk], "target": b.understood.pk, "reason": "one concept"},
        "owner",
        lambda b: not Code.objects.filter(pk=b.trust.pk).exists(),
    ),
    (
        "codebook-code-delete",
        lambda b: {},
        lambda b: {"code": b.retired.pk, "reason": "unused"},
        "owner",
        lambda b: not Code.objects.filter(pk=b.retired.pk).exists(),
    ),
    (
        "code-definition",
        lambda b: {"code_pk": b.safe.pk},
        lambda b: {"definition": "Feeling safe in the room", "inclusion": "", "exclusion": ""},
        "coder",
        lambda b: Code.objects.get(pk=b.safe.pk).definition == "Feeling safe in the room",
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,kwargs,body,minimum,effect", WRITES, ids=[w[0] for w in WRITES])
def test_writes_per_persona(world, book, client, persona, name, kwargs, body, minimum, effect):
    before = snapshot(world)
    world.login(client, persona)
    response = client.post(url(world, name, **kwargs(book)), body(book))
    assert response.status_code == expected(persona, minimum, 302), response.content[:300]
    if response.status_code != 302:
        assert snapshot(world) == before
        return
    back = "compare" if name == "code-definition" else "codebook"
    assert response.url.startswith(url(world, back))
    assert effect(book)
    event = CodebookEvent.objects.order_by("-id").first()
    assert event is not None and event.actor == world.users[persona]
    assert '<li class="success">' in shown_messages(client, response)


@pytest.mark.parametrize("persona", PERSONAS)
def test_split_per_persona(world, book, interview, client, persona):
    first = code_span(world, "owner", interview, book.safe, "The room was calm")
    second = code_span(world, "coder", interview, book.safe, "and safe")
    before = snapshot(world)
    world.login(client, persona)
    response = client.post(
        url(world, "code-split", code_pk=book.safe.pk),
        {
            "action": "split",
            "parts": "3",
            "part-0": "Calm room",
            "part-1": "Safe person",
            "part-2": "",
            f"coding-{first.pk}": "0",
            f"coding-{second.pk}": "1",
            "reason": "two ideas",
        },
    )
    assert response.status_code == expected(persona, "owner", 302)
    if response.status_code != 302:
        assert snapshot(world) == before
        return
    calm, person = Code.objects.get(name="Calm room"), Code.objects.get(name="Safe person")
    assert list(calm.codings.all()) == [first] and list(person.codings.all()) == [second]
    assert calm.cluster == book.environment
    assert not Code.objects.filter(pk=book.safe.pk).exists()


# ---------------------------------------------------------------- behaviour of the forms


def test_merge_repoints_codings_and_history_keeps_the_reason(world, book, interview, client):
    understood = code_span(world, "coder", interview, book.understood, "She understood me.")
    trusted = code_span(world, "coder", interview, book.trust, "I trusted her after I told her.")
    world.login(client, "owner")
    response = client.post(
        url(world, "codebook-merge"),
        {"sources": [book.trust.pk], "target": book.understood.pk, "reason": "P03 shows one idea"},
    )
    assert response.url.endswith(f"#code-{book.understood.pk}")
    assert set(Coding.objects.values_list("id", "code_id")) == {
        (understood.pk, book.understood.pk),
        (trusted.pk, book.understood.pk),
    }
    history = client.get(url(world, "codebook-history")).content.decode()
    assert "Codes merged" in history and "P03 shows one idea" in history
    assert "“Trust after disclosure” merged into “Feeling understood”" in history


def test_merge_needs_sources_and_a_target(world, book, client):
    before = snapshot(world)
    world.login(client, "owner")
    response = client.post(url(world, "codebook-merge"), {"target": book.understood.pk})
    assert "Codes to merge" in shown_messages(client, response)
    response = client.post(
        url(world, "codebook-merge"),
        {"sources": [book.understood.pk], "target": book.understood.pk},
    )
    assert "cannot be merged into itself" in shown_messages(client, response)
    assert snapshot(world) == before


def test_delete_code_needs_an_explicit_choice(world, book, interview, client):
    coding = code_span(world, "coder", interview, book.safe, "calm 😊 and safe")
    world.login(client, "owner")
    refused = client.post(url(world, "codebook-code-delete"), {"code": book.safe.pk})
    assert refused.url == url(world, "codebook") + f"?delete={book.safe.pk}"
    page = shown_messages(client, refused)
    assert (
        "“Feeling safe” has 1 coding(s): merge them into another code, "
        "or confirm that they are deleted too." in page
    )
    assert f'<option value="{book.safe.pk}" selected>Feeling safe' in page  # choice kept
    assert Code.objects.filter(pk=book.safe.pk).exists() and Coding.objects.filter(pk=coding.pk)

    merged = client.post(
        url(world, "codebook-code-delete"),
        {"code": book.safe.pk, "merge_into": book.understood.pk, "reason": "same"},
    )
    assert merged.url.endswith(f"#code-{book.understood.pk}")
    assert not Code.objects.filter(pk=book.safe.pk).exists()
    assert Coding.objects.get(pk=coding.pk).code_id == book.understood.pk

    client.post(url(world, "codebook-code-delete"), {"code": book.understood.pk})
    assert Code.objects.filter(pk=book.understood.pk).exists()
    client.post(
        url(world, "codebook-code-delete"), {"code": book.understood.pk, "delete_codings": "on"}
    )
    assert not Code.objects.filter(pk=book.understood.pk).exists()
    assert not Coding.objects.exists()
    assert CodebookEvent.objects.filter(action="delete_code").count() == 1


def test_split_page_lists_every_coding_and_keeps_input_when_incomplete(
    world, book, interview, client
):
    owner_coding = code_span(world, "owner", interview, book.safe, "The room was calm")
    coder_coding = code_span(world, "coder", interview, book.safe, "and safe")
    world.login(client, "owner")
    split_url = url(world, "code-split", code_pk=book.safe.pk)
    page = client.get(split_url).content.decode()
    # Blind phase or not, the owner places every coder's codings.
    assert "<mark>The room was calm</mark>" in page and "<mark>and safe</mark>" in page
    assert page.count('type="radio"') == 2 * 3
    assert f"#coding-{owner_coding.pk}" in page

    incomplete = client.post(
        split_url,
        {
            "action": "split",
            "parts": "3",
            "part-0": "Calm room",
            "part-1": "Safe person",
            f"coding-{owner_coding.pk}": "1",
        },
    )
    html = incomplete.content.decode()
    assert incomplete.status_code == 400
    assert "Assign every coding of “Feeling safe” exactly once" in html
    assert 'value="Calm room"' in html and 'value="Safe person"' in html
    assert f'name="coding-{owner_coding.pk}" value="1" aria-label' in html
    assert (
        html.split(f'name="coding-{owner_coding.pk}" value="1"')[1]
        .split(">")[0]
        .endswith("checked")
    )
    assert Code.objects.filter(pk=book.safe.pk).exists() and not Code.objects.filter(
        name="Calm room"
    )

    every = {f"coding-{owner_coding.pk}": "0", f"coding-{coder_coding.pk}": "0"}
    one_part = client.post(
        split_url, {"action": "split", "parts": "3", "part-0": "Only one", "part-1": "", **every}
    )
    assert one_part.status_code == 400 and "Part 2: A name is needed." in one_part.content.decode()

    done = client.post(
        split_url,
        {
            "action": "split",
            "parts": "3",
            "part-0": "Calm room",
            "part-1": "Safe person",
            f"coding-{owner_coding.pk}": "1",
            f"coding-{coder_coding.pk}": "0",
            "reason": "two ideas",
        },
    )
    assert done.status_code == 302
    assert Coding.objects.get(pk=owner_coding.pk).code.name == "Safe person"
    assert Coding.objects.get(pk=coder_coding.pk).code.name == "Calm room"
    event = CodebookEvent.objects.get(action="split_code")
    assert event.reason == "two ideas" and "“Calm room” (1), “Safe person” (1)" in event.summary


def test_split_can_add_parts_without_losing_input(world, book, interview, client):
    coding = code_span(world, "owner", interview, book.safe, "and safe")
    world.login(client, "owner")
    response = client.post(
        url(world, "code-split", code_pk=book.safe.pk),
        {"action": "more", "parts": "3", "part-0": "A", f"coding-{coding.pk}": "2"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'name="part-3"' in html and 'value="A"' in html
    assert html.split(f'name="coding-{coding.pk}" value="2"')[1].split(">")[0].endswith("checked")
    assert Code.objects.filter(pk=book.safe.pk).exists()


def test_cluster_order_and_tree(world, book, client):
    world.login(client, "owner")
    core = Cluster.objects.create(study=world.study, name="Core", order=0)
    Cluster.objects.filter(pk__in=[book.relationship.pk, book.environment.pk]).update(parent=core)
    html = client.get(url(world, "codebook")).content.decode()
    assert html.index(f'id="cluster-{core.pk}"') < html.index(
        f'id="cluster-{book.relationship.pk}"'
    )
    assert 'style="--depth: 1"' in html and "core category" in html

    move = url(world, "codebook-cluster-move", cluster_pk=book.relationship.pk)
    moved = client.post(move, {"direction": "down"})
    assert moved.url.endswith(f"#cluster-{book.relationship.pk}")
    assert list(core.children.values_list("name", flat=True)) == ["Environment", "Relationship"]
    event = CodebookEvent.objects.get()
    assert event.summary == "Cluster “Relationship” moved down"
    last = client.post(move, {"direction": "down"})
    assert "already last" in shown_messages(client, last)
    assert list(core.children.values_list("name", flat=True)) == ["Environment", "Relationship"]
    assert CodebookEvent.objects.count() == 1

    under_itself = client.post(
        url(world, "codebook-cluster-update", cluster_pk=core.pk),
        {"name": "Core", "parent": book.environment.pk},
    )
    assert "cannot be placed under itself" in shown_messages(client, under_itself)
    assert Cluster.objects.get(pk=core.pk).parent is None


def test_codebook_shows_codes_with_visible_counts(world, book, interview, client):
    code_span(world, "owner", interview, book.safe, "The room was calm")
    code_span(world, "coder", interview, book.safe, "and safe")
    Code.objects.filter(pk=book.safe.pk).update(
        definition="Safe in the room", exclusion="Safety plans", keywords=["calm", "safe"]
    )
    loose = Code.objects.create(study=world.study, name="Loose end", colour="#aabbcc")
    world.login(client, "owner")
    html = client.get(url(world, "codebook")).content.decode()
    safe = code_item(html, book.safe)
    assert "2 codings" in safe and "Safe in the room" in safe and "Safety plans" in safe
    assert "calm, safe" in safe and "background: #4e79a7" in safe
    assert 'role">inactive' in code_item(html, book.retired)
    assert html.index('id="unclustered"') < html.index(f'id="code-{loose.pk}"')
    world.login(client, "coder")  # blind phase: the coder's count is their own codings
    assert "1 coding<" in code_item(client.get(url(world, "codebook")).content.decode(), book.safe)


@pytest.mark.parametrize("persona", ["owner", "coder", "viewer"])
def test_controls_only_for_roles_that_may_use_them(world, book, client, persona):
    world.login(client, persona)
    html = client.get(url(world, "codebook")).content.decode()
    owner_forms = [
        url(world, "codebook-cluster-create"),
        url(world, "codebook-cluster-update", cluster_pk=book.environment.pk),
        url(world, "codebook-cluster-move", cluster_pk=book.environment.pk),
        url(world, "codebook-merge"),
        url(world, "codebook-code-delete"),
        url(world, "codebook-code-rename", code_pk=book.safe.pk),
        url(world, "codebook-code-move", code_pk=book.safe.pk),
        url(world, "code-split", code_pk=book.safe.pk),
    ]
    coder_forms = [
        url(world, "codebook-code-create"),
        url(world, "codebook-code-update", code_pk=book.safe.pk),
    ]
    for action in owner_forms:
        assert (action in html) == (persona == "owner"), action
    for action in coder_forms:
        assert (action in html) == (persona != "viewer"), action
    if persona == "viewer":  # only the logout form posts
        assert html.count('method="post"') == 1
    compare = client.get(url(world, "compare") + f"?code={book.safe.pk}").content.decode()
    assert (url(world, "code-definition", code_pk=book.safe.pk) in compare) == (persona != "viewer")


def test_history_is_newest_first_and_paginated(world, book, client):
    world.login(client, "owner")
    client.post(
        url(world, "codebook-code-rename", code_pk=book.safe.pk),
        {"name": "Safety", "reason": "shorter name"},
    )
    page = client.get(url(world, "codebook-history")).content.decode()
    assert "“Feeling safe” renamed to “Safety”" in page and "shorter name" in page
    assert world.users["owner"].username in page
    CodebookEvent.objects.bulk_create(
        CodebookEvent(study=world.study, action="update_code", summary=f"change {i}")
        for i in range(60)
    )
    other = make_world("Other study")
    CodebookEvent.objects.create(study=other.study, action="update_code", summary="elsewhere")
    first = client.get(url(world, "codebook-history")).content.decode()
    assert first.count("<tr><td><time") == 50 and "change 59" in first
    assert "Page 1 of 2" in first and "elsewhere" not in first
    assert first.index("change 59") < first.index("change 58")
    second = client.get(url(world, "codebook-history") + "?page=2").content.decode()
    assert second.count("<tr><td><time") == 11 and "renamed to “Safety”" in second


# ---------------------------------------------------------------- constant comparison


def test_comparison_in_the_blind_phase(world, book, interview, client):
    mine = code_span(world, "coder", interview, book.safe, "and safe")
    theirs = code_span(world, "owner", interview, book.safe, "The room was calm")
    page = url(world, "compare") + f"?code={book.safe.pk}"
    world.login(client, "coder")
    html = client.get(page).content.decode()
    assert "<mark>and safe</mark>" in html and "The room was calm</mark>" not in html
    assert f'id="segment-{theirs.pk}"' not in html
    assert f"#coding-{mine.pk}" in html and "P01" in html
    world.login(client, "owner")
    html = client.get(page).content.decode()
    assert f'id="segment-{mine.pk}"' in html and f'id="segment-{theirs.pk}"' in html
    world.study.blind_coding = False
    world.study.save()
    world.login(client, "coder")
    assert f'id="segment-{theirs.pk}"' in client.get(page).content.decode()


def test_comparison_filters_and_picker(world, book, interview, client):
    mine = code_span(world, "coder", interview, book.safe, "and safe")
    theirs = code_span(world, "owner", interview, book.safe, "The room was calm")
    code_span(world, "owner", interview, book.trust, "I trusted her")
    world.login(client, "owner")
    base = url(world, "compare") + f"?code={book.safe.pk}"
    by_coder = client.get(base + f"&coder={world.users['coder'].username}").content.decode()
    assert f'id="segment-{mine.pk}"' in by_coder and f'id="segment-{theirs.pk}"' not in by_coder
    assert "<mark>I trusted her</mark>" not in by_coder
    nobody = client.get(base + "&participant=P99").content.decode()
    assert "No segments for these filters" in nobody
    assert f'id="segment-{mine.pk}"' in client.get(base + "&participant=p01").content.decode()
    picker = client.get(url(world, "compare")).content.decode()
    assert '<optgroup label="Relationship">' in picker and "Old code (inactive)" in picker
    assert client.get(url(world, "compare") + "?code=abc").status_code == 404


def test_definition_edit_in_place_and_as_plain_post(world, book, client):
    world.login(client, "coder")
    target = url(world, "code-definition", code_pk=book.safe.pk)
    body = {
        "definition": "Feeling safe in the room",
        "inclusion": "the place",
        "exclusion": "",
        "reason": "segment 3",
    }
    fragment = client.post(target, body, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html
    assert 'id="definition"' in html and "Feeling safe in the room" in html and "saved" in html
    event = CodebookEvent.objects.get(action="update_code")
    assert event.reason == "segment 3" and event.actor == world.users["coder"]
    plain = client.post(target, {**body, "definition": "Safe with her"})
    assert plain.status_code == 302 and plain.url.endswith(f"?code={book.safe.pk}")
    assert Code.objects.get(pk=book.safe.pk).definition == "Safe with her"
    assert "Definition of “Feeling safe” saved." in shown_messages(client, plain)


# ---------------------------------------------------------------- another study's ids


def test_ids_of_another_study_change_nothing(world, book, interview, client):
    other = make_world("Other study")
    foreign_cluster = Cluster.objects.create(study=other.study, name="Foreign")
    foreign = Code.objects.create(study=other.study, cluster=foreign_cluster, name="Foreign code")
    before = snapshot(world), snapshot(other)
    world.login(client, "owner")
    for name, kwargs in (
        ("codebook-code-update", {"code_pk": foreign.pk}),
        ("codebook-code-rename", {"code_pk": foreign.pk}),
        ("codebook-code-move", {"code_pk": foreign.pk}),
        ("code-split", {"code_pk": foreign.pk}),
        ("code-definition", {"code_pk": foreign.pk}),
        ("codebook-cluster-update", {"cluster_pk": foreign_cluster.pk}),
        ("codebook-cluster-delete", {"cluster_pk": foreign_cluster.pk}),
        ("codebook-cluster-move", {"cluster_pk": foreign_cluster.pk}),
    ):
        body = {"name": "Taken", "colour": "#000000", "direction": "up", "action": "split"}
        assert client.post(url(world, name, **kwargs), body).status_code == 404, name
    assert client.get(url(world, "compare") + f"?code={foreign.pk}").status_code == 404
    for name, body, problem in (
        ("codebook-merge", {"sources": [foreign.pk], "target": book.safe.pk}, "No such code"),
        ("codebook-merge", {"sources": [book.trust.pk], "target": foreign.pk}, "No such code"),
        ("codebook-code-delete", {"code": foreign.pk}, "No such code"),
        (
            "codebook-code-delete",
            {"code": book.trust.pk, "merge_into": foreign.pk},
            "No such code",
        ),
        ("codebook-code-create", {"name": "X", "cluster": foreign_cluster.pk}, "No such cluster"),
        ("codebook-cluster-create", {"name": "X", "parent": foreign_cluster.pk}, "No such cluster"),
    ):
        response = client.post(url(world, name), body)
        assert problem in shown_messages(client, response), (name, body)
    response = client.post(
        url(world, "codebook-code-move", code_pk=book.safe.pk), {"cluster": foreign_cluster.pk}
    )
    assert "No such cluster" in shown_messages(client, response)
    assert (snapshot(world), snapshot(other)) == before
    page = client.get(url(world, "codebook")).content.decode()
    assert "Foreign" not in page


# ---------------------------------------------------------------- query counts


def count_queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200
    return len(queries)


def grow(world, book, interview, codes: int, codings_each: int):
    """Add clusters, codes and codings (two transcripts) to make the pages bigger."""
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"], files=[("P02.txt", SMALL_INTERVIEW)]
    )
    second = world.study.transcripts.get(pk=outcome.transcript_id)
    for i in range(codes):
        cluster = Cluster.objects.create(study=world.study, name=f"Cluster {i}", order=10 + i)
        code = Code.objects.create(study=world.study, cluster=cluster, name=f"Code {i}")
        for j in range(codings_each):
            for transcript, persona in ((interview, "owner"), (second, "coder")):
                Coding.objects.create(
                    transcript=transcript,
                    code=code if j % 2 else book.safe,
                    coder=world.users[persona],
                    start=j,
                    end=j + 5 + i,
                )


@pytest.mark.parametrize("persona", ["owner", "coder"])
def test_codebook_and_comparison_queries_do_not_grow(world, book, interview, client, persona):
    code_span(world, "owner", interview, book.safe, "and safe")
    code_span(world, "coder", interview, book.safe, "The room was calm")
    world.login(client, persona)
    pages = [
        url(world, "codebook"),
        url(world, "compare") + f"?code={book.safe.pk}",
        url(world, "code-split", code_pk=book.safe.pk) if persona == "owner" else None,
        url(world, "codebook-history"),
    ]
    small = [count_queries(client, page) for page in pages if page]
    grow(world, book, interview, codes=12, codings_each=10)
    big = [count_queries(client, page) for page in pages if page]
    assert big == small
    assert max(small) <= 12
    if persona == "owner":  # 122 segments of "Feeling safe": pages of 100 and 22
        second = client.get(pages[1] + "&page=2").content.decode()
        assert second.count('class="segment"') == 22 and "Page 2 of 2" in second


def test_split_puts_the_unassigned_rest_in_one_part(world, book, interview, client):
    odd = code_span(world, "owner", interview, book.safe, "The room was calm")
    rest = [code_span(world, persona, interview, book.safe, "and safe") for persona in PERSONAS[:2]]
    world.login(client, "owner")
    response = client.post(
        url(world, "code-split", code_pk=book.safe.pk),
        {
            "action": "split",
            "parts": "2",
            "part-0": "Calm room",
            "part-1": "Safe",
            f"coding-{odd.pk}": "0",
            "rest": "1",
        },
    )
    assert response.status_code == 302
    assert list(Code.objects.get(name="Calm room").codings.all()) == [odd]
    assert set(Code.objects.get(name="Safe").codings.all()) == set(rest)
