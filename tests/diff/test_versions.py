"""The version arithmetic behind "next version" and the info.version note."""

from __future__ import annotations

import pytest

from generator.diff_rules import Bump, bump_at_least, next_version, version_bump


@pytest.mark.parametrize(("version", "bump", "expected"), [
    ("2.0.0", Bump.MAJOR, "3.0.0"),
    ("2.3.4", Bump.MINOR, "2.4.0"),
    ("2.3.4", Bump.PATCH, "2.3.5"),
    ("2.3.4.post1", Bump.PATCH, "2.3.5"),
    ("2.3.4", Bump.NONE, None),
    ("v2", Bump.MAJOR, None),
])
def test_next_version_applies_the_bump(version: str, bump: Bump, expected: str | None) -> None:
    assert next_version(version, bump) == expected


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("2.0.0", "3.0.0", Bump.MAJOR),
    ("2.0.0", "2.1.0", Bump.MINOR),
    ("2.0.0", "2.0.1", Bump.PATCH),
    ("2.0.0", "2.0.0", Bump.NONE),
    ("2.1.0", "2.0.9", Bump.NONE),
    ("2.0.0", "next", None),
])
def test_version_bump_reads_what_the_spec_versions_say(
    old: str, new: str, expected: Bump | None
) -> None:
    assert version_bump(old, new) is expected


def test_a_bigger_bump_satisfies_a_smaller_need() -> None:
    assert bump_at_least(Bump.MAJOR, Bump.MINOR)
    assert bump_at_least(Bump.MINOR, Bump.MINOR)
    assert not bump_at_least(Bump.PATCH, Bump.MINOR)
