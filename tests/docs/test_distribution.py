"""generated/pyproject.toml: what PyPI shows and installs, from the spec and codegen.toml."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import pytest

from generator.config import Config, load_config
from generator.diagnostics import SpecError
from generator.render import render_api
from tests.render.sample_api import sample_api

ROOT = Path(__file__).resolve().parents[2]


def _project(config: Config, **api_changes: Any) -> dict[str, Any]:
    api = dataclasses.replace(sample_api(), **api_changes)
    text = render_api(api, ROOT / "templates", config=config)["pyproject.toml"]
    project: dict[str, Any] = tomllib.loads(text)["project"]
    return project


@pytest.mark.parametrize(("revision", "version"), [(0, "2.0.0"), (3, "2.0.0.post3")])
def test_the_version_is_the_spec_version_plus_the_generator_revision(
    revision: int, version: str
) -> None:
    assert _project(Config(revision=revision))["version"] == version


def test_license_urls_and_classifiers_come_from_the_spec_and_codegen_toml() -> None:
    urls = {"Homepage": "https://example.com", "API reference": "https://example.com/api"}
    project = _project(Config(urls=urls), license="MIT")
    assert project["license"] == "MIT"
    assert project["urls"] == urls
    assert "Typing :: Typed" in project["classifiers"]
    assert project["readme"] == "README.md"
    assert project["dependencies"] == ["httpx>=0.27,<1", "pydantic>=2.7,<3"]


def test_a_spec_without_a_license_declares_none() -> None:
    assert "license" not in _project(Config(), license="")


def test_the_real_distribution_is_mit_licensed_and_ships_docs_and_py_typed(
    generated: Path,
) -> None:
    data = tomllib.loads((generated / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["license"] == "MIT"  # info.license.identifier of the spec
    assert "docs" in data["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert (generated / "src/ahasend/py.typed").exists()


def test_a_project_url_that_is_not_https_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "codegen.toml"
    path.write_text('[package]\nrevision = 1\n\n[package.urls]\nHomepage = "http://x.test"\n',
                    encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_config(path)
    (problem,) = caught.value.diagnostics
    assert "package.urls.Homepage" in problem.message and problem.line == 5
