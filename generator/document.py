"""The document model every stage shares: a parsed spec, its JSON data, and where each
JSON pointer is in the file.

`load` makes Documents; the later stages read and copy them. Pointer helpers that
follow local `$ref`s live here too, so no stage has to reach into another for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias
from urllib.parse import unquote

from .diagnostics import Diagnostic, Severity, split_json_pointer

__all__ = ["MAX_REF_HOPS", "Document", "JsonObject", "JsonValue", "canonical", "json_lookup",
           "local_ref", "position_of"]

JsonValue: TypeAlias = dict[str, "JsonValue"] | list["JsonValue"] | str | int | float | bool | None
JsonObject: TypeAlias = dict[str, JsonValue]
# How many `$ref`s in a row a pointer may follow (refs can form cycles).
MAX_REF_HOPS = 50


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


def canonical(data: JsonValue, parts: Iterable[str]) -> list[str]:
    """Turn a path that walked through $refs into the pointer of the node it reached,
    so the diagnostic points at the definition, not at the place that referenced it."""
    result: list[str] = []
    node = data
    for token in parts:
        for _ in range(MAX_REF_HOPS):  # bounded: refs can form cycles
            ref = local_ref(node) if isinstance(node, dict) and token not in node else None
            if ref is None:
                break
            result = split_json_pointer(unquote(ref))
            node = json_lookup(data, result)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            node = None
        result.append(token)
    return result


def local_ref(node: JsonValue) -> str | None:
    """The pointer (without its `#`) of a `$ref` into this document, else None."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref[1:] if isinstance(ref, str) and ref.startswith("#/") else None
