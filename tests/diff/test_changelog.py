"""CHANGELOG.md of the generated client: first entry, change entries, idempotent reruns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.changelog import CHANGELOG, changelog_for, changelog_text
from generator.cli import main
from generator.config import Config
from generator.diagnostics import SpecError
from tests.diff.specs import Edit, base, build, edited, write, write_config

NORMALISED = "openapi.normalised.json"
HEADER = (
    "# Changelog\n\n"
    "What each update of the API spec changed for users of `ahasend`, newest first.\n"
    "`ahasend-codegen generate` writes an entry when the spec changes, by the rules of "
    "`ahasend-codegen diff`.\n\n"
)
FIRST = "## 1.0.0\n\nGenerated from Things API 1.0.0: 5 methods, 4 models, 2 enums.\n"
EDITS: list[Edit] = [("set", "info.version", "1.1.0"), ("del", "paths./ping", None),
                     ("set", "paths./things.get.summary", "All things")]
ENTRY = (
    "## 1.1.0\n\n"
    "Note: info.version went from 1.0.0 to 1.1.0, but these changes need a major version "
    "bump.\n\n"
    "Version bump needed: major (1 breaking, 0 compatible, 1 docs-only); next version 2.0.0.\n\n"
    "### Breaking\n\n"
    "- `client.things.ping` was removed\n\n"
    "### Docs only\n\n"
    "- `client.things.list`: summary changed\n"
)


def test_a_first_run_writes_the_header_and_what_was_generated() -> None:
    assert changelog_text(None, None, build(base()), "1.0.0", Config()) == HEADER + FIRST


def test_an_update_puts_its_entry_above_the_older_ones() -> None:
    old, new = build(base()), build(edited(EDITS))
    text = changelog_text(HEADER + FIRST, old, new, "1.1.0", Config())
    assert text == HEADER + ENTRY + "\n" + FIRST


def test_a_rerun_without_api_changes_keeps_the_file_byte_for_byte() -> None:
    new = build(edited(EDITS))
    first = changelog_text(HEADER + FIRST, build(base()), new, "1.1.0", Config())
    assert changelog_text(first, new, new, "1.1.0", Config()) is first
    hand_edited = first + "\nA note kept by hand.\n"
    assert changelog_text(hand_edited, new, new, "1.1.0", Config()) is hand_edited


def test_without_a_changelog_and_without_changes_the_first_entry_is_written() -> None:
    api = build(base())
    assert changelog_text(None, api, api, "1.0.0", Config()) == HEADER + FIRST


def test_the_previous_client_is_read_from_the_normalised_spec_in_the_output(
    tmp_path: Path,
) -> None:
    write(base(), tmp_path / NORMALISED)
    (tmp_path / CHANGELOG).write_text(HEADER + FIRST, encoding="utf-8")
    text = changelog_for(tmp_path, NORMALISED, "{}", build(edited(EDITS)), Config())
    assert text == HEADER + ENTRY + "\n" + FIRST


def test_an_unchanged_normalised_spec_keeps_the_changelog_without_comparing(
    tmp_path: Path,
) -> None:
    (tmp_path / NORMALISED).write_text("the same text", encoding="utf-8")
    (tmp_path / CHANGELOG).write_text("kept as it is\n", encoding="utf-8")
    assert changelog_for(tmp_path, NORMALISED, "the same text", build(base()),
                         Config()) == "kept as it is\n"


def test_no_output_directory_means_a_first_run() -> None:
    assert changelog_for(None, NORMALISED, "{}", build(base()), Config()) == HEADER + FIRST


def test_an_unreadable_previous_spec_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / NORMALISED).write_text("{not json", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        changelog_for(tmp_path, NORMALISED, "{}", build(base()), Config())
    found = [d.format() for d in caught.value.diagnostics]
    assert any("error[L003]" in line for line in found)  # what is wrong with it, where
    assert any("error[C001]" in line and "delete it to start a new changelog entry" in line
               for line in found)


# -- through `ahasend-codegen generate` ------------------------------------------------------


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path)


def generate(spec: Path, config: Path, out: Path, *options: str) -> Result:
    return CliRunner().invoke(main, ["generate", "--spec", str(spec), "--config", str(config),
                                     "--out", str(out), *options], catch_exceptions=False)


def test_generate_records_a_spec_update_once_and_check_agrees(
    tmp_path: Path, config: Path
) -> None:
    out = tmp_path / "generated"
    old, new = write(base(), tmp_path / "old.json"), write(edited(EDITS), tmp_path / "new.json")
    assert generate(old, config, out).exit_code == 0
    first = (out / CHANGELOG).read_text(encoding="utf-8")
    assert first.endswith(FIRST)
    assert json.loads((out / NORMALISED).read_text(encoding="utf-8"))["info"]["version"] == "1.0.0"

    drift = generate(new, config, out, "--check")
    assert drift.exit_code == 1
    assert f"{out / CHANGELOG}: out of date" in drift.stderr

    assert generate(new, config, out).exit_code == 0
    updated = (out / CHANGELOG).read_bytes()
    assert updated.decode().endswith(ENTRY + "\n" + FIRST)
    assert generate(new, config, out, "--check").exit_code == 0
    again = generate(new, config, out)
    assert "wrote 0 file(s)" in again.stdout
    assert (out / CHANGELOG).read_bytes() == updated
