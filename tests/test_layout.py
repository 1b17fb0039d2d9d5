"""Dependency direction (DESIGN.md), checked by the import contracts in pyproject.toml
(`lint-imports`): qualcode above coding above transcripts, pure modules free of Django,
services never importing pages or API views, pages and API views independent of each other.
Beside them: only transcripts/nlp.py imports spaCy, and the agreement coefficients import
without Django."""

import ast
import subprocess
import sys
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


def test_import_contracts_hold():
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "4 kept, 0 broken" in done.stdout


def test_agreement_coefficients_import_without_django():
    code = (
        "import sys, coding.agreement as a; a.krippendorff_alpha; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_only_nlp_imports_spacy():
    users = [
        str(path.relative_to(ROOT))
        for folder in ("transcripts", "coding", "qualcode")
        for path in (ROOT / folder).rglob("*.py")
        if any(name.split(".")[0] in ("spacy", "thinc") for name in imported_modules(path))
    ]
    assert users == ["transcripts/nlp.py"]
