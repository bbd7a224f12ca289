"""Tests for the ahasend-codegen command line."""

import subprocess
import sys

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
