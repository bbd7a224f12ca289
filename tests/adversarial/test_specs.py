"""Hostile and broken specs (specs/manifest.toml): each ends in a located error with
nothing written, or in a client that compiles, imports, behaves and type-checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import chdir
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from generator.write import MANIFEST
from tests.adversarial.cases import (
    CASES,
    CLIENTS,
    ERRORS,
    SPECS,
    Case,
    generate,
    snapshot,
    write_config,
)
from tests.adversarial.conftest import no_network
from tests.adversarial.inert import leaks

CHECKER = Path(__file__).resolve().parent / "client_check.py"
# What must never appear raw in generated Python: control characters other than
# tab and newline, and invisible format characters (bidi overrides, zero widths).
_RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def case_id(case: Case) -> str:
    return case.name


def test_manifest_lists_every_spec_exactly_once() -> None:
    listed = [case.spec.name for case in CASES]
    assert sorted(listed) == sorted(p.name for p in SPECS.glob("*.yaml"))
    assert len(set(listed)) == len(listed) >= 25
    assert all(case.expect in ("client", "error") for case in CASES)


# -- errors -------------------------------------------------------------------------------------


def previous_run(root: Path) -> Path:
    """An output directory as an earlier run left it."""
    out = root / "generated"
    (out / "src" / "pkg").mkdir(parents=True)
    (out / "src" / "pkg" / "__init__.py").write_text("# from an earlier run\n")
    (out / "README.md").write_bytes(b"earlier\r\n\x00bytes")
    (out / MANIFEST).write_text("{}\n")
    return out


def expected_diagnostic(case: Case, stderr: str) -> str:
    """The line of `stderr` that reports `case`'s error where the manifest says."""
    head = f"{case.spec}:{case.line}:{case.col}: error[{case.code}] "
    found = [line for line in stderr.splitlines() if line.startswith(head)]
    assert found, f"no diagnostic starting {head!r} in:\n{stderr}"
    return found[0]


@pytest.mark.parametrize("case", ERRORS, ids=case_id)
def test_bad_spec_is_a_located_error_and_writes_nothing(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = previous_run(tmp_path)
    config = write_config(case, tmp_path)
    before = snapshot(tmp_path)
    result = generate(case.spec, config, out)
    assert result.exit_code == 2, result.output
    line = expected_diagnostic(case, result.stderr)
    if case.pointer is None:
        assert f" (#{case.pointer_prefix}" in line
    elif case.pointer:
        assert f" (#{case.pointer})" in line
    else:
        assert " (#" not in line
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.output and "\x1b" not in result.output
    assert snapshot(tmp_path) == before  # output, staging and neighbours all untouched


# -- clients ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    result: Result
    out: Path

    @property
    def package_dir(self) -> Path:
        return self.out / "src"


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory, uncached_env: None
            ) -> Iterator[dict[str, Generated]]:
    """Every client case generated once, offline, in a scratch working directory."""
    root = tmp_path_factory.mktemp("adversarial-clients")
    made = {}
    with no_network() as log, chdir(root):
        for case in CLIENTS:
            (root / case.name).mkdir()
            out = root / case.name / "generated"
            result = generate(case.spec, write_config(case, out.parent), out)
            made[case.name] = Generated(result, out)
        assert log.read_text(encoding="utf-8") == "", "the generator tried to connect"
    assert not (root / "PWNED").exists()
    yield made


@pytest.mark.parametrize("case", CLIENTS, ids=case_id)
def test_hostile_spec_generates_an_inert_client(case: Case, clients: dict[str, Generated]
                                                ) -> None:
    generated = clients[case.name]
    assert generated.result.exit_code == 0, generated.result.output
    assert "Traceback" not in generated.result.output
    for code in case.warnings:
        assert f"warning[{code}]" in generated.result.stderr
    sources = sorted((generated.package_dir / case.package).rglob("*.py"))
    assert sources
    for source in sources:
        text = source.read_text(encoding="utf-8")
        compile(text, str(source), "exec", dont_inherit=True)
        assert not _RAW_UNSAFE.search(text), f"{source} holds a raw control character"
        assert not leaks(text), f"{source}: {leaks(text)}"


@pytest.mark.parametrize("case", CLIENTS, ids=case_id)
def test_client_imports_and_behaves(case: Case, clients: dict[str, Generated],
                                    tmp_path: Path) -> None:
    check = tmp_path / "check.py"
    check.write_text(case.check, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(clients[case.name].package_dir)}
    done = subprocess.run([sys.executable, str(CHECKER), case.package, str(check)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (tmp_path / "PWNED").exists()


def test_every_client_passes_mypy_strict(clients: dict[str, Generated], tmp_path: Path
                                         ) -> None:
    """One mypy run over all the clients (each has its own package name)."""
    site = tmp_path / "site"
    site.mkdir()
    for case in CLIENTS:
        (site / case.package).symlink_to(clients[case.name].package_dir / case.package)
    packages = [str(site / case.package) for case in CLIENTS]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
         "--cache-dir", str(tmp_path / ".mypy_cache"), *packages],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
