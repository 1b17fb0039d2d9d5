"""Selections of one imported source -> codings and significant moments (services, inside the
caller's transaction). Every selection is checked against the stored text: one whose
positions do not land, or whose name quotes other text than the positions cover, is skipped
and reported by name, never shifted. One coder's overlapping or touching spans of one code
are merged, as everywhere in QualCode."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from coding.exchange import refi
from coding.exchange.positions import Positions
from coding.models import SignificantMoment

MIN_QUOTE_CHECK = 8  # shorter names could occur anywhere by chance


@dataclass(slots=True)
class NewCoding:
    """A coding to store: a plain row, not a model instance (a large project has 120,000,
    and Model.__init__ cost two seconds of the import); `pk` is set once it is stored."""

    transcript_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    memos: list[str]
    pk: int | None = None

    @property
    def memo(self) -> str:
        return "\n\n".join(self.memos)


@dataclass
class SpanOutcome:
    codings: list[NewCoding] = field(default_factory=list)
    moments: list[SignificantMoment] = field(default_factory=list)
    # selection guid -> the codings made from it (for notes on a selection or a coding)
    by_selection: dict[str, list[NewCoding]] = field(default_factory=dict)
    by_coding: dict[str, NewCoding] = field(default_factory=dict)
    landed: int = 0
    skipped: list[str] = field(default_factory=list)
    merged: int = 0


def _flat(text: str) -> str:
    return " ".join(text.split())


def quote_problem(name: str, covered: str, flat_text: str, *, ours: bool) -> str | None:
    """Why a selection's name says it quotes something else, or None. Our exports name each
    selection by its quote (shortened with "…"); another tool's name counts as a quote when it
    occurs in the text at all, so a label such as "line:6" is never taken for one."""
    claim = _flat(name).removesuffix("…").rstrip()
    if len(claim) < MIN_QUOTE_CHECK and not ours:
        return None
    if not claim or _flat(covered).startswith(claim):
        return None
    if ours or claim in flat_text:
        return f"its positions cover “{_flat(covered)[:40]}”, not “{claim[:40]}”"
    return None


def place_selections(
    *,
    source: refi.Source,
    transcript_id: int,
    positions: Positions,
    codes: dict[str, int],
    moments: dict[str, tuple[str, int]],
    code_names: dict[str, str],
    user_for,
    ours: bool,
) -> SpanOutcome:
    out = SpanOutcome()
    text = positions.text
    flat_text = (
        "" if ours else _flat(text)
    )  # once per source: other tools' names are searched in it
    groups: dict[tuple[int, int], list[tuple[int, int, str, refi.Selection, refi.Coding]]] = (
        defaultdict(list)
    )
    seen_moments: set[tuple[int, int, int, str]] = set()
    label = source.name or source.plain_text_path or source.guid
    for selection in source.selections:
        shown = f"“{selection.name or selection.guid}” in {label}"
        span = positions.span(selection.start, selection.end)
        if isinstance(span, str):
            out.skipped.append(f"Selection {shown}: {span}.")
            continue
        start, end = span
        if selection.name and (
            problem := quote_problem(selection.name, text[start:end], flat_text, ours=ours)
        ):
            out.skipped.append(f"Selection {shown}: {problem}.")
            continue
        out.landed += 1
        for coding in selection.codings:
            coder = user_for(coding.user_guid or selection.user_guid)
            if coding.code_guid in moments:
                valence, intensity = moments[coding.code_guid]
                key = (coder, start, end, valence)
                if key not in seen_moments:
                    seen_moments.add(key)
                    out.moments.append(
                        SignificantMoment(
                            transcript_id=transcript_id,
                            rater_id=coder,
                            start=start,
                            end=end,
                            valence=valence,
                            intensity=intensity,
                            note=selection.description,
                        )
                    )
            elif coding.code_guid in codes:
                groups[(codes[coding.code_guid], coder)].append(
                    (start, end, selection.description, selection, coding)
                )
            else:
                name = code_names.get(coding.code_guid, coding.code_guid)
                out.skipped.append(
                    f"A coding of {shown} with “{name}”: that code is not codable here."
                )
    for (code_id, coder), items in groups.items():
        _merge_group(out, transcript_id, code_id, coder, items)
    return out


def _merge_group(out: SpanOutcome, transcript_id: int, code_id: int, coder: int, items) -> None:
    """One sweep in start order: a selection that overlaps or touches the row before it
    joins that row (as coding.spans.merge_spans unites spans), else starts a new one."""
    items.sort(key=lambda item: item[0])
    row = None
    for start, end, memo, selection, coding in items:
        if row is None or start > row.end:
            row = NewCoding(transcript_id, code_id, coder, start, end, [])
            out.codings.append(row)
        else:
            out.merged += 1
            row.end = max(row.end, end)
        if memo and memo not in row.memos:
            row.memos.append(memo)
        out.by_selection.setdefault(selection.guid, []).append(row)
        if coding.guid:
            out.by_coding[coding.guid] = row
