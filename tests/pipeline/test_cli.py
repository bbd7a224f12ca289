"""The command line as a maintainer meets it: generate, --check, validate, errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "ahasend-openapi-v2.yaml"
CONFIG = ROOT / "spec" / "codegen.toml"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "generated"
    result = invoke("generate", "--spec", SPEC, "--config", CONFIG, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def test_generate_prints_a_one_line_summary(generated: Path) -> None:
    result = invoke("generate", "--spec", SPEC, "--config", CONFIG, "--out", generated)
    summary = result.stdout.strip().splitlines()[-1]
    assert re.match(r"43 operations, \d+ models, \d+ enums: wrote 0 file\(s\), \d+ unchanged, "
                    r"0 removed in .* \(\d+\.\d\d s\)$", summary), summary


def test_two_runs_are_byte_identical(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "generated"
    assert invoke("generate", "--spec", SPEC, "--config", CONFIG, "--out", again).exit_code == 0
    assert tree(again) == tree(generated)


def test_committed_generated_tree_matches_the_spec() -> None:
    result = invoke("generate", "--spec", SPEC, "--config", CONFIG, "--out", ROOT / "generated",
                    "--check")
    assert result.exit_code == 0, result.output


def test_check_lists_drifted_files_and_exits_1(generated: Path, tmp_path: Path) -> None:
    copy = tmp_path / "generated"
    shutil.copytree(generated, copy)
    victim = next(p for p in sorted(copy.rglob("*.py")))
    victim.write_text(victim.read_text() + "# edited by hand\n")
    (copy / "stray.txt").write_text("not generated\n")
    result = invoke("generate", "--spec", SPEC, "--config", CONFIG, "--out", copy, "--check")
    assert result.exit_code == 1
    assert f"{victim}: out of date" in result.stderr
    assert f"{copy / 'stray.txt'}: out of date" in result.stderr
    assert victim.read_text().endswith("# edited by hand\n")  # --check wrote nothing


def test_broken_yaml_is_exit_2_with_file_line_col_and_output_untouched(
    generated: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: '1'\n")
    before = tree(generated)
    result = invoke("generate", "--spec", bad, "--config", CONFIG, "--out", generated)
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(bad))}:\d+:\d+: error\[L\d+\]", result.stderr)
    assert "Traceback" not in result.output
    assert tree(generated) == before


def test_missing_spec_is_exit_2_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = invoke("generate", "--spec", missing, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert not (tmp_path / "out").exists()


def test_spec_with_an_unfixable_error_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SPEC.read_text().replace("'#/components/schemas/Address'",
                                            "'#/components/schemas/Adress'", 1))
    result = invoke("generate", "--spec", bad, "--config", CONFIG, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "#/components/schemas/Adress" in result.stderr
    assert not (tmp_path / "out").exists()


def test_validate_reports_each_defect_as_a_named_fix_and_no_errors() -> None:
    result = invoke("validate", "--spec", SPEC)
    assert result.exit_code == 0, result.output
    codes = set(re.findall(r": warning\[(N\d+)\]", result.stderr))
    assert {"N001", "N002", "N003", "N004", "N005"} <= codes
    assert ": error[" not in result.stderr
    located = r"ahasend-openapi-v2\.yaml:\d+:\d+: warning\[N002\] .*\(#/paths/"
    assert re.search(located, result.stderr)


def test_validate_checks_the_config_its_overlays_and_the_webhooks_document(
    tmp_path: Path,
) -> None:
    result = invoke("validate", "--spec", SPEC, "--config", CONFIG)
    assert result.exit_code == 0, result.output
    assert "ahasend-webhooks.yaml, " in result.stderr.splitlines()[-1]
    hooks = tmp_path / "hooks.yaml"
    hooks.write_text("openapi: 3.1.0\nwebhooks: {}\n", encoding="utf-8")  # no info
    config = tmp_path / "codegen.toml"
    config.write_text('[webhooks]\nspec = "hooks.yaml"\n\n[[overlays]]\n'
                      'pointer = "/components/schemas/Nope"\nset = { maxItems = 1 }\n'
                      'source = "a guide"\n', encoding="utf-8")
    result = invoke("validate", "--spec", SPEC, "--config", config)
    assert result.exit_code == 2
    assert f"{config.as_posix()}:4:1: error[C002] overlay: nothing at" in result.stderr
    assert re.search(rf"{re.escape(hooks.as_posix())}(:\d+:\d+)?: error\[", result.stderr)
    config.write_text("[surprise]\n", encoding="utf-8")
    result = invoke("validate", "--spec", SPEC, "--config", config)
    assert result.exit_code == 2 and "error[C001] surprise: unknown table" in result.stderr


def test_generate_stops_on_an_overlay_the_spec_contradicts(tmp_path: Path) -> None:
    config = tmp_path / "codegen.toml"
    config.write_text('[[overlays]]\npointer = "/components/schemas/CreateAPIKeyRequest/'
                      'properties/label"\nset = { maxLength = 10 }\nsource = "a guide"\n',
                      encoding="utf-8")
    result = invoke("generate", "--spec", SPEC, "--config", config, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert (f"{config.as_posix()}:1:1: error[C002] overlay sets maxLength = 10 but the spec "
            "says 255") in result.stderr
    assert not (tmp_path / "out").exists()


def test_validate_strict_turns_the_warnings_into_exit_1() -> None:
    assert invoke("validate", "--spec", SPEC, "--strict").exit_code == 1
