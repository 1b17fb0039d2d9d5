"""The principle summary as plain data, pure (no Django): what every format renders, the
de-identification of quotes, and the words shared by the formats. Same data, same text: every
list is in a fixed order and nothing here reads a clock."""

import re
from dataclasses import dataclass

QUOTE_MAX = 320  # characters of a quote before it is cut at a word
NO_CLUSTER = "Across clusters"


@dataclass(frozen=True, slots=True)
class Quote:
    participant: str
    text: str


@dataclass(frozen=True, slots=True)
class PrincipleItem:
    statement: str
    implication: str


@dataclass(frozen=True, slots=True)
class ClusterSection:
    name: str
    participants: int | None  # None: no frequency row (principles without a cluster)
    of: int
    label: str
    principles: tuple[PrincipleItem, ...]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class ValenceLine:
    cluster: str
    helpful: int
    hindering: int
    mixed: int
    helpful_intensity: float | None
    hindering_intensity: float | None


@dataclass(frozen=True, slots=True)
class Method:
    source: str
    coders: tuple[str, ...]
    participants: int
    transcripts: int
    codings: int
    rule: str
    agreement: tuple[tuple[str, str], ...]  # (what, figure) in a fixed order
    reconciliation: tuple[tuple[str, int], ...]
    withheld: str  # why agreement and reconciliation are not shown ("" when they are)


@dataclass(frozen=True, slots=True)
class Figure:
    name: str  # the analysis chart it is: "frequencies" or "helpful"
    title: str  # its caption
    spec: dict  # the Vega-Lite specification (summary_figures renders it)


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    core_category: str
    clusters: tuple[ClusterSection, ...]
    valence: tuple[ValenceLine, ...]
    method: Method
    figures: tuple[Figure, ...] = ()

    def figure(self, name: str) -> "Figure | None":
        return next((f for f in self.figures if f.name == name), None)


def frequency_text(section: ClusterSection) -> str:
    """ "21 of 26 participants (general)"; "" for principles without a cluster."""
    if section.participants is None:
        return ""
    noun = "participant" if section.of == 1 else "participants"
    text = f"{section.participants} of {section.of} {noun}"
    return f"{text} ({section.label})" if section.label else text


def intensity_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


VALENCE_HEADER = ("Cluster", "Helpful", "Mean intensity", "Hindering", "Mean intensity", "Mixed")


def valence_cells(line: ValenceLine) -> tuple[str, ...]:
    return (
        line.cluster,
        str(line.helpful),
        intensity_text(line.helpful_intensity),
        str(line.hindering),
        intensity_text(line.hindering_intensity),
        str(line.mixed),
    )


def method_lines(method: Method) -> list[str]:
    """The method section as sentences, in a fixed order."""
    coders = ", ".join(method.coders) if method.coders else "none named"
    lines = [
        f"Participants: {method.participants}; transcripts: {method.transcripts}.",
        f"Coders: {coders}. Frequencies from {source_words(method.source)} "
        f"({method.codings} codings).",
        f"Frequency labels (Consensual Qualitative Research): {method.rule}",
    ]
    if method.withheld:
        return [*lines, method.withheld]
    lines += [f"{what}: {figure}." for what, figure in method.agreement]
    if method.reconciliation:
        parts = "; ".join(f"{what} {n}" for what, n in method.reconciliation)
        lines.append(f"Reconciliation: {parts}.")
    return lines


def source_words(source: str) -> str:
    if source == "consensus":
        return "the consensus version"
    if source == "all":
        return "all coders' codings"
    return f"the codings of {source}"


# ---------------------------------------------------------------- de-identification


def name_pattern(names: dict[str, str]) -> re.Pattern | None:
    """One case-insensitive whole-word pattern of the names, longest first (so "Ruth Ann"
    is replaced before "Ruth")."""
    keys = sorted({n.strip() for n in names if n.strip()}, key=lambda n: (-len(n), n.casefold()))
    if not keys:
        return None
    body = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def looks_like_name(label: str) -> bool:
    """Capitalised words of letters ("Rosa", "Dr Jones", "Élodie"), three letters or more."""
    words = [w for w in re.split(r"[ .'’-]+", label.strip()) if w]
    if not words or not all(w.isalpha() and w[0].isupper() for w in words):
        return False
    return len(words) > 1 or len(words[0]) >= 3


def deidentify(text: str, names: dict[str, str], pattern: re.Pattern | None = None) -> str:
    """The text with every name of `names` (name -> replacement, any case) replaced."""
    pattern = pattern if pattern is not None else name_pattern(names)
    if pattern is None:
        return text
    folded = {k.strip().casefold(): v for k, v in names.items()}
    return pattern.sub(lambda m: folded[m.group(0).casefold()], text)


def quote_text(raw: str, limit: int = QUOTE_MAX) -> str:
    """Whitespace collapsed; cut at a word before `limit` characters, with an ellipsis."""
    text = " ".join(raw.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut} …"
