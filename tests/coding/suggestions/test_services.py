"""Suggestions end to end in the database: projection, training, refresh, what a member sees,
accept / reject, permissions and the blind phase."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from coding.codings import services as codings
from coding.models import (
    Coding,
    SignificantMoment,
    Suggestion,
    SuggestionDecision,
    SuggestionJob,
    SuggestionModel,
    SuggestionSettings,
)
from coding.suggestions import decisions
from coding.suggestions import services as suggest
from coding.suggestions import training as suggest_training
from coding.suggestions.config import settings_for
from coding.suggestions.data import code_gold, load_texts, moment_gold
from tests.coding.conftest import span_of
from tests.conftest import make_user, make_world
from transcripts import imports
from transcripts.access import get_study_for_user
from transcripts.errors import DomainError
from transcripts.models import Membership, Role
from transcripts.studies import consensus_user

pytestmark = pytest.mark.django_db

ROOM = (
    "Interviewer: How was the room?\n\n"
    "Client: The room was safe and calm. I trusted her after a while.\n\n"
    "Interviewer: Anything else?\n\n"
    "Client: It really helped me. The endings were abrupt.\n"
)
SISTER = (
    "Interviewer: Tell me more.\n\n"
    "Client: Honestly the room was safe and calm. My sister drove me there.\n\n"
    "Interviewer: Was anything frustrating?\n\n"
    "Client: The waiting list was frustrating. I trusted her after a while.\n"
)


def add(world, name: str, text: str):
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"], files=[(name, text.encode())]
    )
    assert outcome.status == "imported", outcome
    return world.study.transcripts.get(pk=outcome.transcript_id)


@pytest.fixture
def docs(world):
    return add(world, "P11.txt", ROOM), add(world, "P12.txt", SISTER)


def member(world, persona: str):
    return get_study_for_user(world.users[persona], world.study.pk)[1]


def code(world, persona, transcript, code, quote, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = transcript.text.index(quote, start + 1)
    return codings.apply_code(
        member=member(world, persona),
        transcript_id=transcript.pk,
        code_id=code.pk,
        start=start,
        end=start + len(quote),
    ).coding


def configure(world, **changes) -> SuggestionSettings:
    cfg = settings_for(world.study)
    for name, value in changes.items():
        setattr(cfg, name, value)
    cfg.save()
    return cfg


def unblind(world) -> None:
    world.study.blind_coding = False
    world.study.save(update_fields=["blind_coding"])


def seen(world, persona, transcript, **kwargs) -> list[tuple]:
    """open_for as (code name or valence, quote, score, recommenders)."""
    names = dict(world.study.codes.values_list("id", "name"))
    items = suggest.open_for(member(world, persona), transcript.pk, **kwargs)
    return [
        (
            names[s["code"]] if s["code"] else s["valence"],
            transcript.text[s["start"] : s["end"]],
            s["score"],
            sorted(s["recommenders"]),
        )
        for s in items
    ]


def suggestion(transcript, quote, **filters) -> Suggestion:
    start, end = span_of(transcript, quote)
    return Suggestion.objects.get(transcript=transcript, start=start, end=end, **filters)


# ---------------------------------------------------------------- projection onto sentences


def test_projection_needs_half_a_sentence_from_one_coder(world, book, interview):
    coder, owner = world.users["coder"], world.users["owner"]
    sentence = span_of(interview, "She understood me.")
    assert sentence == (35, 53)  # 18 characters: 9 are half
    Coding.objects.create(transcript=interview, code=book.understood, coder=coder, start=35, end=44)
    Coding.objects.create(transcript=interview, code=book.trust, coder=coder, start=35, end=43)
    # "The room was calm 😊 and safe." is 29 characters: two coders' 7 and 8 together make
    # 15, but neither coder's codings cover half of it on their own.
    assert span_of(interview, "The room was calm 😊 and safe.") == (54, 83)
    Coding.objects.create(transcript=interview, code=book.safe, coder=coder, start=54, end=61)
    Coding.objects.create(transcript=interview, code=book.safe, coder=owner, start=61, end=69)
    # The consensus is not a coder: with the "all" source it does not count.
    consensus = consensus_user(world.study)
    Coding.objects.create(transcript=interview, code=book.safe, coder=consensus, start=54, end=83)

    cfg = settings_for(world.study)
    docs = load_texts(world.study)
    gold = code_gold(world.study, cfg, docs, [book.understood, book.trust, book.safe])
    assert gold.names == [
        f"code:{book.understood.pk}",
        f"code:{book.trust.pk}",
        f"code:{book.safe.pk}",
    ]
    assert gold.rated == {interview.pk}
    labels = gold.labels[interview.pk]
    assert labels.shape == (7, 3)
    assert [tuple(map(int, row.nonzero()[0])) for row in labels] == [(), (0,), (), (), (), (), ()]

    cfg.source = SuggestionSettings.Source.CONSENSUS
    gold = code_gold(world.study, cfg, docs, [book.understood, book.trust, book.safe])
    assert [tuple(map(int, row.nonzero()[0])) for row in gold.labels[interview.pk]] == [
        (),
        (),
        (2,),
        (),
        (),
        (),
        (),
    ]

    cfg.source, cfg.source_coder = SuggestionSettings.Source.CODER, owner
    gold = code_gold(world.study, cfg, docs, [book.safe])
    assert gold.labels[interview.pk].sum() == 0 and gold.rated == {interview.pk}


def test_uncoded_transcripts_are_not_training_data(world, book, interview, transcript):
    Coding.objects.create(
        transcript=interview, code=book.safe, coder=world.users["coder"], start=54, end=83
    )
    gold = code_gold(world.study, settings_for(world.study), load_texts(world.study), [book.safe])
    assert gold.rated == {interview.pk}
    assert gold.labels[transcript.pk].shape == (8, 1) and not gold.labels[transcript.pk].any()


def test_moment_projection_counts_mixed_as_both(world, interview):
    start, end = span_of(interview, "I cried in the car.")
    SignificantMoment.objects.create(
        transcript=interview, rater=world.users["coder"], start=start, end=end, valence="mixed"
    )
    docs = load_texts(world.study)
    gold = moment_gold(world.study, settings_for(world.study), docs)
    assert gold.names == ["helpful", "hindering"]
    assert gold.labels[interview.pk].tolist()[6] == [True, True]
    assert gold.labels[interview.pk].sum() == 2


# ---------------------------------------------------------------- training


def test_train_skips_codes_with_too_few_examples(world, book, docs):
    room, sister = docs
    unblind(world)  # one study-wide model (the blind phase trains per coder: below)
    configure(world, min_examples=2)
    code(world, "coder", room, book.safe, "The room was safe and calm.")
    code(world, "coder", sister, book.safe, "Honestly the room was safe and calm.")
    code(world, "coder", room, book.trust, "I trusted her after a while.")

    outcome = suggest_training.train(world.study, user=world.users["owner"])
    assert outcome.messages[0] == (
        "Skipped for the codes classifier, fewer than 2 example sentences each (rules and "
        "memory still suggest them): Feeling understood (0); Trust after disclosure (1); "
        "Relationship (cluster) (1)."
    )
    assert outcome.messages[1].startswith(
        "Trained the codes classifier v1 on 12 sentences of 2 transcripts (1 labels) in "
    )
    assert outcome.messages[2:] == [
        "Skipped for the significant moments classifier, fewer than 2 example sentences each "
        "(rules and memory still suggest them): helpful moments (0); hindering moments (0).",
        "No significant moments classifier trained: nothing has enough examples yet.",
    ]
    [model] = outcome.models
    safe = f"code:{book.safe.pk}"
    assert (model.kind, model.version, model.sentences, model.transcripts) == ("codes", 1, 12, 2)
    assert model.labels == [safe]
    assert model.label_names == {safe: "Feeling safe"}
    assert model.positives == {safe: 2}
    assert model.skipped == [
        {"label": f"code:{book.understood.pk}", "name": "Feeling understood", "examples": 0},
        {"label": f"code:{book.trust.pk}", "name": "Trust after disclosure", "examples": 1},
        # Learned as a label of its own (cluster-level suggestions): two active codes; the
        # environment has one (its other code is retired), which is that code.
        {
            "label": f"cluster:{book.relationship.pk}",
            "name": "Relationship (cluster)",
            "examples": 1,
        },
    ]
    assert model.evaluation == {"note": "Too few coded transcripts to hold any out (3 needed)."}
    assert model.source == "all coders' codings" and model.created_by == world.users["owner"]
    assert model.seed == 0 and len(bytes(model.weights)) > 0

    again = suggest_training.train(world.study)
    assert [m.version for m in again.models] == [2]
    assert again.models[0].created_by is None
    assert list(
        SuggestionModel.objects.filter(study=world.study).values_list("kind", "version")
    ) == [("codes", 2), ("codes", 1)]
    # Same data, same seed: the same weights.
    assert bytes(again.models[0].weights) == bytes(model.weights)

    # Rules and memory still suggest the skipped code; the classifier only what it learned.
    book.trust.keywords = ["trusted"]
    book.trust.save()
    suggest.refresh(world.study)
    trust = Suggestion.objects.filter(code=book.trust, transcript=sister)
    assert sorted((s.recommender, sister.text[s.start : s.end], s.score) for s in trust) == [
        ("memory", "I trusted her after a while", 0.9),
        ("rules", "I trusted her after a while.", 0.5),
    ]
    model_codes = set(
        Suggestion.objects.filter(recommender="model").values_list("code_id", flat=True)
    )
    assert model_codes <= {book.safe.pk}
    assert Suggestion.objects.filter(recommender="model", version="model-v2").exists()


def test_nothing_to_train(world, book, docs):
    outcome = suggest_training.train(world.study)  # blind phase, nobody coded
    assert outcome.models == []
    assert outcome.messages == ["No classifier trained: nobody has coded anything yet."]
    unblind(world)
    outcome = suggest_training.train(world.study)
    assert outcome.models == []
    assert "No codes classifier trained: nothing has enough examples yet." in outcome.messages
    assert SuggestionModel.objects.count() == 0


def test_blind_phase_trains_one_model_per_coder_shown_to_that_coder(world, book, docs):
    room, sister = docs
    configure(world, min_examples=1)
    code(world, "coder", room, book.safe, "The room was safe and calm.")
    code(world, "owner", sister, book.trust, "I trusted her after a while.")
    outcome = suggest_training.train(world.study)
    codes_models = [m for m in outcome.models if m.kind == "codes"]
    owner, coder = world.users["owner"], world.users["coder"]
    # One per coder, in username order, each from that coder's own codings only.
    # Each learns its code and that code's cluster (cluster-level suggestions).
    assert [(m.for_user, m.labels, m.transcripts) for m in codes_models] == [
        (coder, [f"code:{book.safe.pk}"], 1),
        (owner, [f"code:{book.trust.pk}", f"cluster:{book.relationship.pk}"], 1),
    ]
    assert outcome.messages[0].startswith(f"{coder.username}: Skipped for the codes classifier")
    assert {m.pk for m in suggest_training.current(world.study, "codes")} == {
        m.pk for m in codes_models
    }
    configure(world, use_rules=False, use_memory=False, use_moments=False, threshold=0.0)
    suggest.refresh(world.study)
    stored = set(
        Suggestion.objects.filter(recommender="model", code__isnull=False).values_list(
            "for_user", "code"
        )
    )
    assert stored == {(coder.pk, book.safe.pk), (owner.pk, book.trust.pk)}
    # Each sees only their own model's suggestions.
    assert {name for name, *_ in seen(world, "coder", sister)} == {"Feeling safe"}
    assert {name for name, *_ in seen(world, "owner", room)} == {"Trust after disclosure"}
    # The models list and a job's messages show a coder their own model only.
    url = reverse("api-suggestion-models", kwargs={"study_pk": world.study.pk})
    listed = world.client("coder").get(url).json()
    assert {m["for_user__username"] for m in listed} == {coder.username}
    assert {m["for_user__username"] for m in world.client("owner").get(url).json()} == {
        coder.username,
        owner.username,
    }
    job = SuggestionJob.objects.create(
        study=world.study,
        kind="train",
        messages=[
            {"about": None, "text": "Study-wide."},
            {"about": coder.pk, "text": "About the coder."},
            {"about": owner.pk, "text": "About the owner."},
            "owner: an older message, stored as text",
        ],
    )
    job_url = reverse("api-suggestion-job", kwargs={"study_pk": world.study.pk, "job_pk": job.pk})
    assert world.client("coder").get(job_url).json()["messages"] == [
        "Study-wide.",
        "About the coder.",
    ]
    assert len(world.client("viewer").get(job_url).json()["messages"]) == 4
    # After the blind phase one model learns from everyone and suggests to everyone.
    unblind(world)
    assert suggest_training.current(world.study, "codes") == []
    [model] = [m for m in suggest_training.train(world.study).models if m.kind == "codes"]
    assert model.for_user is None and model.source == "all coders' codings"
    assert sorted(model.labels) == sorted(
        [f"code:{book.safe.pk}", f"code:{book.trust.pk}"] + [f"cluster:{book.relationship.pk}"]
    )


# ---------------------------------------------------------------- refresh


def test_refresh_replaces_suggestions(world, book, docs):
    room, sister = docs
    unblind(world)
    book.safe.keywords = ["safe", "calm"]
    book.safe.save()
    code(world, "coder", room, book.trust, "I trusted her after a while.")

    first = suggest.refresh(world.study)
    assert first == {
        "transcripts": 2,
        "suggestions": {"rules": 2, "memory": 2, "moments": 2},
    }
    old_ids = set(Suggestion.objects.values_list("id", flat=True))
    keys = list(
        Suggestion.objects.values_list(
            "transcript_id", "code_id", "valence", "start", "end", "recommender", "for_user"
        )
    )
    assert len(keys) == len(set(keys)) == 6

    second = suggest.refresh(world.study)
    assert second == first
    again = list(
        Suggestion.objects.values_list(
            "transcript_id", "code_id", "valence", "start", "end", "recommender", "for_user"
        )
    )
    assert sorted(again, key=str) == sorted(keys, key=str)
    assert not old_ids & set(Suggestion.objects.values_list("id", flat=True))

    # Only the transcripts named are recomputed.
    kept = set(Suggestion.objects.filter(transcript=sister).values_list("id", flat=True))
    assert suggest.refresh(world.study, transcript_ids=[room.pk])["transcripts"] == 1
    assert set(Suggestion.objects.filter(transcript=sister).values_list("id", flat=True)) == kept
    assert Suggestion.objects.count() == 6


def test_refresh_drops_inactive_codes_and_disabled_recommenders(world, book, docs):
    room, _ = docs
    unblind(world)
    book.safe.keywords = ["safe"]
    book.safe.save()
    book.retired.keywords = ["room"]
    book.retired.save()
    configure(world, use_moments=False, use_memory=False)
    result = suggest.refresh(world.study)
    assert result["suggestions"] == {"rules": 2}
    assert set(Suggestion.objects.values_list("code_id", flat=True)) == {book.safe.pk}


# ---------------------------------------------------------------- what a member sees


@pytest.fixture
def suggested(world, book, docs):
    """Non-blind study, keywords for "Feeling safe", one coded trust phrase, fresh suggestions."""
    room, sister = docs
    unblind(world)
    book.safe.keywords = ["safe", "calm"]
    book.safe.save()
    code(world, "owner", room, book.trust, "I trusted her after a while.")
    suggest.refresh(world.study)
    return room, sister


def test_open_for_lists_merged_open_suggestions(world, book, suggested):
    room, sister = suggested
    assert seen(world, "coder", sister) == [
        ("Feeling safe", "Honestly the room was safe and calm.", 0.75, ["rules"]),
        ("hindering", "The waiting list was frustrating.", 0.6, ["moments"]),
        ("Trust after disclosure", "I trusted her after a while", 0.9, ["memory"]),
    ]
    # The owner coded the trust phrase in this transcript: that memory hit is hidden for them.
    assert seen(world, "owner", room) == [
        ("Feeling safe", "The room was safe and calm.", 0.75, ["rules"]),
        ("helpful", "It really helped me.", 0.6, ["moments"]),
    ]
    assert seen(world, "coder", room)[1] == (
        "Trust after disclosure",
        "I trusted her after a while",
        0.9,
        ["memory"],
    )


def test_open_for_merges_recommenders_on_one_span(world, book, suggested):
    room, _ = suggested
    start, end = span_of(room, "The room was safe and calm.")
    Suggestion.objects.create(
        study=world.study,
        transcript=room,
        code=book.safe,
        start=start,
        end=end,
        score=0.82,
        recommender="model",
        version="model-v9",
    )
    [item] = [
        s for s in suggest.open_for(member(world, "coder"), room.pk) if s["code"] == book.safe.pk
    ]
    assert item["score"] == 0.82 and sorted(item["recommenders"]) == ["model", "rules"]
    assert item["id"] == suggestion(room, "The room was safe and calm.", recommender="model").pk
    assert item["evidence"] == ["calm, safe"]


def test_open_for_hides_what_the_user_rejected(world, book, suggested):
    room, _ = suggested
    rule = suggestion(room, "The room was safe and calm.", recommender="rules")
    decisions.reject(member=member(world, "coder"), suggestion_id=rule.pk)
    decision = SuggestionDecision.objects.get()
    assert (decision.user, decision.accepted, decision.code, decision.recommender) == (
        world.users["coder"],
        False,
        book.safe,
        "rules",
    )
    assert [s[1] for s in seen(world, "coder", room)] == [
        "I trusted her after a while",
        "It really helped me.",
    ]
    # Others still see it; and it stays hidden after the rows are recomputed.
    assert seen(world, "owner", room)[0][1] == "The room was safe and calm."
    suggest.refresh(world.study)
    assert not Suggestion.objects.filter(pk=rule.pk).exists()
    assert suggestion(room, "The room was safe and calm.", recommender="rules")
    assert [s[1] for s in seen(world, "coder", room)] == [
        "I trusted her after a while",
        "It really helped me.",
    ]


def test_open_for_hides_what_the_user_coded_with_that_code(world, book, suggested):
    room, _ = suggested
    # "The room was safe and calm." has 27 characters: coding 17 of them hides it.
    code(world, "coder", room, book.safe, "The room was safe")
    assert "The room was safe and calm." not in [s[1] for s in seen(world, "coder", room)]
    assert seen(world, "owner", room)[0][1] == "The room was safe and calm."
    # A coding with another code, or of less than half, hides nothing.
    code(world, "owner", room, book.understood, "The room was safe and calm.")
    code(world, "owner", room, book.safe, "calm")
    assert seen(world, "owner", room)[0][1] == "The room was safe and calm."
    # A moment the user marked hides that valence's suggestion.
    start, end = span_of(room, "It really helped me.")
    codings.mark_moment(
        member=member(world, "coder"),
        transcript_id=room.pk,
        start=start,
        end=end,
        valence="mixed",
    )
    assert [s[0] for s in seen(world, "coder", room)] == ["Trust after disclosure"]


def test_open_for_respects_threshold_and_disabled_recommenders(world, book, suggested):
    room, sister = suggested
    assert [s[3] for s in seen(world, "coder", sister, threshold=0.8)] == [["memory"]]
    assert [s[3] for s in seen(world, "coder", sister, threshold=0.61)] == [["rules"], ["memory"]]
    configure(world, threshold=0.7)
    assert [s[3] for s in seen(world, "coder", sister)] == [["rules"], ["memory"]]
    configure(world, threshold=0.5, use_memory=False, use_moments=False)
    assert seen(world, "coder", sister) == [
        ("Feeling safe", "Honestly the room was safe and calm.", 0.75, ["rules"])
    ]
    configure(world, use_rules=False)
    assert seen(world, "coder", sister) == []
    assert Suggestion.objects.filter(transcript=sister).count() == 3  # hidden, not deleted


def test_open_for_query_count_is_constant(world, book, suggested, django_assert_num_queries):
    room, _ = suggested
    who = member(world, "coder")
    code(world, "coder", room, book.understood, "It really helped me.")
    reject = suggestion(room, "It really helped me.", recommender="moments")
    decisions.reject(member=who, suggestion_id=reject.pk)
    settings_for(world.study)
    # Settings, suggestions, decisions, codings, moments.
    with django_assert_num_queries(5):
        few = suggest.open_for(who, room.pk)
    assert len(few) == 2
    start, end = span_of(room, "The endings were abrupt.")
    Suggestion.objects.bulk_create(
        Suggestion(
            study=world.study,
            transcript=room,
            code=book.understood,
            start=start,
            end=end - i,
            score=0.9,
            recommender="model",
            version="model-v1",
        )
        for i in range(20)
    )
    with django_assert_num_queries(5):
        many = suggest.open_for(who, room.pk)
    assert len(many) == 22


# ---------------------------------------------------------------- accept, reject, accept all


def test_accept_creates_a_coding_for_the_user(world, book, suggested):
    _, sister = suggested
    rule = suggestion(sister, "Honestly the room was safe and calm.", recommender="rules")
    made = decisions.accept(member=member(world, "coder"), suggestion_id=rule.pk)
    assert isinstance(made, Coding)
    assert (made.coder, made.code, made.transcript_id) == (
        world.users["coder"],
        book.safe,
        sister.pk,
    )
    assert (made.start, made.end) == (rule.start, rule.end)
    decision = SuggestionDecision.objects.get()
    assert (decision.accepted, decision.start, decision.end, decision.score) == (
        True,
        rule.start,
        rule.end,
        0.75,
    )
    assert "Honestly the room was safe and calm." not in [
        s[1] for s in seen(world, "coder", sister)
    ]
    # Accepting again is harmless: the same coding, one decision.
    again = decisions.accept(member=member(world, "coder"), suggestion_id=str(rule.pk))
    assert again.pk == made.pk and SuggestionDecision.objects.count() == 1


def test_accept_with_an_adjusted_span(world, book, suggested):
    _, sister = suggested
    rule = suggestion(sister, "Honestly the room was safe and calm.", recommender="rules")
    start, end = span_of(sister, "the room was safe")
    made = decisions.accept(
        member=member(world, "coder"),
        suggestion_id=rule.pk,
        start=start,
        end=end,
    )
    assert sister.text[made.start : made.end] == "the room was safe"
    decision = SuggestionDecision.objects.get()
    assert (decision.start, decision.end) == (rule.start, rule.end)  # the suggested span
    # The suggestion is decided, though the coding covers only part of it.
    assert "Honestly the room was safe and calm." not in [
        s[1] for s in seen(world, "coder", sister)
    ]
    with pytest.raises(DomainError) as bad:
        decisions.accept(
            member=member(world, "owner"),
            suggestion_id=rule.pk,
            start=end,
            end=start,
        )
    assert bad.value.field == "end"


def test_accepting_a_moment_suggestion_marks_a_moment(world, book, suggested):
    room, _ = suggested
    cue = suggestion(room, "It really helped me.", recommender="moments")
    assert (cue.valence, cue.code, cue.score) == ("helpful", None, 0.6)
    made = decisions.accept(member=member(world, "coder"), suggestion_id=cue.pk)
    assert isinstance(made, SignificantMoment)
    assert (made.rater, made.valence, room.text[made.start : made.end]) == (
        world.users["coder"],
        "helpful",
        "It really helped me.",
    )
    assert Coding.objects.filter(coder=world.users["coder"]).count() == 0


def test_accept_all_takes_one_codes_open_suggestions_in_one_transcript(world, book, suggested):
    room, sister = suggested
    Suggestion.objects.all().delete()

    def make(transcript, code, quote, score):
        start, end = span_of(transcript, quote)
        return Suggestion.objects.create(
            study=world.study,
            transcript=transcript,
            code=code,
            start=start,
            end=end,
            score=score,
            recommender="model",
            version="model-v1",
        )

    make(room, book.safe, "The room was safe and calm.", 0.9)
    make(room, book.safe, "The endings were abrupt.", 0.5)
    low = make(room, book.safe, "Anything else?", 0.3)
    make(room, book.trust, "It really helped me.", 0.9)  # another code
    make(sister, book.safe, "My sister drove me there.", 0.9)  # another transcript
    rejected = make(room, book.safe, "How was the room?", 0.95)
    who = member(world, "coder")
    coder = who.user
    decisions.reject(member=who, suggestion_id=rejected.pk)

    made = decisions.accept_all(member=who, transcript_id=room.pk, code_id=book.safe.pk)
    assert sorted(room.text[c.start : c.end] for c in made) == [
        "The endings were abrupt.",
        "The room was safe and calm.",
    ]
    assert Coding.objects.filter(coder=coder).count() == 2
    assert {c.code_id for c in made} == {book.safe.pk}
    # A lower threshold now takes the one left; nothing else remains for this code.
    [last] = decisions.accept_all(
        member=who, transcript_id=room.pk, code_id=book.safe.pk, threshold="0.2"
    )
    assert (last.start, last.end) == (low.start, low.end)
    assert (
        decisions.accept_all(member=who, transcript_id=room.pk, code_id=book.safe.pk, threshold=0)
        == []
    )
    for threshold, field in ((1.5, "threshold"), ("x", "threshold")):
        with pytest.raises(DomainError) as bad:
            decisions.accept_all(
                member=who,
                transcript_id=room.pk,
                code_id=book.safe.pk,
                threshold=threshold,
            )
        assert bad.value.field == field
    with pytest.raises(DomainError) as bad:
        decisions.accept_all(member=who, transcript_id=room.pk, code_id=999_999)
    assert bad.value.field == "code"


def test_viewers_cannot_decide(world, book, suggested):
    room, _ = suggested
    rule = suggestion(room, "The room was safe and calm.", recommender="rules")
    who = member(world, "viewer")
    viewer = who.user
    with pytest.raises(PermissionDenied):
        decisions.accept(member=who, suggestion_id=rule.pk)
    with pytest.raises(PermissionDenied):
        decisions.reject(member=who, suggestion_id=rule.pk)
    with pytest.raises(PermissionDenied):
        decisions.accept_all(member=who, transcript_id=room.pk, code_id=book.safe.pk)
    assert Coding.objects.filter(coder=viewer).count() == 0
    assert SuggestionDecision.objects.count() == 0
    # Viewers may still look.
    assert len(seen(world, "viewer", room)) == 3


def test_a_suggestion_of_another_study_is_refused(world, book, suggested):
    other = make_world("Other study")
    foreign = add(other, "P99.txt", ROOM)
    from coding.models import Code

    foreign_code = Code.objects.create(study=other.study, name="Foreign", keywords=["safe"])
    suggest.refresh(other.study)
    # Blind phase there: the rule hit once for each of its coding members.
    theirs = Suggestion.objects.filter(code=foreign_code).first()
    assert Suggestion.objects.filter(code=foreign_code).count() == 2
    assert theirs.transcript_id == foreign.pk
    who = member(world, "coder")
    coder = who.user
    # Suggestions are replaced when recomputed, so an unknown id (stale, foreign or not a
    # number) is simply not found in this study.
    for bad_id in (theirs.pk, "nope", None, 999_999):
        with pytest.raises(Http404, match="^No such suggestion in this study.$"):
            decisions.accept(member=who, suggestion_id=bad_id)
        with pytest.raises(Http404, match="^No such suggestion in this study.$"):
            decisions.reject(member=who, suggestion_id=bad_id)
    assert Coding.objects.filter(coder=coder).count() == 0


# ---------------------------------------------------------------- blind phase


def test_blind_memory_is_only_shown_to_its_coder(world, book, docs):
    room, sister = docs
    assert world.study.blind_coding
    second = make_user("second-coder")
    Membership.objects.create(study=world.study, user=second, role=Role.CODER)
    world.users["second"] = second
    code(world, "coder", room, book.trust, "I trusted her after a while.")
    code(world, "second", room, book.safe, "The room was safe and calm.")
    configure(world, use_moments=False)
    result = suggest.refresh(world.study)
    assert result["suggestions"] == {"memory": 4}
    mine = Suggestion.objects.filter(transcript=sister)
    assert sorted((s.for_user_id, sister.text[s.start : s.end]) for s in mine) == sorted(
        [
            (world.users["coder"].pk, "I trusted her after a while"),
            (second.pk, "the room was safe and calm"),
        ]
    )
    assert seen(world, "coder", sister) == [
        ("Trust after disclosure", "I trusted her after a while", 0.9, ["memory"])
    ]
    assert seen(world, "second", sister) == [
        ("Feeling safe", "the room was safe and calm", 0.8, ["memory"])
    ]
    assert seen(world, "owner", sister) == []
    # Nobody can accept another coder's memory suggestion.
    theirs = Suggestion.objects.get(transcript=sister, for_user=second)
    with pytest.raises(Http404):
        decisions.accept(member=member(world, "coder"), suggestion_id=theirs.pk)
    made = decisions.accept(member=member(world, "second"), suggestion_id=theirs.pk)
    assert made.coder == second


def test_blind_memory_ignores_the_consensus(world, book, docs):
    room, sister = docs
    consensus = consensus_user(world.study)
    start, end = span_of(room, "I trusted her after a while.")
    Coding.objects.create(transcript=room, code=book.trust, coder=consensus, start=start, end=end)
    configure(world, use_moments=False)
    assert suggest.refresh(world.study)["suggestions"] == {}
    unblind(world)
    assert suggest.refresh(world.study)["suggestions"] == {"memory": 2}


def test_deactivating_a_code_hides_its_stored_suggestions(world, book, suggested):
    room, sister = suggested
    book.safe.active = False
    book.safe.save()
    assert seen(world, "coder", sister) == [
        ("hindering", "The waiting list was frustrating.", 0.6, ["moments"]),
        ("Trust after disclosure", "I trusted her after a while", 0.9, ["memory"]),
    ]


def test_accepts_and_rejects_reweigh_fixed_scores_on_the_next_round(world, book, suggested):
    room, sister = suggested
    world.study.blind_coding = False  # after the blind phase, decisions are pooled
    world.study.save()
    safe_room, safe_sister = "The room was safe and calm.", "Honestly the room was safe and calm."
    for persona, doc, quote in (
        ("coder", room, safe_room),
        ("coder", sister, safe_sister),
        ("owner", sister, safe_sister),
    ):
        rule = suggestion(doc, quote, recommender="rules")
        decisions.reject(member=member(world, persona), suggestion_id=rule.pk)
    trust = suggestion(sister, "I trusted her after a while", recommender="memory")
    decisions.accept(member=member(world, "coder"), suggestion_id=trust.pk)
    assert suggest.decision_counts(world.study) == {
        (f"code:{book.safe.pk}", "rules", None): (0, 3),
        (f"code:{book.trust.pk}", "memory", None): (1, 1),
    }
    suggest.refresh(world.study)
    # Two keywords (0.75) worth four decisions, then three rejections: 3 / 7.
    assert suggestion(room, safe_room, recommender="rules").score == 0.4286
    # Memory's exact 0.9 and one accept: (3.6 + 1) / 5.
    assert suggestion(room, "I trusted her after a while", recommender="memory").score == 0.92
    # Below the threshold now, for every member: the owner no longer sees the rule hit.
    assert [s[1] for s in seen(world, "owner", room)] == ["It really helped me."]
    # Moment cues were not decided on: unchanged.
    assert suggestion(room, "It really helped me.", recommender="moments").score == 0.6


def test_decision_counts_of_some_transcripts_only(world, book, suggested):
    room, sister = suggested
    unblind(world)
    rule = suggestion(room, "The room was safe and calm.", recommender="rules")
    decisions.reject(member=member(world, "coder"), suggestion_id=rule.pk)
    label = f"code:{book.safe.pk}"
    # The evaluation re-weighs with the decisions of the fold's training transcripts only.
    assert suggest.decision_counts(world.study, transcript_ids=[sister.pk]) == {}
    assert suggest.decision_counts(world.study, transcript_ids=[room.pk]) == {
        (label, "rules", None): (0, 1)
    }
    world.study.blind_coding = True
    world.study.save()
    coder = world.users["coder"].pk
    assert suggest.decision_counts(world.study) == {(label, "rules", coder): (0, 1)}
    assert suggest.decision_counts(world.study, pooled=True) == {(label, "rules", None): (0, 1)}


def test_in_the_blind_phase_one_coders_decisions_never_reweigh_anothers(world, book, suggested):
    room, sister = suggested
    world.study.blind_coding = True
    world.study.save()
    safe_room = "The room was safe and calm."
    for doc, quote in ((room, safe_room), (sister, "Honestly the room was safe and calm.")):
        rule = suggestion(doc, quote, recommender="rules")
        decisions.reject(member=member(world, "owner"), suggestion_id=rule.pk)
    coder = world.users["coder"]
    assert suggest.decision_counts(world.study) == {
        (f"code:{book.safe.pk}", "rules", world.users["owner"].pk): (0, 2)
    }
    suggest.refresh(world.study)
    # While coders are blind each gets the rule hits as their own: the owner's two rejects
    # sink the owner's (0.75 * 4 + 0) / (4 + 2) = 0.5, never the coder's.
    owner = world.users["owner"]
    assert suggestion(room, safe_room, recommender="rules", for_user=owner).score == 0.5
    assert suggestion(room, safe_room, recommender="rules", for_user=coder).score == 0.75
    assert any(s[1] == safe_room and s[2] == 0.75 for s in seen(world, "coder", room)), coder
    assert not Suggestion.objects.filter(recommender="rules", for_user__isnull=True).exists()


def test_reweighed():
    from coding.suggestions.recommenders import reweighed

    assert reweighed(0.5, 0, 0) == 0.5
    assert reweighed(0.5, 6, 6) == 0.8
    assert reweighed(0.9, 0, 12) == 0.225


def _codes_model(world, evidence: dict, for_user=None) -> SuggestionModel:
    # Never loaded (the classifier is off): only its stored rule evidence is read.
    return SuggestionModel.objects.create(
        study=world.study,
        kind=SuggestionModel.Kind.CODES,
        version=1,
        source="test",
        for_user=for_user,
        config="{}",
        weights=b"",
        rule_evidence=evidence,
    )


def test_the_codings_verdict_on_the_rules_reweighs_them_after_the_blind_phase(
    world, book, suggested
):
    room, _ = suggested
    safe_room = "The room was safe and calm."
    configure(world, use_model=False)
    _codes_model(world, {f"code:{book.safe.pk}": [1, 4]})
    suggest.refresh(world.study)
    # Two keywords (0.75) worth four decisions, then 1 right of 4 hits: (3 + 1) / 8.
    assert suggestion(room, safe_room, recommender="rules").score == 0.5
    # Members' decisions add to the codings' verdict.
    decisions.reject(
        member=member(world, "coder"),
        suggestion_id=suggestion(room, safe_room, recommender="rules").pk,
    )
    suggest.refresh(world.study)
    assert suggestion(room, safe_room, recommender="rules").score == round(4 / 9, 4)


def test_in_the_blind_phase_a_coders_own_codings_judge_the_rules_they_see(world, book, suggested):
    room, _ = suggested
    world.study.blind_coding = True
    world.study.save()
    configure(world, use_model=False)
    coder, owner = world.users["coder"], world.users["owner"]
    # The coder's own model (they have coded) found the rule right on none of its 40 hits.
    code(world, "coder", room, book.trust, "I trusted her after a while.")
    _codes_model(world, {f"code:{book.safe.pk}": [0, 40]}, for_user=coder)
    suggest.refresh(world.study)
    quote = "The room was safe and calm."
    # (0.75 * 4 + 0) / (4 + 40) for the coder; the owner's, judged by nobody's codings, 0.75.
    assert suggestion(room, quote, recommender="rules", for_user=coder).score == 0.0682
    assert suggestion(room, quote, recommender="rules", for_user=owner).score == 0.75
    assert not any(s[1] == quote for s in seen(world, "coder", room))
    assert any(s[1] == quote and s[2] == 0.75 for s in seen(world, "owner", room))
    # A viewer codes nothing: no rule hits of their own.
    assert not Suggestion.objects.filter(recommender="rules", for_user=world.users["viewer"])
