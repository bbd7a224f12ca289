"""Inputs built to exhaust time or memory end quickly, in a clear error or a client,
inside a process whose address space is capped (as a CI box would be)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.load import MAX_BYTES
from tests.adversarial.cases import SPECS

MEMORY_CAP = 1536 * 1024 * 1024  # bytes of address space for the generator process
TIME_CAP = 60.0  # seconds
FULL = os.environ.get("AHASEND_ADVERSARIAL_FULL") == "1"  # set by `make fuzz`


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def generate_capped(spec: Path, out: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """`ahasend-codegen generate` in a child process with memory and time capped."""
    env = {**os.environ, "AHASEND_CODEGEN_CACHE": "off"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(spec),
         "--config", str(out.parent / "absent.toml"), "--out", str(out)],
        capture_output=True, text=True, check=False, timeout=TIME_CAP * 2, env=env,
        preexec_fn=_cap_memory,
    )
    return done, time.perf_counter() - started


def test_billion_laughs_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    done, seconds = generate_capped(SPECS / "billion_laughs.yaml", tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert "error[L006] aliases expand to more than" in done.stderr
    assert "Traceback" not in done.stderr and seconds < TIME_CAP
    assert not (tmp_path / "out").exists()


def write_padded_spec(path: Path, size: int) -> None:
    """A valid OpenAPI document of about `size` bytes: one operation, then extension data."""
    head = (SPECS / "code_in_descriptions.yaml").read_text(encoding="utf-8")
    line = "  - " + "padding " * 12 + "\n"
    with path.open("w", encoding="utf-8") as out:
        out.write(head + "x-padding:\n")
        out.write(line * (max(0, size - len(head)) // len(line) + 1))


def test_a_50_mb_spec_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    spec = tmp_path / "huge.yaml"
    write_padded_spec(spec, 50 * 1024 * 1024)
    done, seconds = generate_capped(spec, tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert f"error[L001] file is {spec.stat().st_size} bytes, over the {MAX_BYTES}" in done.stderr
    assert seconds < 10 and not (tmp_path / "out").exists()


@pytest.mark.skipif(not FULL, reason="slow: run by `make fuzz`")
def test_a_spec_just_under_the_size_limit_still_generates(tmp_path: Path) -> None:
    spec = tmp_path / "large.yaml"
    write_padded_spec(spec, MAX_BYTES - 64 * 1024)
    done, seconds = generate_capped(spec, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert seconds < TIME_CAP and (tmp_path / "out" / "pyproject.toml").is_file()
