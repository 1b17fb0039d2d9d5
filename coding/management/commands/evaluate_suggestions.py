"""python manage.py evaluate_suggestions --study S [--folds K] [--no-curve] [--json]
[--blind | --study-wide]"""

import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from coding.suggestions import evaluation as suggest_evaluation
from transcripts.errors import DomainError
from transcripts.studies import study_by_ref

ORDER = ("rules", "memory", "model", "combined", "moments")
TITLES = {
    "rules": "Codebook rules",
    "memory": "Coded-phrase memory",
    "model": "Learned classifier",
    "combined": "Combined (rules, memory or classifier)",
    "moments": "Significant-moment candidates (client sentences)",
}


class Command(BaseCommand):
    help = "Leave-transcripts-out cross-validation of the suggestions: sentence-level P/R/F1."

    def add_arguments(self, parser):
        parser.add_argument("--study", required=True, help="Study id or exact title.")
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--no-curve", action="store_true", help="Skip the learning curve.")
        parser.add_argument("--json", action="store_true")
        phase = parser.add_mutually_exclusive_group()
        phase.add_argument(
            "--blind",
            dest="blind",
            action="store_const",
            const=True,
            help="Per-coder models judged against each coder's own codings (the blind phase).",
        )
        phase.add_argument(
            "--study-wide",
            dest="blind",
            action="store_const",
            const=False,
            help="One model from the study's source, as after the blind phase.",
        )

    def handle(self, *args, **options):
        study = study_by_ref(options["study"])
        if study is None:
            raise CommandError(f"No study with id or title '{options['study']}'.")
        bar = tqdm(desc="Evaluating", unit="step", disable=options["json"])

        def progress(step: str, done: int, total: int) -> None:
            bar.total = total
            bar.set_description(step)
            bar.update(done - bar.n)

        try:
            result = suggest_evaluation.evaluate(
                study,
                k=options["folds"],
                curve=not options["no_curve"],
                on_progress=progress,
                blind=options["blind"],
            )
        except DomainError as error:
            raise CommandError(error.reason) from None
        finally:
            bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        self.stdout.write(render(result))


def render(result: dict) -> str:
    names = {**result["names"], "helpful": "helpful", "hindering": "hindering"}
    lines = [
        f"{result['transcripts']} coded transcripts, {result['folds']} folds by transcript, "
        f"{result['sentences']} sentences; gold: {result['source']}; "
        f"threshold {result['threshold']:.2f}"
    ]
    for key in ORDER:
        table = result["tables"][key]
        lines += ["", TITLES[key], f"{'':<44} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
        for row in table["rows"]:
            lines.append(
                f"{names[row['label']][:44]:<44} {row['precision']:6.3f} {row['recall']:6.3f} "
                f"{row['f1']:6.3f} {row['support']:6d}"
            )
        for avg in ("micro", "macro"):
            v = table[avg]
            lines.append(
                f"{avg + ' average':<44} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f}"
            )
    lines += summary(result)
    if result["too_few"]:
        listed = "; ".join(f"{t['name']} ({t['examples']})" for t in result["too_few"])
        lines += [
            "",
            f"Too few examples for the classifier (rules and memory still work): {listed}",
        ]
    if result["curve"]:
        lines += ["", "Learning curve (micro / macro F1 on the same held-out transcripts)"]
        lines.append(f"{'train':<14}" + "".join(f"{k:>20}" for k in ORDER[:4]))
        for point in result["curve"]:
            cells = "".join(
                f"{point[k]['micro_f1']:>12.3f} / {point[k]['macro_f1']:.3f}"[-20:].rjust(20)
                for k in ORDER[:4]
            )
            label = f"{point['fraction']:.0%} ({point['train_transcripts']})"
            lines.append(f"{label:<14}{cells}")
    return "\n".join(lines)


def summary(result: dict) -> list[str]:
    """Cluster-level tables and both levels' micro scores beside the coders' own agreement."""
    names = result["names"]
    lines = []
    for key in ("model", "combined"):
        table = result["cluster_tables"][key]
        lines += ["", f"{TITLES[key]}, cluster level", f"{'':<44} {'P':>6} {'R':>6} {'F1':>6}"]
        for row in table["rows"]:
            lines.append(
                f"{names.get(row['label'], row['label'])[:44]:<44} {row['precision']:6.3f} "
                f"{row['recall']:6.3f} {row['f1']:6.3f} {row['support']:6d}"
            )
        for avg in ("micro", "macro"):
            v = table[avg]
            lines.append(
                f"{avg + ' average':<44} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f}"
            )
    lines += ["", "Micro P / R / F1 at both levels", f"{'':<44} {'code':>20} {'cluster':>20}"]
    rows = [
        (TITLES[k], result["tables"][k]["micro"], result["cluster_tables"][k]["micro"])
        for k in ("model", "combined")
    ]
    if "combined_codes_only" in result["cluster_tables"]:
        rows.append(
            (
                "Combined without cluster suggestions",
                result["tables"]["combined"]["micro"],
                result["cluster_tables"]["combined_codes_only"]["micro"],
            )
        )
    if ceiling := result.get("ceiling"):
        rows.append(
            (
                f"Coders against each other ({ceiling['coders']})",
                ceiling["code"],
                ceiling["cluster"],
            )
        )
    for title, code, cluster in rows:
        cells = "".join(
            f"{v['precision']:.2f} / {v['recall']:.2f} / {v['f1']:.2f}".rjust(21)
            for v in (code, cluster)
        )
        lines.append(f"{title[:44]:<44}{cells}")
    return lines + machine_lines(result)


def machine_lines(result: dict) -> list[str]:
    """The suggestions as a coder: alpha per cluster against each coder (held-out sentences)."""
    found = result.get("machine")
    if not found:
        return []
    names = result["names"]
    lines = ["", "Suggestions against each coder (Krippendorff's alpha per cluster, sentences)"]
    for row in found["coders"]:
        lines.append(f"{row['coder']} ({row['sentences']} sentences)")
        for label, alpha in zip(found["clusters"], row["alpha"], strict=True):
            value = "undefined" if alpha is None else f"{alpha:.3f}"
            lines.append(f"  {names.get(label, label)[:42]:<42} {value:>9}")
    return lines
