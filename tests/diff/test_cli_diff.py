"""`ahasend-codegen diff` exit codes: 0 for none/patch/minor, 1 for major, 2 for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from tests.diff.specs import Edit, base, edited, write

LIST = "paths./things.get"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """The defaults: AhaSend's codegen.toml names schemas these small specs don't have."""
    path = tmp_path / "codegen.toml"
    path.write_text('[package]\ndistribution = "things"\n', encoding="utf-8")
    return path


def diff(tmp_path: Path, edits: list[Edit], *options: str) -> Result:
    old = write(base(), tmp_path / "old.json")
    new = write(edited(edits), tmp_path / "new.json")
    return CliRunner().invoke(main, ["diff", str(old), str(new),
                                     "--config", str(tmp_path / "codegen.toml"), *options],
                              catch_exceptions=False)


@pytest.mark.parametrize(("edits", "bump", "code"), [
    ([], "none", 0),
    ([("set", f"{LIST}.summary", "All things")], "patch", 0),
    ([("add", f"{LIST}.parameters", {"name": "q", "in": "query", "schema": {"type": "string"}})],
     "minor", 0),
    ([("del", "paths./ping", None)], "major", 1),
], ids=["none", "patch", "minor", "major"])
def test_exit_code_is_1_only_when_a_major_bump_is_needed(
    tmp_path: Path, config: Path, edits: list[Edit], bump: str, code: int
) -> None:
    result = diff(tmp_path, edits)
    assert result.exit_code == code, result.output
    assert f"Version bump needed: {bump}" in result.stdout.splitlines()[-1]


def test_next_version_follows_from_the_old_spec_version(tmp_path: Path, config: Path) -> None:
    result = diff(tmp_path, [("del", "paths./ping", None)])
    assert "next version 2.0.0." in result.stdout  # the base spec is 1.0.0


def test_a_missing_spec_is_an_input_error_naming_the_file(tmp_path: Path, config: Path) -> None:
    new = write(base(), tmp_path / "new.json")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "nope.yaml"), str(new),
                                       "--config", str(config)])
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr
    assert "no report" in result.stderr
    assert result.stdout == ""


def test_broken_specs_are_reported_with_file_and_line_and_exit_2(
    tmp_path: Path, config: Path
) -> None:
    old = tmp_path / "old.yaml"
    old.write_text("openapi: 3.1.0\ninfo: [unclosed\n", encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text("openapi: 3.1.0\npaths: {}\n", encoding="utf-8")  # no info: invalid
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--config", str(config)])
    assert result.exit_code == 2
    assert f"{old.as_posix()}:" in result.stderr
    assert f"{new.as_posix()}" in result.stderr


def test_an_unknown_format_is_a_usage_error(tmp_path: Path, config: Path) -> None:
    result = diff(tmp_path, [], "--format", "html")
    assert result.exit_code == 2
    assert "html" in result.stderr


def test_a_bad_config_is_an_input_error(tmp_path: Path) -> None:
    config = tmp_path / "codegen.toml"
    config.write_text("[surprise]\n", encoding="utf-8")
    spec = write(base(), tmp_path / "spec.json")
    result = CliRunner().invoke(main, ["diff", str(spec), str(spec), "--config", str(config)])
    assert result.exit_code == 2
    assert "surprise" in result.stderr


def test_help_states_the_exit_codes() -> None:
    result = CliRunner().invoke(main, ["diff", "--help"])
    assert result.exit_code == 0
    assert "1 for major" in " ".join(result.stdout.split())
