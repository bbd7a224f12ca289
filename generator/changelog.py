"""`CHANGELOG.md` of the generated client: what each spec update changed, newest first.

`generate` compares the new IR with the IR of the normalised spec the client
was last generated from (`<out>/openapi.normalised.json`), by the rules of
`ahasend-codegen diff`, and puts an entry with the change list and the
version bump on top. With no earlier spec the entry says what was generated.
No dates or times: a rerun gives the same bytes, and a run that changes
nothing for users leaves the file exactly as it was, so `generate --check`
agrees with a committed tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .build import build_api
from .config import Config
from .diagnostics import Diagnostic, Severity, SpecError
from .diff import diff_apis
from .diff_report import markdown_sections
from .forked import Forked
from .ir import Api
from .load import Document, load_json_document
from .package_views import package_version

__all__ = ["CHANGELOG", "changelog_for", "changelog_text", "start_previous"]

CHANGELOG = "CHANGELOG.md"


def start_previous(out: Path | None, spec_name: str, config: Config,
                   webhook_docs: Sequence[Document] = ()) -> Forked[Api | None] | None:
    """The previous client's IR (see `changelog_for`), built from now on in a forked
    child while this process renders; None if there is no previous spec to build."""
    if out is None or not (out / spec_name).is_file():
        return None
    return Forked(lambda: _previous_api(out / spec_name, config, webhook_docs))


def changelog_for(out: Path | None, spec_name: str, spec_text: str, api: Api, config: Config,
                  webhook_docs: Sequence[Document] = (),
                  building: Forked[Api | None] | None = None) -> str:
    """The changelog to write into ``out`` for ``api`` (``out`` None: a first run).

    ``spec_text`` is the normalised spec ``api`` was built from, to be kept as
    ``out/spec_name``; the one there now is the previous client's. It is built
    like ``api`` was (same config and webhook documents) so only the spec's
    changes show; when its text is the same, nothing changed and nothing is built.
    ``building`` is that build already under way (`start_previous`), if it is.
    """
    existing = _read(out / CHANGELOG) if out else None
    if out is None:
        previous = None
    elif existing is not None and _read(out / spec_name) == spec_text:
        if building is not None:
            building.cancel()
        return existing
    elif building is not None:
        previous = building.result()  # a failed child builds here: same errors
    else:
        previous = _previous_api(out / spec_name, config, webhook_docs)
    return changelog_text(existing, previous, api, package_version(api, config), config)


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
