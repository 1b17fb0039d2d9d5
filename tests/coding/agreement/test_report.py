"""Agreement in the product: exact values on a small study, the page, API, command, exports."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from coding import agreement
from coding.agreement import continuum, tables
from coding.agreement import report as agreement_report
from coding.models import Coding
from tests.conftest import PERSONAS, make_user
from transcripts import imports
from transcripts.errors import DomainError
from transcripts.models import Membership, Role


@pytest.fixture
def two_coders(world, book, interview):
    """Two coders ("second" and coder) code the 8 sentences of the interview; blind phase
    over. The owner codes nothing (owners are not in the default set of coders)."""
    world.study.blind_coding = False
    world.study.save()
    world.users["second"] = make_user("second-coder")
    Membership.objects.create(study=world.study, user=world.users["second"], role=Role.CODER)
    text = interview.text
    sentences = [text[s:e] for s, e in interview.sentences]

    def code(persona, code, sentence_index):
        s, e = interview.sentences[sentence_index]
        Coding.objects.create(
            transcript=interview, code=code, coder=world.users[persona], start=s, end=e
        )

    # understood: both on sentence 1; safe: owner 2, coder 2 and 3; trust: owner only on 4.
    code("second", book.understood, 1)
    code("coder", book.understood, 1)
    code("second", book.safe, 2)
    code("coder", book.safe, 2)
    code("coder", book.safe, 3)
    code("second", book.trust, 4)
    return world, sentences


def expected_alpha(a: list[int], b: list[int]) -> float | None:
    return agreement.krippendorff_alpha([a, b])


def test_sentence_agreement_per_code_matches_the_pure_coefficients(two_coders, book):
    world, sentences = two_coders
    n = len(sentences)
    report = agreement_report.study_agreement(world.study, unit="sentence")
    assert report.coders == sorted([world.users["second"].username, world.users["coder"].username])
    rows = {r.name: r for r in report.codes}
    owner = {"Feeling understood": [1], "Feeling safe": [2], "Trust after disclosure": [4]}
    coder = {"Feeling understood": [1], "Feeling safe": [2, 3], "Trust after disclosure": []}
    first_is_coder = report.coders[0] == world.users["coder"].username
    for name in owner:
        a = [int(i in owner[name]) for i in range(n)]
        b = [int(i in coder[name]) for i in range(n)]
        if first_is_coder:
            a, b = b, a
        assert rows[name].alpha == pytest.approx(expected_alpha(a, b), abs=1e-6)
        assert rows[name].kappa == pytest.approx(agreement.cohen_kappa(a, b), abs=1e-6)
        assert rows[name].units == n
    assert rows["Feeling understood"].alpha == 1.0
    assert rows["Old code"].alpha is None and "Nobody used it" in rows["Old code"].note
    # Cluster "Relationship" = understood or trust: owner [1, 4], coder [1].
    clusters = {r.name: r for r in report.clusters}
    a = [int(i in (1, 4)) for i in range(n)]
    b = [int(i == 1) for i in range(n)]
    assert clusters["Relationship"].alpha == pytest.approx(expected_alpha(a, b), abs=1e-6)
    assert len(report.pairs) == 1 and report.pairs[0]["alpha"] == report.overall.alpha


def test_overlapping_codes_of_one_cluster_are_listed(two_coders, book, interview):
    world, _ = two_coders
    s, e = interview.sentences[1]
    Coding.objects.create(
        transcript=interview, code=book.trust, coder=world.users["coder"], start=s, end=e
    )
    report = agreement_report.study_agreement(world.study, unit="sentence")
    assert any("applied both" in w and "Trust after disclosure" in w for w in report.warnings)


def test_unitized_and_turn_units(two_coders):
    world, _ = two_coders
    unitized = agreement_report.study_agreement(world.study, unit="unitized")
    rows = {r.name: r for r in unitized.codes}
    assert rows["Feeling understood"].alpha == 1.0
    assert rows["Feeling safe"].alpha is not None and rows["Feeling safe"].alpha < 1
    turns = agreement_report.study_agreement(world.study, unit="turn")
    assert {r.name for r in turns.codes} == {r.name for r in unitized.codes}


def test_confusion_matrix(two_coders, book):
    world, _ = two_coders
    owner, coder = world.users["second"].username, world.users["coder"].username
    matrix = agreement_report.confusion(world.study, unit="sentence", coder_a=owner, coder_b=coder)
    index = {c["name"]: i for i, c in enumerate(matrix["codes"])}
    u, s, t = index["Feeling understood"], index["Feeling safe"], index["Trust after disclosure"]
    assert matrix["matrix"][u][u] == 1 and matrix["matrix"][s][s] == 1
    assert matrix["a_only"][t] == 1  # the owner's trust sentence: the coder used nothing there
    assert matrix["b_only"][s] == 1  # the coder's extra safe sentence


def test_one_coder_only_gives_a_clear_message(world, book, interview):
    Coding.objects.create(
        transcript=interview, code=book.safe, coder=world.users["coder"], start=0, end=5
    )
    report = agreement_report.study_agreement(world.study, unit="sentence")
    assert report.codes == [] and "at least two coders" in report.warnings[0]


def test_coder_sets_are_validated(two_coders, book, interview):
    world, _ = two_coders
    second, coder = world.users["second"].username, world.users["coder"].username
    # The owner accepted one suggestion: a coding, yet not one of the study's coders.
    Coding.objects.create(
        transcript=interview, code=book.safe, coder=world.users["owner"], start=0, end=5
    )
    assert agreement_report.study_agreement(world.study).coders == sorted([second, coder])
    refusals = {
        (coder, coder): f"“{coder}” is named twice; name each coder once.",
        (coder, "nobody"): "“nobody” is not a member of this study who coded.",
        (coder, world.users["viewer"].username): (
            f"“{world.users['viewer'].username}” is not a member of this study who coded."
        ),
        (coder,): "Choose at least two coders.",
    }
    for names, reason in refusals.items():
        for unit in agreement_report.UNITS:
            with pytest.raises(DomainError) as refused:
                agreement_report.study_agreement(world.study, unit=unit, coders=list(names))
            assert (refused.value.field, refused.value.reason) == ("coders", reason)
    url = reverse("api-agreement", kwargs={"study_pk": world.study.pk})
    answer = world.client("owner").get(url, {"coders": f"{coder},{coder}"})
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"field": "coders", "reason": f"“{coder}” is named twice; name each coder once."}
    ]
    # Naming the owner explicitly includes them.
    owner = world.users["owner"].username
    named = agreement_report.study_agreement(world.study, coders=[owner, coder])
    assert named.coders == [owner, coder]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_page_and_exports_per_persona(two_coders, client, persona):
    world, _ = two_coders
    api = world.client(persona).get(reverse("api-agreement", kwargs={"study_pk": world.study.pk}))
    world.login(client, persona)
    page = client.get(reverse("agreement", args=[world.study.pk]))
    csv = client.get(reverse("agreement-export", args=[world.study.pk, "csv"]))
    xlsx = client.get(reverse("agreement-export", args=[world.study.pk, "xlsx"]))
    expected = 404 if persona == "outsider" else 200
    assert [api.status_code, page.status_code, csv.status_code, xlsx.status_code] == [expected] * 4
    if expected == 200:
        rows = {row["name"]: row for row in api.json()["codes"]}
        assert rows["Feeling understood"]["alpha"] == 1.0
        assert "Feeling understood" in page.content.decode()
        assert (
            csv.content.decode().splitlines()[1]
            == "table,name,units,percent_agreement,kappa,alpha,u_alpha,cu_coverage,note"
        )
        assert xlsx.content[:2] == b"PK"


def test_coders_see_agreement_only_after_the_blind_phase(two_coders, client):
    world, _ = two_coders
    world.study.blind_coding = True
    world.study.save()
    url = reverse("api-agreement", kwargs={"study_pk": world.study.pk})
    assert world.client("coder").get(url).status_code == 403
    assert world.client("owner").get(url).status_code == 200
    world.login(client, "coder")
    assert client.get(reverse("agreement", args=[world.study.pk])).status_code == 403


def test_bad_parameters(two_coders):
    world, _ = two_coders
    url = reverse("api-agreement", kwargs={"study_pk": world.study.pk})
    bad = world.client("owner").get(url, {"unit": "paragraph"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "unit"
    one = world.client("owner").get(url, {"coders": "just-one"})
    assert one.status_code == 400 and one.json()["errors"][0]["field"] == "coders"
    confusion = reverse("api-agreement-confusion", kwargs={"study_pk": world.study.pk})
    assert world.client("owner").get(confusion, {"a": "x", "b": "y"}).status_code == 400


def test_command_formats(two_coders):
    world, _ = two_coders
    out = StringIO()
    call_command("agreement", "--study", str(world.study.pk), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    rows = {row["name"]: row for row in data["codes"]}
    assert data["unit"] == "sentence" and rows["Feeling understood"]["alpha"] == 1.0
    out = StringIO()
    call_command("agreement", "--study", world.study.title, "--format", "table", stdout=out)
    assert "Feeling understood" in out.getvalue() and "1.000" in out.getvalue()
    out = StringIO()
    call_command(
        "agreement",
        "--study",
        str(world.study.pk),
        "--unit",
        "unitized",
        "--format",
        "csv",
        stdout=out,
    )
    assert out.getvalue().splitlines()[1].startswith("table,name")


@pytest.mark.parametrize("coders", [2, 3, 4])
def test_pooled_rows_equal_the_coefficients_on_flattened_unit_code_pairs(coders):
    """Transcript, participant and study rows pool (unit, code) pairs through additive sums;
    they must equal the per-code functions run on the flattened array, group by group."""
    import numpy as np

    rng = np.random.default_rng(coders)
    units, codes, groups = 300, 7, 5
    presence = rng.random((coders, units, codes)) < 0.15
    rated = rng.random((coders, units)) < 0.9
    group = rng.integers(0, groups, size=units)
    sums = tables.unit_sums(presence, rated)
    pooled = tables.pooled_rows(sums, codes, group, groups)
    for g in range(groups):
        mask = group == g
        flat = presence[:, mask].reshape(coders, -1, 1)
        flat_rated = np.repeat(rated[:, mask], codes, axis=1)
        _, percent, kappa, alpha = pooled[g]
        assert alpha == pytest.approx(
            agreement.binary_alpha_by_code(flat, flat_rated)[0], abs=1e-12
        )
        assert percent == pytest.approx(
            agreement.percent_agreement_by_code(flat, flat_rated)[0], abs=1e-12
        )
        expected_kappa = (
            agreement.cohen_kappa_by_code(flat, flat_rated)[0]
            if coders == 2
            else agreement.fleiss_kappa_by_code(flat, flat_rated)[0]
        )
        assert kappa == pytest.approx(expected_kappa, abs=1e-12)


def test_unitized_cluster_rows_give_cu_and_u_alpha(two_coders):
    world, _ = two_coders
    report = agreement_report.study_agreement(world.study, unit="unitized")
    relationship = next(r for r in report.clusters if r.name == "Relationship")
    # Owner: understood + trust, coder: understood only -> both measures defined, u-alpha < 1.
    assert relationship.u_alpha is not None and relationship.u_alpha < 1
    assert report.as_dict()["clusters"][0]["u_alpha"] == report.clusters[0].u_alpha
    # cu-alpha's coverage, recomputed through the tuple interface of the pure module.
    codings = Coding.objects.filter(code__cluster__name="Relationship").values_list(
        "coder__username", "start", "end", "code_id"
    )
    length = len(world.study.transcripts.get().text)
    _, coverage = agreement.cu_alpha(list(codings), length)
    assert relationship.coverage == round(coverage, 6) and 0 < coverage < 1
    assert report.as_dict()["clusters"][0]["coverage"] == report.clusters[0].coverage


def test_trimmed_characters_are_stated(two_coders, book, interview):
    world, _ = two_coders
    s, e = interview.sentences[1]
    # The coder gives "Trust" to the sentence they gave "Feeling understood": same cluster.
    Coding.objects.create(
        transcript=interview, code=book.trust, coder=world.users["coder"], start=s, end=e
    )
    report = agreement_report.study_agreement(world.study, unit="unitized")
    relationship = next(r for r in report.clusters if r.name == "Relationship")
    assert (
        f"{e - s} characters trimmed where one coder's codes of this cluster" in relationship.note
    )


def test_export_rows_all_have_the_header_width(two_coders):
    from coding.agreement import export as agreement_export

    report = agreement_report.study_agreement(two_coders[0].study, unit="sentence")
    rows = agreement_export.flat_rows(report)
    assert rows and all(len(row) == len(agreement_export.HEADER) for row in rows)
    assert rows[-1][0] == "pair"


def test_one_value_per_point_trims_later_units():
    units = [("a", 0, 10, 1), ("a", 5, 15, 2), ("a", 12, 14, 3), ("b", 0, 4, 1), ("a", 20, 30, 1)]
    assert continuum.one_value_per_point(units) == [
        ("a", 0, 10, 1),
        ("a", 10, 15, 2),
        ("a", 20, 30, 1),
        ("b", 0, 4, 1),
    ]


def test_alpha_band_filter_and_page_colours(two_coders, client):
    from coding.templatetags.agreement_tags import alpha_band

    assert [alpha_band(v) for v in (0.9, 0.8, 0.7, 0.2, -0.1, None, "")] == [
        "good",
        "good",
        "fair",
        "poor",
        "poor",
        "undefined",
        "empty",
    ]
    world, _ = two_coders
    world.login(client, "owner")
    html = client.get(reverse("agreement", args=[world.study.pk])).content.decode()
    assert 'class="num cell-good" data-value="1.0"' in html  # "Feeling understood": alpha 1
    assert "cell-undefined" in html  # "Old code": nobody used it


def test_codings_that_count_for_nothing_are_disclosed(two_coders, book, interview):
    world, _ = two_coders
    report = agreement_report.study_agreement(world.study, unit="sentence")
    assert (report.codings, report.unplaced) == (6, 0)
    s, e = interview.sentences[5]
    # Two characters of a sentence: less than half of it, so it marks no sentence.
    Coding.objects.create(
        transcript=interview, code=book.trust, coder=world.users["coder"], start=s, end=s + 2
    )
    report = agreement_report.study_agreement(world.study, unit="sentence")
    assert (report.codings, report.unplaced) == (7, 1)
    assert report.as_dict()["unplaced"] == 1
    # Another coding of that code covering half the sentence marks it: the short one counts too.
    Coding.objects.create(
        transcript=interview,
        code=book.trust,
        coder=world.users["coder"],
        start=e - (e - s) // 2,
        end=e,
    )
    report = agreement_report.study_agreement(world.study, unit="sentence")
    assert (report.codings, report.unplaced) == (8, 0)


def test_exports_neutralise_formulas(two_coders, book):
    from coding.agreement import export as agreement_export

    world, _ = two_coders
    book.safe.name = '=HYPERLINK("http://x")'
    book.safe.save()
    report = agreement_report.study_agreement(world.study, unit="sentence")
    names = [row[1] for row in agreement_export.flat_rows(report)]
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(isinstance(n, str) and n.startswith("=") for n in names)
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(agreement_export.to_xlsx(report))).active
    cells = [c.value for c in sheet["B"]]
    assert '\'=HYPERLINK("http://x")' in cells
    assert all(c.data_type != "f" for c in sheet["B"])


def test_command_refuses_a_bad_coder_set(two_coders):
    from django.core.management.base import CommandError

    world, _ = two_coders
    coder = world.users["coder"].username
    with pytest.raises(CommandError, match=f"coders: “{coder}” is named twice"):
        call_command("agreement", "--study", str(world.study.pk), "--coders", f"{coder},{coder}")


def test_a_refused_page_says_why(two_coders, client):
    world, _ = two_coders
    world.study.blind_coding = True
    world.study.save()
    page = world.login(client, "coder").get(reverse("agreement", args=[world.study.pk]))
    assert page.status_code == 403
    assert "coders see it once the owner ends the blind phase" in page.content.decode()


def test_unitized_covers_the_transcripts_two_or_more_chosen_coders_coded(two_coders, book, world):
    # A third coder codes only a second transcript, where "coder" also codes: the unitized
    # report covers both transcripts (the first with two coders, the second with two), the
    # same set as the sentence tables, instead of only transcripts all three coded (none).
    world, _ = two_coders
    [outcome] = imports.import_files(
        study=world.study, user=world.users["owner"],
        files=[("P02.txt", b"Interviewer: Hello.\n\nClient: She listened. It helped.\n")],
    )  # fmt: skip
    second = world.study.transcripts.get(pk=outcome.transcript_id)
    world.users["third"] = make_user("third-coder")
    Membership.objects.create(study=world.study, user=world.users["third"], role=Role.CODER)
    s = second.text.index("She listened.")
    for persona in ("third", "coder"):
        Coding.objects.create(
            transcript=second, code=book.understood, coder=world.users[persona], start=s,
            end=s + len("She listened."),
        )  # fmt: skip
    unitized = agreement_report.study_agreement(world.study, unit="unitized")
    sentence = agreement_report.study_agreement(world.study, unit="sentence")
    assert len(unitized.coders) == 3
    assert (unitized.covered, sentence.covered) == (2, 2)
    assert unitized.covered_rule == sentence.covered_rule
    interview = world.study.transcripts.exclude(pk=second.pk).get()
    assert unitized.overall.units == len(interview.text) + len(second.text)


def test_a_control_character_in_a_name_does_not_break_the_xlsx(two_coders, book):
    # A code named with a control character (the API stores what it is sent) made the
    # XLSX export fail: XML cannot hold it, so it is dropped there.
    from io import BytesIO

    from openpyxl import load_workbook

    from coding.agreement import export as agreement_export

    world, _ = two_coders
    book.safe.name = "Feeling\x01 safe"
    book.safe.save()
    report = agreement_report.study_agreement(world.study, unit="sentence")
    sheet = load_workbook(BytesIO(agreement_export.to_xlsx(report))).active
    assert "Feeling safe" in [c.value for c in sheet["B"]]
