"""Tests for the ahasend-codegen command line."""

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator import __version__
from generator.cli import main


def test_version_prints_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
    assert "ahasend-codegen" in result.output


def test_module_help_lists_commands() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Commands:" in proc.stdout
    assert "generate" in proc.stdout


def test_the_process_exits_with_the_commands_status_and_its_output_written(
    tmp_path: Path,
) -> None:
    version = subprocess.run([sys.executable, "-m", "generator", "--version"],
                             capture_output=True, text=True, check=False)
    assert (version.returncode, __version__ in version.stdout) == (0, True)
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: [not, a, mapping]\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "generator", "validate", "--spec", str(spec)],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2, bad.stderr
    assert f"{spec}:" in bad.stderr and bad.stderr.rstrip().endswith(".")
