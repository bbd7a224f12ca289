"""The client generated from spec/ into a temporary directory, once per session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`ahasend-codegen generate --out` on the real spec: README, docs/, src/ ..."""
    out = tmp_path_factory.mktemp("docs") / "generated"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out
