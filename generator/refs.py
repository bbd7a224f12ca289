"""Local `$ref` resolution with a clear error (file:line, JSON pointer) when it fails."""

from __future__ import annotations

from urllib.parse import unquote

from .diagnostics import Severity, SpecError, json_pointer, split_json_pointer
from .document import Document, JsonObject, JsonValue

__all__ = ["MAX_HOPS", "Resolver"]

MAX_HOPS = 32  # a longer chain of references to references is a cycle


class Resolver:
    """Follows `#/...` references inside one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.root: JsonObject = doc.data

    def error(self, code: str, message: str, pointer: str, hint: str = "") -> SpecError:
        return SpecError([self.doc.diagnostic(Severity.ERROR, code, message, pointer, hint)])

    def target(self, ref: str, at: str) -> tuple[JsonValue, str]:
        """The node ``ref`` (found at pointer ``at``) points to, and that node's pointer."""
        if not ref.startswith("#"):
            raise self.error(
                "B001",
                f"external reference {ref!r} is not supported",
                at,
                "bundle the spec into one file (e.g. `redocly bundle`)",
            )
        try:
            tokens = split_json_pointer(unquote(ref[1:]))
        except ValueError:
            raise self.error("B001", f"$ref {ref!r} is not a JSON pointer", at) from None
        node: JsonValue = self.root
        for token in tokens:
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise self.error(
                    "B001",
                    f"$ref {ref!r} points to nothing",
                    at,
                    "check the spelling of the reference and that the target exists",
                )
        return node, json_pointer(tokens)

    def deref(self, node: JsonValue, pointer: str) -> tuple[JsonValue, str]:
        """Follow a chain of Reference Objects to the object itself."""
        for _ in range(MAX_HOPS):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):
                return node, pointer
            node, pointer = self.target(ref, pointer + "/$ref")
        raise self.error("B001", "$ref chain does not end (a cycle of references)", pointer)

    def object_at(self, node: JsonValue, pointer: str, what: str) -> tuple[JsonObject, str]:
        """Like :meth:`deref`, and the result must be a mapping."""
        found, where = self.deref(node, pointer)
        if not isinstance(found, dict):
            raise self.error("B002", f"{what} must be a mapping", where)
        return found, where
