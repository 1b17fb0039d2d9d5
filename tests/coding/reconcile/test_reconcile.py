"""Reconciliation: the disagreement queue, decisions, consensus codings, the audit trail."""

import re

import pytest
from django.urls import reverse

from coding.models import Coding, ReconciliationDecision
from tests.coding.conftest import span_of
from tests.conftest import PERSONAS
from transcripts.models import Membership
from transcripts.studies import consensus_user


@pytest.fixture
def coded(world, book, interview):
    def add(persona, code, quote):
        s, e = span_of(interview, quote)
        return Coding.objects.create(
            transcript=interview, code=code, coder=world.users[persona], start=s, end=e
        )

    add("owner", book.understood, "She understood me.")  # agree (same code, same span)
    add("coder", book.understood, "She understood me.")
    add("owner", book.safe, "The room was calm")  # codes differ
    add("coder", book.trust, "The room was calm 😊 and safe.")
    add("owner", book.trust, "I trusted her after I told her.")  # only the owner
    return world


def queue_url(world, interview):
    return reverse(
        "api-disagreements", kwargs={"study_pk": world.study.pk, "transcript_pk": interview.pk}
    )


def decide_url(world):
    return reverse("api-decisions", kwargs={"study_pk": world.study.pk})


def test_queue_lists_disagreements_with_versions(coded, interview):
    data = coded.client("owner").get(queue_url(coded, interview)).json()
    assert (data["total"], data["resolved"]) == (2, 0)
    kinds = [(r["kind"], r["quote"]) for r in data["regions"]]
    assert kinds == [
        ("codes", "The room was calm 😊 and safe."),
        ("missing", "I trusted her after I told her."),
    ]
    assert {v["coder"] for v in data["regions"][0]["versions"]} == {
        coded.users["owner"].username,
        coded.users["coder"].username,
    }


def test_decisions_make_consensus_codings_and_keep_the_audit_trail(coded, interview, book):
    client = coded.client("owner")
    regions = client.get(queue_url(coded, interview)).json()["regions"]
    first, second = regions
    body = {
        "transcript": interview.pk,
        "start": first["start"],
        "end": first["end"],
        "outcome": "accept_one",
        "coder": coded.users["coder"].username,
        "reason": "the whole sentence",
    }
    response = client.post(decide_url(coded), body, format="json")
    assert response.status_code == 201
    consensus = consensus_user(coded.study)
    # The agreed sentence entered the consensus when the queue was opened, no click needed.
    agreed, made = Coding.objects.filter(coder=consensus)
    assert (agreed.code, interview.text[agreed.start : agreed.end]) == (
        book.understood,
        "She understood me.",
    )
    assert (made.code, interview.text[made.start : made.end]) == (
        book.trust,
        "The room was calm 😊 and safe.",
    )
    # Editing replaces the consensus of that stretch; the earlier decision stays in the trail.
    s, e = span_of(interview, "The room was calm")
    edit = {
        "transcript": interview.pk,
        "start": first["start"],
        "end": first["end"],
        "outcome": "edit",
        "codings": [{"code": book.safe.pk, "start": s, "end": e}],
        "reason": "room, not trust",
    }
    assert client.post(decide_url(coded), edit, format="json").status_code == 201
    understood = span_of(interview, "She understood me.")
    assert [(c.code_id, c.start, c.end) for c in Coding.objects.filter(coder=consensus)] == [
        (book.understood.pk, *understood),
        (book.safe.pk, s, e),
    ]
    none = {
        "transcript": interview.pk,
        "start": second["start"],
        "end": second["end"],
        "outcome": "accept_none",
    }
    assert client.post(decide_url(coded), none, format="json").status_code == 201
    data = client.get(queue_url(coded, interview)).json()
    assert (data["total"], data["resolved"]) == (2, 2)
    assert data["regions"][0]["decision"]["outcome"] == "edit"
    [agreed_region] = data["agreed"]
    assert agreed_region["quote"] == "She understood me."
    assert agreed_region["decision"]["outcome"] == "agreed"
    assert agreed_region["decision"]["decided_by"] is None
    trail = client.get(decide_url(coded), {"transcript": interview.pk}).json()
    assert [d["outcome"] for d in trail] == ["accept_none", "edit", "accept_one", "agreed"]
    assert trail[2]["versions"][0]["coder"] in {
        coded.users["owner"].username,
        coded.users["coder"].username,
    }
    assert (
        trail[1]["reason"] == "room, not trust"
        and trail[1]["decided_by"] == coded.users["owner"].username
    )
    # The consensus is an ordinary coder for agreement.
    from coding.agreement import report as agreement_report

    report = agreement_report.study_agreement(
        coded.study, unit="sentence", coders=[coded.users["coder"].username, consensus.username]
    )
    assert report.coders == sorted([coded.users["coder"].username, consensus.username])
    assert consensus.username not in agreement_report.coders_of(coded.study)


def test_bad_decisions(coded, interview, book):
    client = coded.client("owner")
    stale = {"transcript": interview.pk, "start": 0, "end": 3, "outcome": "accept_none"}
    assert (
        client.post(decide_url(coded), stale, format="json").json()["errors"][0]["field"] == "start"
    )
    region = client.get(queue_url(coded, interview)).json()["regions"][0]
    base = {"transcript": interview.pk, "start": region["start"], "end": region["end"]}
    wrong_coder = client.post(
        decide_url(coded), {**base, "outcome": "accept_one", "coder": "nobody"}, format="json"
    )
    assert wrong_coder.json()["errors"][0]["field"] == "coder"
    bad_edit = client.post(
        decide_url(coded),
        {**base, "outcome": "edit", "codings": [{"code": book.retired.pk, "start": 0, "end": 4}]},
        format="json",
    )
    assert (
        bad_edit.status_code == 400 and bad_edit.json()["errors"][0]["field"] == "codings[0].code"
    )
    agreed = client.post(decide_url(coded), {**base, "outcome": "agreed"}, format="json")
    assert agreed.json()["errors"][0]["field"] == "outcome"
    # Only the agreed region (adopted when the queue was opened) is recorded.
    assert list(ReconciliationDecision.objects.values_list("outcome", flat=True)) == ["agreed"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_owners_and_named_reconcilers(coded, interview, persona):
    response = coded.client(persona).get(queue_url(coded, interview))
    expected = {"outsider": 404, "owner": 200}.get(persona, 403)
    assert response.status_code == expected
    if persona == "coder":
        membership = Membership.objects.get(study=coded.study, user=coded.users["coder"])
        member_url = reverse(
            "api-member-detail", kwargs={"study_pk": coded.study.pk, "member_pk": membership.pk}
        )
        assert (
            coded.client("coder")
            .patch(member_url, {"can_reconcile": True}, format="json")
            .status_code
            == 403
        )
        named = coded.client("owner").patch(member_url, {"named_reconciler": True}, format="json")
        assert named.status_code == 200
        # Reconciling shows every coder's versions: a named coder waits for the blind phase
        # to end, and is told so.
        refused = coded.client("coder").get(queue_url(coded, interview))
        assert refused.status_code == 403
        assert refused.json()["detail"] == (
            "Named reconcilers reconcile once the owner ends the blind phase."
        )
        coded.study.blind_coding = False
        coded.study.save()
        assert coded.client("coder").get(queue_url(coded, interview)).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_reconcile_page_and_decide_per_persona(coded, interview, client, persona):
    coded.login(client, persona)
    page = client.get(reverse("reconcile", args=[coded.study.pk]), {"transcript": interview.pk})
    expected = {"outsider": 404, "owner": 200}.get(persona, 403)
    assert page.status_code == expected
    region = None
    if expected == 200:
        html = page.content.decode()
        assert 'Resolved <strong id="resolved">0</strong> of <strong>2</strong>' in html
        region = coded.client("owner").get(queue_url(coded, interview)).json()["regions"][1]
    start, end = (region["start"], region["end"]) if region else (0, 1)
    response = client.post(
        reverse("reconcile-decide", args=[coded.study.pk]),
        {
            "transcript": interview.pk,
            "start": start,
            "end": end,
            "outcome": "accept_one",
            "coder": coded.users["owner"].username,
            "reason": "clearly trust",
            "next": "2",
        },
    )
    assert response.status_code == {"outsider": 404, "viewer": 403, "coder": 403}.get(persona, 302)
    # The owner opened the queue (the agreed sentence was adopted) and decided one region.
    assert ReconciliationDecision.objects.exclude(outcome="agreed").count() == (
        1 if persona == "owner" else 0
    )


def _decide_first(world, interview, outcome="accept_none", coder=""):
    region = world.client("owner").get(queue_url(world, interview)).json()["regions"][0]
    body = {
        "transcript": interview.pk,
        "start": region["start"],
        "end": region["end"],
        "outcome": outcome,
        "coder": coder,
    }
    return world.client("owner").post(decide_url(world), body, format="json").json()


def test_codebook_changes_link_to_the_disagreements_that_motivated_them(coded, interview, book):
    from coding.models import CodebookEvent

    decision = _decide_first(coded, interview)
    code_url = reverse(
        "api-code-detail", kwargs={"study_pk": coded.study.pk, "code_pk": book.safe.pk}
    )
    response = coded.client("owner").patch(
        code_url,
        {
            "definition": "Safety tied to the room itself",
            "reason": "P01 disagreement",
            "motivated_by": [decision["id"]],
        },
        format="json",
    )
    assert response.status_code == 200
    event = CodebookEvent.objects.get(action="update_code")
    assert event.details["disagreements"] == [
        {
            "decision": decision["id"],
            "transcript": interview.pk,
            "start": decision["start"],
            "end": decision["end"],
            "kind": "codes",
        }
    ]
    merge = reverse("api-code-merge", kwargs={"study_pk": coded.study.pk})
    refused = coded.client("owner").post(
        merge,
        {"sources": [book.trust.pk], "target": book.understood.pk, "motivated_by": [99999]},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "motivated_by"
    assert CodebookEvent.objects.filter(action="merge_codes").count() == 0


def test_codings_to_recheck_after_a_definition_change(coded, book):
    from coding.models import CodebookEvent

    code_url = reverse(
        "api-code-detail", kwargs={"study_pk": coded.study.pk, "code_pk": book.safe.pk}
    )
    coded.client("owner").patch(code_url, {"definition": "Narrower"}, format="json")
    event = CodebookEvent.objects.get(action="update_code")
    url = reverse("api-codebook-recheck", kwargs={"study_pk": coded.study.pk, "event_pk": event.pk})
    data = coded.client("owner").get(url).json()
    assert [c["quote"] for c in data["codings"]] == ["The room was calm"]
    # A coding touched after the change no longer needs re-checking.
    Coding.objects.filter(code=book.safe).update(
        updated_at=event.at.replace(year=event.at.year + 1)
    )
    assert coded.client("owner").get(url).json()["codings"] == []
    assert coded.client("outsider").get(url).status_code == 404


def test_each_coder_against_the_consensus_over_reconciled_transcripts(coded, interview, client):
    from coding.agreement import report as agreement_report

    owner, coder = coded.users["owner"].username, coded.users["coder"].username
    both = sorted([owner, coder])

    def against():
        coded.study.refresh_from_db()  # the first decision made the consensus identity
        report = agreement_report.study_agreement(coded.study, unit="sentence", coders=both)
        assert report.as_dict()["consensus"] == report.consensus
        return {row["coder"]: row["alpha"] for row in report.consensus}, report.consensus_coverage

    # One of two disagreements decided: the transcript is not reconciled, nothing to compare.
    first = _decide_first(coded, interview, outcome="accept_one", coder=coder)
    decided_start, decided_end = first["start"], first["end"]
    empty = {"over": "reconciled", "transcripts": 0, "units": 0, "characters": 0.0}
    assert against() == ({}, empty)
    # Over the decided regions instead, the one decided region is compared already.
    decided = agreement_report.study_agreement(
        coded.study, unit="sentence", coders=both, consensus_over="decided"
    )
    # The decided region and the agreed one (adopted when the queue was opened).
    stretches = list(ReconciliationDecision.objects.values_list("start", "end"))
    assert (decided_start, decided_end) in stretches and len(stretches) == 2
    region_sentences = [
        (s, e) for s, e in interview.sentences if any(s < b and e > a for a, b in stretches)
    ]
    assert decided.consensus_coverage["units"] == len(region_sentences)
    assert decided.consensus_coverage["over"] == "decided"
    assert {row["coder"] for row in decided.consensus} == set(both)
    # Every disagreement decided for the coder; the agreed sentence entered without a click.
    for region in coded.client("owner").get(queue_url(coded, interview)).json()["regions"][1:]:
        body = {"transcript": interview.pk, "start": region["start"], "end": region["end"]}
        body |= {"outcome": "accept_one", "coder": coder}
        if not any(v["coder"] == coder for v in region["versions"]):
            body |= {"outcome": "accept_none"}  # the coder coded nothing there
        assert coded.client("owner").post(decide_url(coded), body, format="json").status_code == 201
    alphas, coverage = against()
    assert alphas[coder] == 1.0  # the consensus is exactly the coder's codings
    assert (
        alphas[owner]
        == agreement_report.study_agreement(coded.study, unit="sentence", coders=both).overall.alpha
    )
    assert coverage == {
        "over": "reconciled",
        "transcripts": 1,
        "units": len(interview.sentences),
        "characters": 1.0,
    }
    page = coded.login(client, "owner").get(
        reverse("agreement", args=[coded.study.pk]), {"coder": both, "unit": "sentence"}
    )
    text = page.content.decode()
    n = len(interview.sentences)
    assert f"1 transcript, {n} sentences, 100% of the study" in " ".join(text.split())
    assert "Used by" in text


def test_edit_the_consensus_from_the_page(coded, interview, book, client):
    region = coded.client("owner").get(queue_url(coded, interview)).json()["regions"][0]
    coded.login(client, "owner")
    s, e = span_of(interview, "The room was calm")
    url = reverse("reconcile-decide", args=[coded.study.pk])
    base = {
        "transcript": interview.pk,
        "start": region["start"],
        "end": region["end"],
        "outcome": "edit",
    }
    bad = client.post(
        url, {**base, "edit_code": book.safe.pk, "edit_start": "x", "edit_end": e}, follow=True
    )
    assert "whole number" in bad.content.decode()
    assert not ReconciliationDecision.objects.exclude(outcome="agreed").exists()
    client.post(
        url, {**base, "edit_code": book.safe.pk, "edit_start": s, "edit_end": e, "reason": "room"}
    )
    decision = ReconciliationDecision.objects.get(outcome="edit")
    assert (
        decision.result == [{"code": book.safe.pk, "start": s, "end": e}]
        and decision.reason == "room"
    )


def test_codebook_page_links_a_change_to_a_decision(coded, interview, book, client):
    from coding.models import CodebookEvent

    decision = _decide_first(coded, interview)
    coded.login(client, "owner")
    page = client.get(
        reverse("codebook", args=[coded.study.pk]), {"motivated_by": str(decision["id"])}
    )
    assert f'name="motivated_by" value="{decision["id"]}"' in page.content.decode()
    response = client.post(
        reverse("codebook-code-move", args=[coded.study.pk, book.safe.pk]),
        {
            "cluster": book.relationship.pk,
            "reason": "safety is relational here",
            "motivated_by": str(decision["id"]),
        },
    )
    assert response.status_code == 302
    event = CodebookEvent.objects.get(action="move_code")
    assert [d["decision"] for d in event.details["disagreements"]] == [decision["id"]]
    reconcile_page = client.get(
        reverse("reconcile", args=[coded.study.pk]), {"transcript": interview.pk}
    )
    assert f"?motivated_by={decision['id']}" in reconcile_page.content.decode()


def test_a_second_reconciler_sees_the_first_decision_not_an_overwrite(coded, interview):
    coded.study.blind_coding = False
    coded.study.save()
    member = Membership.objects.get(study=coded.study, user=coded.users["coder"])
    member.named_reconciler = True
    member.save()
    region = coded.client("owner").get(queue_url(coded, interview)).json()["regions"][0]
    body = {
        "transcript": interview.pk,
        "start": region["start"],
        "end": region["end"],
        "outcome": "accept_none",
    }
    first = coded.client("owner").post(decide_url(coded), body, format="json")
    assert first.status_code == 201
    # The same decision sent again (a double click) is recorded once.
    again = coded.client("owner").post(decide_url(coded), body, format="json")
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    # The second reconciler, who saw the region undecided, gets the first decision back.
    other = {**body, "outcome": "accept_all"}
    conflict = coded.client("coder").post(decide_url(coded), other, format="json")
    assert conflict.status_code == 409
    assert conflict.json()["current"]["id"] == first.json()["id"]
    assert conflict.json()["current"]["outcome"] == "accept_none"
    assert conflict.json()["errors"][0]["field"] == "replaces"
    # Having seen it, they revisit it on purpose.
    revisit = {**other, "replaces": first.json()["id"]}
    assert coded.client("coder").post(decide_url(coded), revisit, format="json").status_code == 201
    outcomes = ReconciliationDecision.objects.exclude(outcome="agreed").values_list(
        "outcome", flat=True
    )
    assert sorted(outcomes) == ["accept_all", "accept_none"]


def test_a_reason_is_bounded(coded, interview):
    region = coded.client("owner").get(queue_url(coded, interview)).json()["regions"][0]
    body = {"transcript": interview.pk, "start": region["start"], "end": region["end"]}
    body |= {"outcome": "accept_none", "reason": "x" * 2001}
    refused = coded.client("owner").post(decide_url(coded), body, format="json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "reason"


def test_agreed_regions_are_typed_in_the_schema(coded, interview):
    # The owner and the coder agree on "She understood me.": the queue lists it under `agreed`
    # with kind "agree", and the schema-checking client refuses an answer outside the schema.
    data = coded.client("owner").get(queue_url(coded, interview)).json()
    assert [(r["kind"], r["quote"]) for r in data["agreed"]] == [("agree", "She understood me.")]


def test_reconcile_page_numbers_buttons_in_row_order_and_lists_agreed_regions(
    coded, interview, client
):
    coded.login(client, "owner")
    html = client.get(
        reverse("reconcile", args=[coded.study.pk]), {"transcript": interview.pk}
    ).content.decode()
    first = html[html.index('id="region-0"') : html.index('id="region-1"')]
    rows = re.findall(r"<tr><td><kbd>(\d)</kbd></td><td>([^<]+)</td>", first)
    # Row k's coder is the one the button with key k accepts.
    for key, coder in rows:
        assert f'data-key="{key}">{key} Accept {coder}</button>' in first
    assert len(rows) == 2
    assert "Client, turn" in first or "Client (" in first
    assert "1 region where the coders agree" in html
    assert 'id="agreed-0"' in html and "The coders agreed (adopted without a click)" in html


def test_decide_redirects_to_the_next_region_only_by_a_known_anchor(coded, interview, client):
    coded.login(client, "owner")
    region = coded.client("owner").get(queue_url(coded, interview)).json()["regions"][0]
    body = {
        "transcript": interview.pk, "start": region["start"], "end": region["end"],
        "outcome": "accept_none", "reason": "", "next": "javascript:alert(1)",
    }  # fmt: skip
    response = client.post(reverse("reconcile-decide", args=[coded.study.pk]), body)
    assert response["Location"].endswith(f"?transcript={interview.pk}#regions")
    body["next"] = "region-1"
    body["replaces"] = ReconciliationDecision.objects.exclude(outcome="agreed").get().pk
    response = client.post(reverse("reconcile-decide", args=[coded.study.pk]), body)
    assert response["Location"].endswith("#region-1")
