"""The rule table is written twice for people (diff.py, README) and once as code."""

from __future__ import annotations

from pathlib import Path

import generator.diff
from generator.diff_rules import RULES

README = Path(__file__).resolve().parents[2] / "README.md"


def table(text: str) -> dict[str, str]:
    """`rule -> kind` from the Markdown table headed `| rule | kind | when |`."""
    lines = text.splitlines()
    start = lines.index("| rule | kind | when |") + 2  # past the header and `| --- |` rows
    rows = []
    for line in lines[start:]:
        if not line.startswith("| "):
            break
        rows.append([cell.strip() for cell in line.split("|")[1:3]])
    return {code: kind for code, kind in rows}


def test_the_module_docstring_tables_every_rule_with_its_kind() -> None:
    assert table(generator.diff.__doc__ or "") == {c: r.kind.value for c, r in RULES.items()}


def test_the_readme_tables_every_rule_with_its_kind() -> None:
    assert table(README.read_text(encoding="utf-8")) == {
        c: r.kind.value for c, r in RULES.items()}
