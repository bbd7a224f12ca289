"""`benchmarks/run.py --quick` still runs and writes well-formed results (timings not judged)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("generation", "scaling", "client_calls", "imports", "throughput")


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    out = tmp_path_factory.mktemp("bench")
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick",
               "--results", str(out / "latest.json"), "--markdown", str(out / "RESULTS.md")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((out / "latest.json").read_text())
    return results, (out / "RESULTS.md").read_text()


def test_every_section_reports(quick: tuple[dict[str, Any], str]) -> None:
    results, _ = quick
    assert results["mode"] == "quick"
    assert all(name in results for name in SECTIONS)
    assert results["machine"]["cores"] >= 1


def test_generation_cases_are_medians_of_successful_runs(
    quick: tuple[dict[str, Any], str]
) -> None:
    cases = quick[0]["generation"]["cases"]
    for name in ("cold", "one_edit", "no_change"):
        assert cases[name]["all_ok"], name
        assert cases[name]["seconds"]["median"] > 0
        assert cases[name]["peak_mib"]["median"] > 0


def test_client_calls_compare_with_raw_httpx(quick: tuple[dict[str, Any], str]) -> None:
    section = quick[0]["client_calls"]
    for call in ("sync/get", "sync/post", "async/get", "async/post"):
        assert section["per_call_us"][f"ahasend/{call}"]["median_us"] > 0
        assert section["ratios"][f"ahasend/{call} vs raw httpx"] > 0


def test_targets_are_judged_and_listed_in_the_markdown(quick: tuple[dict[str, Any], str]) -> None:
    results, markdown = quick
    assert results["targets"]
    for entry in results["targets"]:
        assert entry["met"] in (True, False, None)
        assert entry["what"] in markdown
    assert markdown.startswith("# Benchmarks")
    assert "## 4. Import time" in markdown
    assert results["imports"]["only_that_resource"] in (True, False)
