"""Stage 1: read the YAML spec into plain data plus a JSON-pointer -> position map.

This module has the document model and reads the file; the YAML itself is
parsed by `load_yaml.py`, imported only when some YAML is read. Every failure is
a :class:`SpecError` carrying a diagnostic with file:line:col, never a traceback.

Error codes: L001 unreadable file, L002 not UTF-8, L003 YAML syntax,
L004 duplicate key, L005 root is not a mapping, L006 alias expansion,
L007 nesting too deep, L008 unsupported YAML feature.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from generator.diagnostics import Diagnostic, Severity, SpecError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Document",
    "JsonObject",
    "JsonValue",
    "json_lookup",
    "load_document",
    "load_json_document",
    "load_text",
    "position_of",
]

JsonValue: TypeAlias = dict[str, "JsonValue"] | list["JsonValue"] | str | int | float | bool | None
JsonObject: TypeAlias = dict[str, JsonValue]

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 200
MAX_NODES = 1_000_000


@dataclass(frozen=True)
class Document:
    """A parsed spec. ``positions`` maps every JSON pointer to a 1-based (line, col);
    a mapping entry's pointer maps to its key. ``scalar_text`` keeps the source text
    of every non-string scalar (``yes``, ``0x1F``), for fixes that need it."""

    path: Path
    text: str
    sha256: str
    data: JsonObject
    positions: Mapping[str, tuple[int, int]]
    scalar_text: Mapping[str, str] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.path.as_posix()

    def diagnostic(
        self, severity: Severity, code: str, message: str, pointer: str, hint: str = ""
    ) -> Diagnostic:
        line, col = position_of(self, pointer)
        return Diagnostic(severity, code, message, self.file, line, col, pointer, hint)


def position_of(doc: Document, pointer: str) -> tuple[int, int]:
    """Position of ``pointer``, or of its nearest ancestor that has one; (0, 0) if none."""
    while True:
        found = doc.positions.get(pointer)
        if found is not None:
            return found
        if pointer == "":
            return (0, 0)
        pointer = pointer[: pointer.rfind("/")]


def json_lookup(data: JsonValue, parts: list[str]) -> JsonValue:
    """The node at reference tokens ``parts`` under ``data`` (list items by index); None
    if there is none."""
    node = data
    for token in parts:
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def load_document(path: Path) -> Document:
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        raise _error(
            path,
            "L002",
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            line,
            col,
            "re-save the file as UTF-8",
        ) from None
    return _parse(text.removeprefix("\ufeff"), hashlib.sha256(raw).hexdigest(), path)


def load_json_document(path: Path) -> Document:
    """A document the generator wrote itself as JSON (the normalised spec beside the
    client), read with the json module: the same data as `load_document` gives, in a
    tenth of the time, but without positions (nothing is reported about this file by
    line). Anything that is not plain JSON with an object at the root is read by
    `load_document`, which reports its problems as usual."""
    raw = _read_bytes(path)
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        return load_document(path)
    return Document(path, raw.decode("utf-8"), hashlib.sha256(raw).hexdigest(), data, {})


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: let YAML decide


def load_text(text: str, path: Path | str = "<string>") -> Document:
    """Parse ``text`` as if read from ``path`` (for tests and in-memory specs)."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _parse(text.removeprefix("\ufeff"), sha, Path(path))


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _error(path, "L001", f"file is {size} bytes, over the {MAX_BYTES} limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise _error(path, "L001", "file not found", hint="check the spec path") from None
    except IsADirectoryError:
        raise _error(path, "L001", "is a directory, expected a YAML file") from None
    except OSError as exc:
        raise _error(path, "L001", f"cannot read file: {exc.strerror or exc}") from None


def _parse(text: str, sha256: str, path: Path) -> Document:
    # PyYAML is imported by whoever reads YAML, not by every user of `Document`.
    from generator.load_yaml import parse

    return parse(text, sha256, path)


# -- errors -----------------------------------------------------------------------------------


def _error(
    path: Path,
    code: str,
    message: str,
    line: int = 0,
    col: int = 0,
    hint: str = "",
    pointer: str = "",
) -> SpecError:
    diag = Diagnostic(Severity.ERROR, code, message, path.as_posix(), line, col, pointer, hint)
    return SpecError([diag])


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return (before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1)
