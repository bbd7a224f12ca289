"""The speed paths change nothing but speed: caches, the second core, the unchanged check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import cli
from generator import format as formatting
from generator.cache import CACHE_ENV, Cache
from generator.cli import main
from generator.fingerprint import inputs_fingerprint
from generator.forked import JOBS_ENV
from generator.freshness import run_key
from generator.pipeline import Run, generate_files
from generator.template_files import TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "ahasend-openapi-v2.yaml"
CONFIG = ROOT / "spec" / "codegen.toml"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def cold(cache_dir: Path) -> dict[str, str]:
    return generate_files(SPEC, CONFIG, Run(), None, Cache(cache_dir))[1]


def test_a_warm_cache_gives_the_files_a_cold_one_gave(
    cold: dict[str, str], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JOBS_ENV, "1")  # everything in this process, where the patches apply

    def not_again(*args: object, **kwargs: object) -> str:
        raise AssertionError("a module was formatted although every one was cached")

    monkeypatch.setattr(formatting, "format_python", not_again)
    compiled = sorted((cache_dir / "jinja").glob("*/__jinja2_*"))
    assert compiled  # the templates compiled by the cold run, which the warm one loads
    run = Run()
    warm = generate_files(SPEC, CONFIG, run, None, Cache(cache_dir))[1]
    assert warm == cold
    assert run.timings["validate"] == 0.0  # the validator's result came from the cache


def test_no_cache_and_one_core_give_the_same_files(
    cold: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JOBS_ENV, "1")
    assert generate_files(SPEC, CONFIG, Run(), None, Cache(None))[1] == cold


def test_damaged_cache_entries_are_recomputed(
    cold: dict[str, str], cache_dir: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "cache"
    shutil.copytree(cache_dir, damaged)
    for entry in damaged.rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    assert generate_files(SPEC, CONFIG, Run(), None, Cache(damaged))[1] == cold


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def written(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(cache_dir))
    out = tmp_path / "generated"
    result = invoke("generate", "--spec", SPEC, "--config", CONFIG, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def check(out: Path) -> Result:
    return invoke("generate", "--spec", SPEC, "--config", CONFIG, "--out", out, "--check")


def test_check_of_an_untouched_tree_renders_nothing(
    written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(cli, "generate_files", not_again)
    result = check(written)
    assert result.exit_code == 0, result.output
    assert "would write 0 file(s)" in result.stdout
    assert "warning[N001]" in result.stderr  # the diagnostics are reported all the same


def test_check_still_finds_a_hand_edited_file(written: Path) -> None:
    victim = written / "src" / "ahasend" / "_client.py"
    victim.write_text(victim.read_text() + "# edited by hand\n")
    result = check(written)
    assert result.exit_code == 1
    assert f"{victim}: out of date" in result.stderr


def test_check_still_finds_added_and_removed_files(written: Path) -> None:
    (written / "stray.py").write_text("")
    (written / "README.md").unlink()
    result = check(written)
    assert result.exit_code == 1
    assert "stray.py: out of date" in result.stderr
    assert "README.md: out of date" in result.stderr


def test_strict_fails_on_the_unchanged_path_too(written: Path) -> None:
    result = invoke("generate", "--spec", SPEC, "--config", CONFIG, "--out", written,
                    "--check", "--strict")
    assert result.exit_code == 1
    assert "under --strict" in result.stderr


def test_every_input_is_part_of_the_run_key(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec_dir)
    spec, config = spec_dir / SPEC.name, spec_dir / CONFIG.name
    before = run_key(spec, config)
    assert before is not None and run_key(spec, config) == before
    for changed in (spec, config, *spec_dir.glob("*webhooks*.yaml")):
        original = changed.read_bytes()
        changed.write_bytes(original + b"\n# one more line\n")
        assert run_key(spec, config) != before, changed.name
        changed.write_bytes(original)
    assert run_key(spec, config) == before


def test_a_template_change_changes_the_fingerprint(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    before = inputs_fingerprint(CONFIG, templates=templates)
    (templates / "README.md.jinja").write_text("changed\n")
    assert inputs_fingerprint(CONFIG, templates=templates) != before


def test_an_edit_to_one_summary_changes_only_the_files_that_show_it(
    cold: dict[str, str], cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JOBS_ENV, "1")  # the formatter's count is this process's
    spec_dir = tmp_path / "spec"
    shutil.copytree(SPEC.parent, spec_dir)
    spec = spec_dir / SPEC.name
    text = spec.read_text(encoding="utf-8")
    line = "      summary: AhaSend Get Message\n"
    assert text.count(line) == 1
    spec.write_text(text.replace(line, line[:-1] + " (edited)\n"), encoding="utf-8")
    formatted: list[str] = []

    def recording(text: str, path: str, template: str, cache: Cache | None = None) -> str:
        formatted.append(path)
        return text  # the templates' output is black-clean already

    monkeypatch.setattr(formatting, "format_python", recording)
    edited = generate_files(spec, spec_dir / CONFIG.name, Run(), None, Cache(cache_dir))[1]
    changed = sorted(path for path in edited if edited[path] != cold.get(path))
    assert changed == [".codegen-manifest.json", "docs/messages.md",
                       "openapi.normalised.json", "src/ahasend/_version.py",
                       "src/ahasend/resources/messages.py"]
    assert "(edited)" in edited["src/ahasend/resources/messages.py"]
    # Only the two changed modules are formatted; the rest are cache hits.
    assert sorted(formatted) == ["src/ahasend/_version.py", "src/ahasend/resources/messages.py"]
