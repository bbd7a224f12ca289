"""Fingerprints of everything besides the spec that decides the generated output.

`code_fingerprint` covers the generator's own code, the Python version and the
versions of the libraries whose behaviour shows in the output or the
diagnostics; `inputs_fingerprint` adds the templates and the configuration.
Both are cheap (file hashes, no imports of the libraries themselves), which is
what lets `generate --check` answer without rendering anything.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from collections.abc import Mapping
from importlib.machinery import PathFinder
from pathlib import Path

from .cache import digest
from .template_files import TEMPLATES

__all__ = [
    "code_fingerprint", "file_sha256", "formatter_version", "inputs_fingerprint",
    "library_versions", "tree_digest", "used_library_versions",
]

GENERATOR = Path(__file__).resolve().parent
# Libraries that shape the output (black, Jinja) or the diagnostics (the rest).
LIBRARIES = ("black", "jinja2", "pyyaml", "openapi-spec-validator", "openapi-schema-validator",
             "jsonschema", "jsonschema-path", "referencing", "jsonschema-rs")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path, pattern: str = "*") -> str:
    """One hash over the relative path and bytes of every file under `root`."""
    parts: list[str | bytes] = []
    for path in sorted(root.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


@functools.cache
def code_fingerprint() -> str:
    versions = [f"{name}=={version}" for name, version in used_library_versions().items()]
    return digest(sys.version, *versions, tree_digest(GENERATOR, "*.py"))


@functools.cache
def used_library_versions() -> Mapping[str, str]:
    """The versions of `LIBRARIES`, looked up once a process (the code's fingerprint and
    the formatter's cache keys both need them)."""
    return library_versions(LIBRARIES)


@functools.cache
def formatter_version() -> str:
    """What decides the formatted text besides the text: black's version, how
    `format.py` calls it (its mode, how it cuts pieces), and the Python version black
    parses for. (Both the formatted modules' and the pieces' cache keys hold it.)"""
    black_version = used_library_versions()["black"]
    return digest(black_version, file_sha256(GENERATOR / "format.py"), sys.version)


def library_versions(names: tuple[str, ...]) -> dict[str, str]:
    """The installed version of each distribution in `names`, or "absent"."""
    found = _installed_versions(names)
    return {name: found.get(name) or _version(name) for name in names}


def inputs_fingerprint(config: Path, extra: tuple[Path, ...] = (),
                       templates: Path = TEMPLATES) -> str:
    """The code plus the templates, `config` and any `extra` input files."""
    files = [config, *extra]
    contents = [p.read_bytes() if p.is_file() else b"<missing>" for p in files]
    return digest(code_fingerprint(), tree_digest(templates), *contents)


def _version(name: str) -> str:
    """The installed version of distribution `name` as importlib.metadata gives it (which
    costs a few tens of milliseconds to import), or "absent"."""
    from importlib import metadata

    try:
        return str(metadata.version(name))  # None (no Version header) as the f-string had it
    except metadata.PackageNotFoundError:
        return "absent"


def _installed_versions(names: tuple[str, ...]) -> dict[str, str | None]:
    """The version of each of `names` found in a `*.dist-info` or `*.egg-info` directory on
    sys.path, read from its metadata file without importing importlib.metadata. The search
    is the one importlib.metadata makes: sys.path in order, each directory's entries in
    listing order, names compared normalised, the first found wins. Where this would not
    find what importlib.metadata finds (the name is absent, a zip file or an egg is on
    sys.path, its metadata is unusual, another finder supplies distributions), the name
    is missing or None: `_version` has to ask."""
    finders = [f for f in sys.meta_path if getattr(f, "find_distributions", None)]
    if finders != [PathFinder]:
        return {}
    wanted = {_normalise(name): name for name in names}
    found: dict[str, str | None] = {}
    for entry in sys.path:
        if entry.lower().endswith(".egg"):
            return found
        try:
            with os.scandir(entry or ".") as children:
                infos = [child.name for child in children if _is_info(child.name)]
        except FileNotFoundError:
            continue  # nothing there for importlib.metadata either
        except OSError:
            return found  # a zip file, or unreadable
        for info in infos:
            name = wanted.get(_normalise(info.rpartition(".")[0].partition("-")[0]))
            if name is not None and name not in found:
                found[name] = _metadata_version(Path(entry or ".", info))
        if len(found) == len(wanted):
            break
    return found


def _is_info(name: str) -> bool:
    return name.lower().endswith((".dist-info", ".egg-info"))


def _normalise(name: str) -> str:
    """PEP 503's normal form, with underscores for the dashes (as importlib.metadata)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _metadata_version(info: Path) -> str | None:
    """The Version header of the METADATA (else PKG-INFO) file in `info`; None where
    reading it as the email parser would is less than certain."""
    for file in ("METADATA", "PKG-INFO"):
        try:
            text = (info / file).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        except (OSError, ValueError):
            return None
        if text:
            return _header(text.split("\n"), "Version")
    return None


def _header(lines: list[str], key: str) -> str | None:
    for number, line in enumerate(lines):
        name, colon, value = line.partition(":")
        if not colon or not name or not name.isprintable() or " " in name:
            return None  # the end of the headers, or something odd
        if name.lower() == key.lower():
            following = lines[number + 1] if number + 1 < len(lines) else ""
            return None if following[:1] in (" ", "\t") else value.lstrip(" \t")
    return None
