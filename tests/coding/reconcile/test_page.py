"""What the reconciliation page adds to a region (coding/reconcile/page.py), and the page."""

from coding.reconcile import page

TURNS = [(0, "Interviewer", "interviewer", 0, 40), (1, "Rosa", "client", 41, 120)]


def test_where_names_the_speaker_and_turn():
    assert page.where(50, 60, TURNS) == "Client (Rosa), turn 2"
    assert page.where(0, 10, TURNS) == "Interviewer, turn 1"
    assert page.where(30, 60, TURNS) == "turns 1–2 (Interviewer, Client (Rosa))"
    assert page.where(200, 210, TURNS) == ""


def test_versions_are_split_into_the_shared_words_and_each_ones_own():
    text = "0123456789She listened 😊 to me, really."
    a = {"start": 10, "end": 24, "quote": text[10:24]}
    b = {"start": 14, "end": 31, "quote": text[14:31]}
    versions = [a, b]
    page.split_versions(versions)
    # Shared: [14, 24); a has "She " before it, b has "me, re" after it (code points).
    assert a["parts"] == ("She ", text[14:24], "")
    assert b["parts"] == ("", text[14:24], text[24:31])
    assert text[14:24] == "listened 😊"
    assert "".join(b["parts"]) == b["quote"]


def test_describe_orders_keys_by_the_rows_and_says_the_decision():
    region = {
        "start": 0, "end": 10, "kind": "codes",
        "versions": [
            {"coder": "devon", "code": 2, "start": 0, "end": 10, "quote": "x" * 10},
            {"coder": "casey", "code": 1, "start": 0, "end": 10, "quote": "x" * 10},
        ],
        "decision": {"outcome": "accept_one", "accepted_coder": "casey", "decided_by": "olivia"},
    }  # fmt: skip
    page.describe(region, {1: "Trust", 2: "Safety"}, TURNS)
    assert region["coders"] == ["devon", "casey"]
    assert [(v["key"], v["code_name"]) for v in region["versions"]] == [(1, "Safety"), (2, "Trust")]
    assert region["decision_words"] == "olivia accepted casey's version"
    region["decision"] = {"outcome": "agreed", "accepted_coder": "", "decided_by": None}
    page.describe(region, {}, TURNS)
    assert region["decision_words"] == "The coders agreed (adopted without a click)"
