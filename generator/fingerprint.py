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
import sys
from importlib import metadata
from pathlib import Path

from .cache import digest

__all__ = ["code_fingerprint", "file_sha256", "inputs_fingerprint", "library_version",
           "tree_digest"]

GENERATOR = Path(__file__).resolve().parent
TEMPLATES = GENERATOR.parent / "templates"
# Libraries that shape the output (black, Jinja) or the diagnostics (the rest).
LIBRARIES = ("black", "jinja2", "pyyaml", "openapi-spec-validator", "openapi-schema-validator",
             "jsonschema", "jsonschema-path", "referencing")


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
    versions = [f"{name}=={library_version(name)}" for name in LIBRARIES]
    return digest(sys.version, *versions, tree_digest(GENERATOR, "*.py"))


def inputs_fingerprint(config: Path, extra: tuple[Path, ...] = (),
                       templates: Path = TEMPLATES) -> str:
    """The code plus the templates, `config` and any `extra` input files."""
    files = [config, *extra]
    contents = [p.read_bytes() if p.is_file() else b"<missing>" for p in files]
    return digest(code_fingerprint(), tree_digest(templates), *contents)


def library_version(name: str) -> str:
    """The installed version of distribution `name`, or "absent"."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"
