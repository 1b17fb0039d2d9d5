"""Dependency direction (DESIGN.md): coding imports from transcripts, never the reverse; pure
modules never touch Django's ORM; only transcripts/nlp.py imports spaCy."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_transcripts_never_imports_coding():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "transcripts").rglob("*.py")
        if any(name.split(".")[0] == "coding" for name in imported_modules(path))
    ]
    assert offenders == []


def test_pure_modules_do_not_use_django():
    for relative in (
        "transcripts/parsers.py",
        "coding/codings/spans.py",
        "coding/agreement/__init__.py",
        "coding/agreement/measures.py",
        "coding/agreement/batch.py",
        "coding/agreement/unitized.py",
    ):
        assert not any(n.startswith("django") for n in imported_modules(ROOT / relative)), relative


def test_only_nlp_imports_spacy():
    users = [
        str(path.relative_to(ROOT))
        for folder in ("transcripts", "coding", "qualcode")
        for path in (ROOT / folder).rglob("*.py")
        if any(name.split(".")[0] == "spacy" for name in imported_modules(path))
    ]
    assert users == ["transcripts/nlp.py"]
