"""Load the demo study's hand-written codings, moments and memos (fixtures/demo/codings/).

Spans are anchored by quoted text and resolved to offsets here; a quote that is missing or
ambiguous stops the load with the file and the quote. Loading twice adds nothing: merged
spans are deterministic, codings are inserted ignoring existing ones, moments and memos are
looked up before they are created."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from coding.codings import spans
from coding.models import Code, Coding, Memo, SignificantMoment
from transcripts.models import Study, Transcript


class DemoDataError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class DemoCounts:
    codings: int
    moments: int
    memos: int


def resolve(text: str, quote: str, where: str) -> tuple[int, int]:
    start = text.find(quote)
    if start < 0 or text.find(quote, start + 1) >= 0:
        problem = "not found" if start < 0 else "found more than once"
        raise DemoDataError(f"{where}: quote {problem}: {quote[:60]!r}")
    return start, start + len(quote)


@transaction.atomic
def load_codings(*, study: Study, users: dict, folder: Path) -> DemoCounts:
    codes = {c.name: c for c in Code.objects.filter(study=study)}
    per_file = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        transcript = Transcript.objects.get(study=study, participant__code=data["transcript"])
        per_file.append(_load_file(study, transcript, data, users, codes, path.name))
    return DemoCounts(
        codings=sum(c.codings for c in per_file),
        moments=sum(c.moments for c in per_file),
        memos=sum(c.memos for c in per_file),
    )


def _load_file(study, transcript, data, users, codes, name) -> DemoCounts:
    text = transcript.text
    groups: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for item in data["codings"]:
        if item["code"] not in codes:
            raise DemoDataError(f"{name}: unknown code {item['code']!r}")
        start, end = resolve(text, item["quote"], name)
        key = (users[item["coder"]].pk, codes[item["code"]].pk)
        groups.setdefault(key, []).append((start, end, item.get("memo", "")))
    rows = _merged_codings(transcript, groups)
    before = Coding.objects.filter(transcript=transcript).count()
    Coding.objects.bulk_create(rows, ignore_conflicts=True)
    codings = Coding.objects.filter(transcript=transcript).count() - before
    moments = _load_moments(transcript, data, users, name)
    memos = _load_memos(study, transcript, data, users, codes, name)
    return DemoCounts(codings, moments, memos)


def _merged_codings(transcript, groups: dict) -> list[Coding]:
    rows = []
    for (coder_id, code_id), items in groups.items():
        # One coder's overlapping spans of one code become one, as in the workbench.
        for start, end in spans.merge_spans((s, e) for s, e, _ in items):
            memo = "\n\n".join(m for s, e, m in items if m and start <= s and e <= end)
            rows.append(
                Coding(
                    transcript=transcript,
                    code_id=code_id,
                    coder_id=coder_id,
                    start=start,
                    end=end,
                    memo=memo,
                )
            )
    return rows


def _load_moments(transcript, data, users, name) -> int:
    text = transcript.text
    moments = 0
    for item in data["moments"]:
        start, end = resolve(text, item["quote"], name)
        _, created = SignificantMoment.objects.get_or_create(
            transcript=transcript,
            rater=users[item["rater"]],
            start=start,
            end=end,
            valence=item["valence"],
            defaults={"intensity": item["intensity"], "note": item.get("note", "")},
        )
        moments += created
    return moments


def _load_memos(study, transcript, data, users, codes, name) -> int:
    text = transcript.text
    memos = 0
    for item in data.get("memos", []):
        author = users[item["author"]]
        target = {}
        if "code" in item:
            target["code"] = codes[item["code"]]
        elif "coding_quote" in item:
            start, end = resolve(text, item["coding_quote"], name)
            target["coding"] = Coding.objects.get(
                transcript=transcript,
                coder=author,
                start__lte=start,
                end__gte=end,
                code__name=next(
                    c["code"]
                    for c in data["codings"]
                    if c["quote"] == item["coding_quote"] and c["coder"] == item["author"]
                ),
            )
        else:
            target["transcript"] = transcript
        _, created = Memo.objects.get_or_create(
            study=study, author=author, text=item["text"], **target
        )
        memos += created
    return memos
