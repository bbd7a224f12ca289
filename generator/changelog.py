"""`CHANGELOG.md` of the generated client: what each spec update changed, newest first.

`generate` compares the new IR with the IR of the normalised spec the client
was last generated from (`<out>/openapi.normalised.json`), by the rules of
`ahasend-codegen diff`, and puts an entry with the change list and the
version bump on top. With no earlier spec the entry says what was generated.
No dates or times: a rerun gives the same bytes, and a run that changes
nothing for users leaves the file exactly as it was, so `generate --check`
agrees with a committed tree.

Each run keeps its IR in the cache (`store_api`), keyed by the normalised text
it writes and everything else the build reads, so the next run finds the
previous client's IR there instead of building it again; on a miss (or an
entry that does not load) it is built as before.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .build import build_api
from .cache import Cache, digest
from .config import Config
from .diagnostics import Diagnostic, Severity, SpecError
from .diff import diff_apis
from .diff_report import markdown_sections
from .fingerprint import code_fingerprint
from .forked import Forked
from .ir import Api
from .load import Document, load_json_document
from .package_views import package_version

__all__ = ["CHANGELOG", "Previous", "changelog_for", "changelog_text", "start_previous",
           "store_api"]

CHANGELOG = "CHANGELOG.md"
NAMESPACE = "ir"


class Previous(Protocol):
    """The previous client's IR on its way: a `Forked` build, or one the cache had."""

    def result(self) -> Api | None: ...

    def cancel(self) -> None: ...


class _Cached:
    """An IR taken from the cache: a `Previous` with nothing left to wait for."""

    def __init__(self, api: Api) -> None:
        self._api = api

    def result(self) -> Api | None:
        return self._api

    def cancel(self) -> None:
        pass


def start_previous(out: Path | None, spec_name: str, config: Config,
                   webhook_docs: Sequence[Document] = (),
                   cache: Cache | None = None) -> Previous | None:
    """The previous client's IR (see `changelog_for`): from ``cache`` if a run kept it
    there, else built from now on in a forked child while this process renders;
    None if there is no previous spec to build."""
    if out is None or not (out / spec_name).is_file():
        return None
    cached = _cached_api(cache, _read(out / spec_name), config, webhook_docs)
    if cached is not None:
        return _Cached(cached)
    return Forked(lambda: _previous_api(out / spec_name, config, webhook_docs))


def changelog_for(out: Path | None, spec_name: str, spec_text: str, api: Api, config: Config,
                  webhook_docs: Sequence[Document] = (),
                  building: Previous | None = None, cache: Cache | None = None) -> str:
    """The changelog to write into ``out`` for ``api`` (``out`` None: a first run).

    ``spec_text`` is the normalised spec ``api`` was built from, to be kept as
    ``out/spec_name``; the one there now is the previous client's. It is built
    like ``api`` was (same config and webhook documents) so only the spec's
    changes show; when its text is the same, nothing changed and nothing is built.
    ``building`` is that build already under way (`start_previous`), if it is.
    ``cache``, if given, keeps ``api`` for the next run (`store_api`) and may hold
    the previous IR, kept by the run that wrote it.
    """
    if cache is not None:
        store_api(cache, spec_text, api, config, webhook_docs)
    existing = _read(out / CHANGELOG) if out else None
    previous_text = _read(out / spec_name) if out else None
    if out is None:
        previous = None
    elif existing is not None and previous_text == spec_text:
        if building is not None:
            building.cancel()
        return existing
    elif building is not None:
        previous = building.result()  # a failed child builds here: same errors
    else:
        previous = (_cached_api(cache, previous_text, config, webhook_docs)
                    or _previous_api(out / spec_name, config, webhook_docs))
    return changelog_text(existing, previous, api, package_version(api, config), config)


def store_api(cache: Cache, spec_text: str, api: Api, config: Config,
              webhook_docs: Sequence[Document] = ()) -> None:
    """Keep ``api``, built from the normalised spec ``spec_text``, for the run that finds
    that text as the previous client's (a cache without a root keeps nothing)."""
    if cache.root is None:
        return
    try:
        payload = pickle.dumps(api, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # e.g. an IR nested too deeply to pickle: the next run builds it
        return
    key = _api_key(spec_text, config, webhook_docs)
    cache.put(NAMESPACE, key, base64.b64encode(payload).decode("ascii"))


def _cached_api(cache: Cache | None, spec_text: str | None, config: Config,
                webhook_docs: Sequence[Document]) -> Api | None:
    """The IR a run built from ``spec_text`` with this config and these webhook documents,
    if the cache kept it and it loads; None sends the caller to build it."""
    if cache is None or cache.root is None or spec_text is None:
        return None
    stored = cache.get(NAMESPACE, _api_key(spec_text, config, webhook_docs))
    if stored is None:
        return None
    try:
        api = pickle.loads(base64.b64decode(stored.encode("ascii"), validate=True))
    except Exception:
        return None  # an entry that passed its checksum yet does not load: build instead
    if not isinstance(api, Api):
        return None
    # Built from the spec's own document, not from the JSON kept beside the client,
    # whose hash a build of it records. (Webhooks of the main spec also record its
    # file name as their `source`, which the changelog's comparison does not read.)
    return dataclasses.replace(api, spec_sha256=hashlib.sha256(spec_text.encode()).hexdigest())


def _api_key(spec_text: str, config: Config, webhook_docs: Sequence[Document]) -> str:
    """Everything `build_api` reads: the normalised spec, the config (its repr shows every
    field, in the order codegen.toml gave them), the webhook documents and the code."""
    hooks = [part for doc in webhook_docs for part in (doc.file, doc.sha256)]
    return digest(NAMESPACE, code_fingerprint(), repr(config), str(len(hooks)), *hooks,
                  spec_text)


def changelog_text(existing: str | None, previous: Api | None, api: Api, version: str,
                   config: Config) -> str:
    """``existing`` with an entry for ``previous`` -> ``api`` on top, if users see a change."""
    report = diff_apis(previous, api) if previous is not None else None
    if report is None or not report.changes:
        if report is not None and existing is not None:
            return existing  # nothing changed for users: the file stays byte for byte
        entry = _first_entry(api)
    else:
        entry = markdown_sections(report, level=3)
    return _header(config) + _entry(version, entry) + _older_entries(existing)


def _header(config: Config) -> str:
    return (
        "# Changelog\n\n"
        f"What each update of the API spec changed for users of `{config.distribution}`, "
        "newest first.\n"
        "`ahasend-codegen generate` writes an entry when the spec changes, by the rules of "
        "`ahasend-codegen diff`.\n\n"
    )


def _entry(version: str, body: str) -> str:
    return f"## {version}\n\n{body}"


def _first_entry(api: Api) -> str:
    return (f"Generated from {api.title} {api.version}: {len(api.operations)} methods, "
            f"{len(api.models)} models, {len(api.enums)} enums.\n")


def _older_entries(existing: str | None) -> str:
    """The entries of the current file (everything from its first `## ` heading on)."""
    if not existing:
        return ""
    if existing.startswith("## "):
        return "\n" + existing
    start = existing.find("\n## ")
    return "\n" + existing[start + 1:] if start >= 0 else ""


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _previous_api(path: Path, config: Config, webhook_docs: Sequence[Document]) -> Api | None:
    """The client as last generated, built from the normalised spec kept beside it."""
    if not path.is_file():
        return None
    from .normalise import normalise  # here: this runs in `start_previous`'s child

    try:  # it was validated when it was written; loading and building it is enough
        document, _ = normalise(load_json_document(path))  # JSON we wrote: no YAML parser
        return build_api(document, config, webhook_docs)
    except SpecError as error:
        raise SpecError([*error.diagnostics, Diagnostic(
            Severity.ERROR, "C001",
            "the spec the client was last generated from cannot be read, so CHANGELOG.md "
            "cannot say what changed", path.as_posix(), 0, 0, "",
            "restore it from version control, or delete it to start a new changelog entry",
        )]) from None
