"""The previous client's IR, which CHANGELOG.md compares with, comes from the cache when
the run that wrote the client kept it there; a missing or unusable entry means a build."""

from __future__ import annotations

import base64
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import changelog
from generator.build import build_api
from generator.cache import CACHE_ENV, Cache
from generator.changelog import CHANGELOG, start_previous, store_api
from generator.cli import main
from generator.config import Config
from generator.forked import JOBS_ENV
from generator.ir import Api
from generator.load import Document, load_json_document
from tests.diff.specs import Edit, base, build, edited, write, write_config

NORMALISED = "openapi.normalised.json"
EDITS: list[Edit] = [("set", "info.version", "1.1.0"), ("del", "paths./ping", None),
                     ("set", "paths./things.get.summary", "All things")]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents the previous client's IR was built from, one entry per build (all
    in this process, where the patch applies)."""
    monkeypatch.setenv(JOBS_ENV, "1")
    built: list[str] = []
    real = build_api  # what `changelog` calls to build the previous client's IR

    def counted(doc: Document, config: Config, webhook_docs: Sequence[Document] = ()) -> Api:
        built.append(doc.file)
        return real(doc, config, webhook_docs)

    monkeypatch.setattr(changelog, "build_api", counted)
    return built


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path)


def generate(spec: Path, config: Path, out: Path) -> Result:
    result = CliRunner().invoke(main, ["generate", "--spec", str(spec), "--config", str(config),
                                       "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def updated_without_cache(tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
                          ) -> dict[str, bytes]:
    """The client as a run without any cache writes it for the edited spec."""
    monkeypatch.setenv(CACHE_ENV, "off")
    out = tmp_path / "uncached"
    generate(write(base(), tmp_path / "old.json"), config, out)
    generate(write(edited(EDITS), tmp_path / "new.json"), config, out)
    return tree(out)


def test_a_run_after_an_edit_takes_the_previous_ir_from_the_cache(
    tmp_path: Path, config: Path, builds: list[str], updated_without_cache: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builds.clear()
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    out = tmp_path / "generated"
    generate(write(base(), tmp_path / "old.json"), config, out)
    generate(write(edited(EDITS), tmp_path / "new.json"), config, out)
    assert builds == []  # the first run kept its IR; the second compared with that
    assert tree(out) == updated_without_cache
    assert "`client.things.ping` was removed" in (out / CHANGELOG).read_text(encoding="utf-8")


def _not_base64(api: Api) -> str:
    return "this is not base64 *"


def _not_a_pickle(api: Api) -> str:
    return base64.b64encode(b"\x80\x05not a pickle").decode()


def _not_an_api(api: Api) -> str:
    return base64.b64encode(pickle.dumps({"title": api.title})).decode()


@pytest.mark.parametrize("damage", [_not_base64, _not_a_pickle, _not_an_api])
def test_an_entry_that_does_not_load_falls_back_to_building(
    tmp_path: Path, config: Path, builds: list[str], updated_without_cache: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch, damage: Callable[[Api], str],
) -> None:
    builds.clear()
    cache = Cache(tmp_path / "cache")
    monkeypatch.setenv(CACHE_ENV, str(cache.root))
    out = tmp_path / "generated"
    generate(write(base(), tmp_path / "old.json"), config, out)
    entries = sorted((tmp_path / "cache" / changelog.NAMESPACE).glob("*/*"))
    assert len(entries) == 1
    kept = cache.get(changelog.NAMESPACE, entries[0].name)
    assert kept is not None
    api = pickle.loads(base64.b64decode(kept))
    cache.put(changelog.NAMESPACE, entries[0].name, damage(api))  # passes the checksum
    generate(write(edited(EDITS), tmp_path / "new.json"), config, out)
    assert builds == [(out / NORMALISED).as_posix()]
    assert tree(out) == updated_without_cache


def test_the_ir_is_kept_per_config_and_webhook_documents(
    tmp_path: Path, builds: list[str]
) -> None:
    cache = Cache(tmp_path / "cache")
    spec = write(base(), tmp_path / NORMALISED)
    store_api(cache, spec.read_text(encoding="utf-8"), build(base()), Config())
    builds.clear()

    cached = start_previous(tmp_path, NORMALISED, Config(), (), cache)
    assert cached is not None
    built = start_previous(tmp_path, NORMALISED, Config(), (), Cache(None))
    assert built is not None
    assert cached.result() == built.result()  # the same IR, hash of the kept JSON included
    assert len(builds) == 1  # for `built` only

    for other_config, hooks in [(Config(revision=1), ()),
                                (Config(), (_hooks(tmp_path),))]:
        builds.clear()
        previous = start_previous(tmp_path, NORMALISED, other_config, hooks, cache)
        assert previous is not None
        previous.result()
        assert len(builds) == 1


def _hooks(tmp_path: Path) -> Document:
    return load_json_document(write(edited(EDITS), tmp_path / "hooks.json"))
