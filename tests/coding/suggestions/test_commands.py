"""manage.py suggest and evaluate_suggestions on a small coded study."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coding.models import (
    Cluster,
    Code,
    Coding,
    SignificantMoment,
    Suggestion,
    SuggestionJob,
    SuggestionModel,
)
from coding.suggestions.config import settings_for
from tests.coding.conftest import span_of
from tests.conftest import make_world
from transcripts import imports

pytestmark = pytest.mark.django_db

INTERVIEWS = {
    "P21.txt": (
        "Interviewer: How was it?\n\n"
        "Client: The room was safe and calm. I trusted her after a while. My sister drove me.\n\n"
        "Interviewer: Anything else?\n\n"
        "Client: It really helped me. The endings were abrupt.\n"
    ),
    "P22.txt": (
        "Interviewer: Tell me more.\n\n"
        "Client: Honestly the room was safe and calm. The bus was late.\n\n"
        "Interviewer: And then?\n\n"
        "Client: I trusted her after a while. The waiting list was frustrating.\n"
    ),
    "P23.txt": (
        "Interviewer: How did it start?\n\n"
        "Client: At first nothing was safe. The room was safe and calm. "
        "I trusted her after a while.\n\n"
        "Interviewer: What hindered?\n\n"
        "Client: It was frustrating at times.\n"
    ),
    # Never coded: suggested for, but not training or test data.
    "P24.txt": (
        "Interviewer: Hello.\n\nClient: The room was safe and calm. I trusted her after a while.\n"
    ),
}
# (file, code, quote) coded by the coder; the "safe" sentence of P23 stays uncoded on purpose.
CODINGS = [
    ("P21.txt", "Feeling safe", "The room was safe and calm."),
    ("P21.txt", "Trust", "I trusted her after a while."),
    ("P22.txt", "Feeling safe", "Honestly the room was safe and calm."),
    ("P22.txt", "Trust", "I trusted her after a while."),
    ("P23.txt", "Feeling safe", "The room was safe and calm."),
    ("P23.txt", "Trust", "I trusted her after a while."),
]
MOMENTS = [
    ("P21.txt", "helpful", "It really helped me."),
    ("P22.txt", "hindering", "The waiting list was frustrating."),
]


def build(world, files=INTERVIEWS, codings=CODINGS, moments=MOMENTS):
    study, coder = world.study, world.users["coder"]
    outcomes = imports.import_files(
        study=study, user=world.users["owner"], files=[(n, t.encode()) for n, t in files.items()]
    )
    docs = {}
    for name, outcome in zip(files, outcomes, strict=True):
        assert outcome.status == "imported", outcome
        docs[name] = study.transcripts.get(pk=outcome.transcript_id)
    codes = {
        "Feeling safe": Code.objects.create(study=study, name="Feeling safe", keywords=["safe"]),
        "Trust": Code.objects.create(study=study, name="Trust", keywords=["trusted"]),
    }
    for name, code, quote in codings:
        start, end = span_of(docs[name], quote)
        Coding.objects.create(
            transcript=docs[name], code=codes[code], coder=coder, start=start, end=end
        )
    for name, valence, quote in moments:
        start, end = span_of(docs[name], quote)
        SignificantMoment.objects.create(
            transcript=docs[name], rater=coder, start=start, end=end, valence=valence
        )
    cfg = settings_for(study)
    cfg.min_examples = 2
    cfg.save()
    return docs, codes


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def row(name: str, p: float, r: float, f1: float, support: int | None = None) -> str:
    line = f"{name:<44} {p:6.3f} {r:6.3f} {f1:6.3f}"
    return line + (f" {support:6d}" if support is not None else "")


def test_suggest_with_training(world):
    docs, codes = build(world)
    out = run("suggest", "--study", str(world.study.pk), "--train")
    lines = out.splitlines()
    # The study is in its blind phase: the only coder gets a model of their own codings.
    who = world.users["coder"].username
    assert lines[0] == (
        f"{who}: Trained the codes classifier v1 on 19 sentences of 3 transcripts (2 labels) in "
        + lines[0].split(" in ")[-1]
    )
    assert re.fullmatch(r".* in \d+\.\d s\.", lines[0])
    assert lines[1] == (
        f"{who}: Skipped for the significant moments classifier, fewer than 2 example sentences "
        "each (rules and memory still suggest them): helpful moments (1); hindering moments (1)."
    )
    assert lines[2] == (
        f"{who}: No significant moments classifier trained: nothing has enough examples yet."
    )
    model = SuggestionModel.objects.get(study=world.study)
    assert (model.kind, model.version, model.transcripts, model.sentences) == ("codes", 1, 3, 19)
    assert model.for_user == world.users["coder"]
    assert model.source == f"{who}'s own codings (blind phase)"
    # Cross-validated: each of the 3 coded transcripts scored by a model that did not see it.
    assert (model.evaluation["test_transcripts"], model.evaluation["folds"]) == (3, 3)
    assert model.evaluation["test_sentences"] == 19
    counts = {
        r: Suggestion.objects.filter(study=world.study, recommender=r).count()
        for r in ("memory", "model", "moments", "rules")
    }
    # Rules: 5 "safe" and 4 "trusted" sentences, once for each of the two coding members
    # (blind phase: each weighed by their own record). Memory (blind: the coder's own): "The
    # room was safe and calm" in P21, P23 and P24, P22's longer phrase (which holds the short
    # one: only the longer is suggested) and the trust phrase in all four.
    assert counts["rules"] == 18 and counts["memory"] == 8
    assert counts["moments"] == 3  # helped, frustrating (twice)
    assert lines[3] == (
        f"4 transcripts: {counts['memory']} memory, {counts['model']} model, "
        f"{counts['moments']} moments, {counts['rules']} rules."
    )
    assert set(
        Suggestion.objects.filter(recommender="memory").values_list("for_user", flat=True)
    ) == {world.users["coder"].pk}

    # Without --train: the stored model is reused, suggestions are recomputed.
    again = run("suggest", "--study", world.study.title)
    assert again.splitlines() == [lines[3]]
    assert SuggestionModel.objects.filter(study=world.study).count() == 1


def test_evaluate_suggestions_prints_tables_and_curve(world):
    build(world)
    # One coder: the blind phase's per-coder evaluation learns from the same codings (below).
    out = run(
        "evaluate_suggestions", "--study", str(world.study.pk), "--folds", "2", "--study-wide"
    )
    lines = out.splitlines()
    assert lines[0] == (
        "3 coded transcripts, 2 folds by transcript, 19 sentences; "
        "gold: all coders' codings; threshold 0.50"
    )
    for title in (
        "Codebook rules",
        "Coded-phrase memory",
        "Learned classifier",
        "Combined (rules, memory or classifier)",
        "Significant-moment candidates (client sentences)",
    ):
        assert lines.count(title) == 1, title
    assert lines.count(f"{'':<44} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}") == 5
    # Five tables per code, two per cluster (classifier and combined).
    assert sum(line.startswith("micro average") for line in lines) == 7
    assert sum(line.startswith("macro average") for line in lines) == 7
    # Codes outside any cluster: the cluster level has nothing to score; one coder, no ceiling.
    # The code level repeats the classifier table's micro average, rounded.
    at = lines.index("Learned classifier")
    micro = next(line for line in lines[at:] if line.startswith("micro average"))
    p, r, f = (float(v) for v in micro.split()[2:])
    at = lines.index("Micro P / R / F1 at both levels")
    assert lines[at + 2].startswith("Learned classifier")
    assert lines[at + 2][44:].split() == (
        [f"{p:.2f}", "/", f"{r:.2f}", "/", f"{f:.2f}"] + ["0.00", "/", "0.00", "/", "0.00"]
    )
    assert not any(line.startswith("Coders against each other") for line in lines)

    # Rules need no training, so their table does not depend on the folds: "safe" is also in
    # "At first nothing was safe." (not coded): safe P 3/4, R 1; trust P = R = 1.
    at = lines.index("Codebook rules")
    assert lines[at + 2 : at + 6] == [
        row("Feeling safe", 0.75, 1.0, 6 / 7, 3),
        row("Trust", 1.0, 1.0, 1.0, 3),
        row("micro average", 6 / 7, 1.0, 12 / 13),
        row("macro average", 0.875, 1.0, (6 / 7 + 1) / 2),
    ]
    # Moments (cues only: one example of each valence is too few to train on): four client
    # sentences... "It really helped me." and "The waiting list was frustrating." are gold and
    # found; "It was frustrating at times." is found but not gold.
    at = lines.index("Significant-moment candidates (client sentences)")
    assert lines[at + 2 : at + 6] == [
        row("helpful", 1.0, 1.0, 1.0, 1),
        row("hindering", 0.5, 1.0, 2 / 3, 1),
        row("micro average", 2 / 3, 1.0, 0.8),
        row("macro average", 0.75, 1.0, (1 + 2 / 3) / 2),
    ]
    # Memory is built from the other fold's transcripts only. With the seeded split (P21 and
    # P22 against P23) every coded sentence holds a phrase remembered from the other fold:
    # exact, or normalised inside "Honestly the room was safe and calm.".
    at = lines.index("Coded-phrase memory")
    assert lines[at + 2 : at + 6] == [
        row("Feeling safe", 1.0, 1.0, 1.0, 3),
        row("Trust", 1.0, 1.0, 1.0, 3),
        row("micro average", 1.0, 1.0, 1.0),
        row("macro average", 1.0, 1.0, 1.0),
    ]
    # Combined is the union: it finds at least what memory found.
    at = lines.index("Combined (rules, memory or classifier)")
    assert [line[52:58] for line in lines[at + 2 : at + 6]] == [" 1.000"] * 4
    assert "Too few examples" not in out

    at = lines.index("Learning curve (micro / macro F1 on the same held-out transcripts)")
    header, *points = lines[at + 1 :]
    assert header.split() == ["train", "rules", "memory", "model", "combined"]
    assert [p[:14].strip() for p in points] == ["25% (1)", "50% (2)", "75% (2)"]
    for point in points:
        cells = re.findall(r"\d\.\d{3} / \d\.\d{3}", point)
        assert len(cells) == 4
        # Rules and memory on the held-out quarter (one transcript) are perfect.
        assert cells[:2] == ["1.000 / 1.000", "1.000 / 1.000"]

    # As the study runs now (blind): the one coder's own models against their own codings,
    # the same codings here, so the same tables under another description of the gold.
    blind = run("evaluate_suggestions", "--study", str(world.study.pk), "--folds", "2")
    assert blind.splitlines()[0] == (
        "3 coded transcripts, 2 folds by transcript, 19 sentences; gold: each coder's own "
        "codings, with their own models (blind phase); threshold 0.50"
    )
    assert blind.splitlines()[1:] == lines[1:]


def test_evaluate_lists_codes_with_too_few_examples_and_skips_the_curve(world):
    build(world)
    cfg = settings_for(world.study)
    cfg.min_examples = 4
    cfg.save()
    out = run("evaluate_suggestions", "--study", str(world.study.pk), "--folds", "3", "--no-curve")
    assert "3 coded transcripts, 3 folds by transcript" in out
    assert out.splitlines()[-1] == (
        "Too few examples for the classifier (rules and memory still work): "
        "Feeling safe (3); Trust (3)"
    )
    assert "Learning curve" not in out
    # No classifier could be trained in any fold: it predicts nothing.
    at = out.splitlines().index("Learned classifier")
    assert out.splitlines()[at + 4] == row("micro average", 0.0, 0.0, 0.0)


def test_unknown_study_is_a_command_error(db):
    for command in ("suggest", "evaluate_suggestions"):
        with pytest.raises(CommandError, match="No study with id or title '999999'."):
            run(command, "--study", "999999")
        with pytest.raises(CommandError, match="No study with id or title 'Nope'."):
            run(command, "--study", "Nope")


def test_evaluation_needs_two_coded_transcripts(world):
    one = {"P21.txt": INTERVIEWS["P21.txt"], "P22.txt": INTERVIEWS["P22.txt"]}
    build(world, files=one, codings=CODINGS[:2], moments=[])
    message = "Cross-validation needs at least two transcripts coded by the source."
    with pytest.raises(CommandError, match=message):
        run("evaluate_suggestions", "--study", str(world.study.pk), "--folds", "2")


def test_a_coder_source_without_a_coder_is_a_command_error(world):
    build(world)
    world.study.blind_coding = False  # in the blind phase every coder trains on their own
    world.study.save()
    cfg = settings_for(world.study)
    cfg.source = cfg.Source.CODER
    cfg.save()
    message = "The training source is one coder, but no coder is chosen."
    for command in ("suggest", "evaluate_suggestions"):
        extra = ("--train",) if command == "suggest" else ()
        with pytest.raises(CommandError, match=message):
            run(command, "--study", str(world.study.pk), *extra)
    other = make_world("Other commands")
    assert run("suggest", "--study", str(other.study.pk)) == "0 transcripts: no suggestions.\n"


def test_evaluation_job_fills_the_evaluation_page(
    world, client, django_capture_on_commit_callbacks
):
    build(world)
    world.login(client, "coder")
    url = f"/studies/{world.study.pk}/suggestions/"
    # In the blind phase a coder neither sees nor starts the evaluation (it scores against
    # everyone's codings).
    assert 'id="evaluation-blind"' in client.get(url).content.decode()
    client.post(url + "jobs/", {"kind": "evaluate"})
    assert not SuggestionJob.objects.filter(kind="evaluate").exists()
    world.study.blind_coding = False
    world.study.save()
    assert "No evaluation yet" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + "jobs/", {"kind": "evaluate"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Evaluate</strong>: done" in page
    assert "Leave-transcripts-out cross-validation, 3 folds over 3 coded transcripts" in page
    # One row per code with rules, memory, classifier and combined side by side, then moments.
    assert re.search(r"<td>Feeling safe</td>(<td>[01]\.\d{3}</td>){12}<td>3</td>", page)
    assert re.search(r"<td>Trust</td>(<td>[01]\.\d{3}</td>){12}<td>3</td>", page)
    assert "helpful moment" in page and 'id="learning-curve"' in page


def test_evaluation_page_shows_both_levels_beside_the_coders(
    world, client, django_capture_on_commit_callbacks
):
    docs, codes = build(world)
    place = Cluster.objects.create(study=world.study, name="Environment")
    Code.objects.filter(pk=codes["Feeling safe"].pk).update(cluster=place)
    # A second coder who agrees on one sentence of P21 and adds one the first coder left.
    for quote in ("The room was safe and calm.", "My sister drove me."):
        start, end = span_of(docs["P21.txt"], quote)
        Coding.objects.create(
            transcript=docs["P21.txt"],
            code=codes["Feeling safe"],
            coder=world.users["owner"],
            start=start,
            end=end,
        )
    world.study.blind_coding = False
    world.study.save()
    world.login(client, "owner")
    url = f"/studies/{world.study.pk}/suggestions/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "jobs/", {"kind": "evaluate"})
    page = client.get(url).content.decode()
    assert 'id="levels-table"' in page and 'id="cluster-table"' in page
    # Over P21 (both coded it), the owner (first by id) as gold: (safe, sister) against the
    # coder's (safe, trust): codes tp 1, fp 1, fn 1; clusters (trust has none) tp 1, fn 1.
    assert re.search(
        r"<td>Coders against each other \(2\)</td><td>0\.500</td><td>0\.500</td><td>0\.500</td>"
        r"<td>1\.000</td><td>0\.500</td><td>0\.667</td>",
        page,
    )
    assert re.search(r"<td>Environment</td>(<td>[01]\.\d{3}</td>){6}<td>4</td>", page)
    # The one-coder source is picked from the study's coders.
    name = world.users["coder"].username
    assert f'<option value="{name}">{name}</option>' in page
    assert '<select name="source_coder_name" id="source-coder">' in page
