"""Stage 1: read the YAML spec into plain data plus a JSON-pointer -> position map.

This module reads the file into a `document.Document` (re-exported here); the
YAML itself is parsed by `load_yaml.py`, imported only when some YAML is read.
Every failure is a :class:`SpecError` carrying a diagnostic with file:line:col,
never a traceback.

Error codes: L001 unreadable file, L002 not UTF-8, L003 YAML syntax,
L004 duplicate key, L005 root is not a mapping, L006 alias expansion,
L007 nesting too deep, L008 unsupported YAML feature.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .diagnostics import file_error
from .document import Document, JsonObject, JsonValue, json_lookup, position_of

__all__ = [
    "MAX_BYTES",
    "Document",
    "JsonObject",
    "JsonValue",
    "json_lookup",
    "load_document",
    "load_json_document",
    "load_text",
    "position_of",
]

MAX_BYTES = 20 * 1024 * 1024


def load_document(path: Path) -> Document:
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        raise file_error(
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
            raise file_error(path, "L001", f"file is {size} bytes, over the {MAX_BYTES} limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise file_error(path, "L001", "file not found", hint="check the spec path") from None
    except IsADirectoryError:
        raise file_error(path, "L001", "is a directory, expected a YAML file") from None
    except OSError as exc:
        raise file_error(path, "L001", f"cannot read file: {exc.strerror or exc}") from None


def _parse(text: str, sha256: str, path: Path) -> Document:
    # PyYAML is imported by whoever reads YAML, not by every user of `Document`.
    from .load_yaml import parse

    return parse(text, sha256, path)


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return (before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1)
