"""Merge codegen.toml's [[overlays]] into the spec before building.

Some limits are documented only in the API's guides (the create-message guide:
"up to 100 recipients per request"). An overlay adds such a constraint to one
schema so the client checks it before sending. The spec on disk and the
validated document are not changed: this returns a copy, sharing every node
off the overlays' paths. The copy is what the client is built from and what is
written to generated/openapi.normalised.json, so the mock server enforces the
overlays too and the next run's changelog sees them as part of the old spec.

An overlay whose keyword the spec already has with the same value is a no-op
(the spec caught up); a different value is an error, because someone has to
decide which is right.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .config import Overlay
from .diagnostics import Diagnostic, Severity, SpecError, split_json_pointer
from .document import Document, JsonObject, JsonValue, json_lookup

__all__ = ["apply_overlays"]


def apply_overlays(doc: Document, overlays: Sequence[Overlay]) -> Document:
    """``doc`` with every overlay merged in; SpecError with one error per overlay that can't be."""
    if not overlays:
        return doc
    data: JsonObject = dict(doc.data)
    problems = []
    for overlay in overlays:
        problem = _merge(data, overlay)
        if problem:
            message, hint = problem
            problems.append(Diagnostic(Severity.ERROR, "C002", message, overlay.file, overlay.line,
                                       1, overlay.pointer, hint))
    if problems:
        raise SpecError(problems)
    return dataclasses.replace(doc, data=data)


def _merge(data: JsonObject, overlay: Overlay) -> tuple[str, str] | None:
    """Merge one overlay into ``data`` (copying the nodes on its path); a problem or None."""
    node: JsonObject | list[JsonValue] = data
    for part in split_json_pointer(overlay.pointer):
        child = _child(node, part)
        if child is None:
            return (f"overlay: nothing at #{overlay.pointer} in the spec",
                    "fix the pointer, or remove the overlay if the spec no longer has that schema")
        copy = dict(child) if isinstance(child, dict) else list(child)  # copy on write
        if isinstance(node, list):
            node[int(part)] = copy
        else:
            node[part] = copy
        node = copy
    if not isinstance(node, dict):
        return (f"overlay: #{overlay.pointer} is a list, not a schema object",
                "point at a schema object")
    if "$ref" in node and len(node) == 1:
        return (f"overlay: #{overlay.pointer} is only a $ref",
                "point at the referenced schema, or at a property with its own keywords")
    for key, value in overlay.keywords.items():
        if key in node and node[key] != value:
            return (f"overlay sets {key} = {value!r} but the spec says {node[key]!r}",
                    "check the API's documentation, then update or remove the overlay")
    node.update(overlay.keywords)
    return None


def _child(node: JsonObject | list[JsonValue], part: str) -> JsonObject | list[JsonValue] | None:
    """The object or list at ``part`` under ``node``; None if there is none."""
    found = json_lookup(node, [part])
    return found if isinstance(found, dict | list) else None
