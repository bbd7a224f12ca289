"""The generator as users install it: its wheel, non-editable, in a fresh venv.

The wheel is built from a copy of the files the distribution is made of (so the
build leaves nothing in the repository), installed with its declared
dependencies alone, and run from a directory that is not the repository: it
must find its templates inside itself and produce the committed `generated/`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.write import read_tree

ROOT = Path(__file__).resolve().parents[2]
# What the generator's distribution is built from (pyproject.toml names the rest).
SOURCES = ("pyproject.toml", "README.md", "generator", "templates")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The `ahasend-codegen` command of a fresh venv that has only the wheel installed."""
    work = tmp_path_factory.mktemp("generator-wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=IGNORED)
        else:
            shutil.copy2(ROOT / name, source / name)
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"),
          str(source)], cwd=work)
    (wheel,) = (work / "dist").glob("*.whl")
    venv.create(work / "venv", with_pip=True)
    _run([str(work / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
          "--disable-pip-version-check", str(wheel)], cwd=work)
    yield work / "venv" / "bin" / "ahasend-codegen"


def test_the_installed_wheel_generates_the_committed_client(installed: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "out"  # an earlier output, so its CHANGELOG.md continues
    shutil.copytree(ROOT / "generated", out, ignore=IGNORED)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _generate(installed, out, cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert _differences(ROOT / "generated", out) == []


def test_missing_templates_are_an_internal_error_and_nothing_is_written(
        installed: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken-venv"
    shutil.copytree(installed.parent.parent, broken, symlinks=True)
    (templates,) = broken.glob("lib/python*/site-packages/generator/templates")
    shutil.rmtree(templates)
    out = tmp_path / "out"
    result = _generate(broken / "bin" / "ahasend-codegen", out, cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert "internal error: TemplatesMissing" in result.stderr
    assert "R001" not in result.stderr
    assert not out.exists()


def _generate(command: Path, out: Path, *, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The venv's own interpreter runs the script: a copied venv's shebang names the original.
    python = command.parent / "python"
    env = {**os.environ, "AHASEND_CODEGEN_CACHE": str(cwd / ".cache")}
    env.pop("PYTHONPATH", None)  # the repository must not be importable
    spec, config = ROOT / "spec" / "ahasend-openapi-v2.yaml", ROOT / "spec" / "codegen.toml"
    return subprocess.run(
        [str(python), str(command), "generate", "--spec", str(spec), "--config", str(config),
         "--out", str(out)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=240, check=False,
    )


def _differences(expected: Path, actual: Path) -> list[str]:
    """Relative paths that are missing, extra or different in `actual`."""
    wanted, found = read_tree(expected), read_tree(actual)
    return sorted(name for name in wanted.keys() | found.keys()
                  if wanted.get(name) != found.get(name))


def _run(command: list[str], *, cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, f"{command[:3]} failed:\n{result.stdout}\n{result.stderr}"
