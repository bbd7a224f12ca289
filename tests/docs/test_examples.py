"""The code in the docs runs: the README's examples in order (later ones reuse
`client`), and every method's example call, against the Prism mock server,
which rejects any request the spec does not allow."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.contract.prism import prism_server
from tests.docs.pages import Page

ACCOUNT_ID = "00000000-0000-0000-0000-000000000001"
# Runs each block in one namespace and reports, per block, the error it raised.
_RUNNER = """
import json, sys, traceback
blocks = json.loads(sys.stdin.read())
namespace = {}
failures = []
for label, preamble, code in blocks:
    try:
        exec(compile(preamble + code, label, "exec"), namespace)
    except BaseException:
        failures.append(label + ":\\n" + traceback.format_exc(limit=3))
print(json.dumps(failures))
"""
_PREAMBLE = "from ahasend import AhaSend\nclient = AhaSend()\n"


@pytest.fixture(scope="module")
def mock_url(generated: Path) -> Iterator[str]:
    # prism_server fails (not skips) with what to run when Prism is missing.
    with prism_server(generated / "openapi.normalised.json") as url:
        yield url


def _run(blocks: list[tuple[str, str, str]], generated: Path, url: str) -> list[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(generated / "src"),
           "AHASEND_API_KEY": "aha-sk-docs", "AHASEND_ACCOUNT_ID": ACCOUNT_ID,
           "AHASEND_BASE_URL": url}
    result = subprocess.run([sys.executable, "-c", _RUNNER], input=json.dumps(blocks),
                            capture_output=True, text=True, env=env, timeout=300,
                            cwd=generated)
    assert result.returncode == 0, result.stderr
    failures: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return failures


def test_the_readme_examples_run_against_the_mock_server(generated: Path, mock_url: str) -> None:
    page = Page.read(generated / "README.md")
    blocks = [(f"README.md:{b.line}", "", b.text) for b in page.blocks if b.language == "python"]
    assert len(blocks) >= 6
    assert _run(blocks, generated, mock_url) == []


def test_every_method_example_runs_against_the_mock_server(generated: Path,
                                                           mock_url: str) -> None:
    blocks = []
    for path in sorted((generated / "docs").glob("*.md")):
        for b in Page.read(path).blocks:
            if b.language == "python" and not b.text.startswith("client."):  # not signatures
                blocks.append((f"docs/{path.name}:{b.line}", _PREAMBLE, b.text))
    assert len(blocks) >= 40
    failures = _run(blocks, generated, mock_url)
    assert not failures, "\n".join(failures)
