"""The library versions in the code fingerprint are the ones importlib.metadata reports."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from generator import fingerprint
from generator.fingerprint import LIBRARIES, library_versions


def metadata_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def test_each_library_has_the_version_importlib_metadata_reports() -> None:
    assert library_versions(LIBRARIES) == {name: metadata_version(name) for name in LIBRARIES}


def test_the_libraries_are_found_without_importlib_metadata() -> None:
    found = fingerprint._installed_versions(LIBRARIES)
    assert found == {name: metadata.version(name) for name in LIBRARIES}


def test_names_are_compared_in_normal_form() -> None:
    names = ("PyYAML", "Jinja2", "openapi_spec_validator", "JSONSchema.Path", "no-such-dist-x")
    assert library_versions(names) == {name: metadata_version(name) for name in names}


def write_info(root: Path, directory: str, file: str, text: str) -> None:
    (root / directory).mkdir()
    (root / directory / file).write_text(text, encoding="utf-8")


def test_installs_made_by_hand_read_as_importlib_metadata_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_info(tmp_path, "Odd.Name_pkg-1.0.dist-info", "METADATA",
               "Metadata-Version: 2.1\nName: odd.name-pkg\nVersion:   1.0.post2  \n\nVersion: 9\n")
    write_info(tmp_path, "legacy_pkg-0.3.egg-info", "PKG-INFO",
               "Metadata-Version: 1.0\nName: legacy-pkg\nVersion: 0.3\n")
    write_info(tmp_path, "folded-2.0.dist-info", "METADATA",
               "Name: folded\nVersion: 2.0\n  .1\n")
    write_info(tmp_path, "noversion-1.0.dist-info", "METADATA", "Name: noversion\n\nbody\n")
    write_info(tmp_path, "later-1.0.dist-info", "METADATA", "Name: later\nVersion: 1.0\n")
    shadowed = tmp_path / "shadowed"
    shadowed.mkdir()
    write_info(shadowed, "later-5.0.dist-info", "METADATA", "Name: later\nVersion: 5.0\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(shadowed), *sys.path])
    names = ("odd-name.pkg", "Legacy-Pkg", "folded", "noversion", "later", "black")
    expected = {name: str(metadata_version(name)) for name in names}
    assert library_versions(names) == expected
    assert expected["later"] == "1.0"
