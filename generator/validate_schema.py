"""The structural pass of validation: a piece of the document against the OpenAPI JSON Schema.

The schema is the one openapi-spec-validator ships (read from its package
directory, so the package itself, which pulls in requests and pydantic-settings,
is not imported), checked by jsonschema as openapi-spec-validator's jsonschema
backend does (`validator_for(schema)(schema)`), over a registry crawled once up front: as
shipped, the registry is left uncrawled and every `$dynamicRef` in the OpenAPI
3.1 schema crawls it again (a third of the run; same schema, same errors).

A piece is validated against the subschema the whole document's validation
would apply to it there (`_subschema_pointer`), with the same resolver, so its errors
are the ones the whole document would give for it; their paths are prefixed
with the piece's own place to make them pointers into the whole document.

Each piece is first put to jsonschema-rs (`validate_fast.py`): one it passes
has no errors to find, so jsonschema itself is only imported and run for the
others, which is what keeps the pass fast.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .diagnostics import json_pointer, truncate
from .document import JsonValue
from .validate_fast import Check, passes, subschema_check

__all__ = ["SCHEMA_FILES", "error_message", "structure_findings"]

MAX_MESSAGE = 300
_MAX_REPR = 80
# The schema openapi-spec-validator applies to each major.minor version.
SCHEMA_FILES = {"3.1": "resources/schemas/v3.1/schema.json",
                "3.0": "resources/schemas/v3.0/schema.json"}
Finding = tuple[str, str, str]  # (JSON pointer, message, kind)


def structure_findings(version: str, parts: Sequence[str], place: Sequence[str],
                       value: JsonValue) -> list[Finding]:
    """The schema errors of `value`, found at `parts` in the document, where the
    OpenAPI schema applies the subschema named by `place` (see `_subschema_pointer`)."""
    if passes(_fast_check(version, tuple(place)), value):
        return []
    validator = _validator(version)
    if place:
        validator = validator.evolve(schema=_subschema(validator.schema, tuple(place)))
    return [(json_pointer([*parts, *(str(p) for p in error.absolute_path)]),
             error_message(error), "") for error in validator.iter_errors(value)]


def _subschema_pointer(place: tuple[str, ...]) -> tuple[str, ...]:
    """Where the OpenAPI 3.1 schema has the subschema for a path item (`("paths",)`), a
    webhook (`("webhooks",)`) or an entry of a components section (`("components",
    section)`); the whole document (`()`) gets the whole schema."""
    match place:
        case ():
            return ()
        case ("paths",):
            return ("$defs", "paths", "patternProperties", "^/")
        case ("webhooks",):
            return ("properties", "webhooks", "additionalProperties")
        case ("components", section):
            return ("$defs", "components", "properties", section, "additionalProperties")
    raise AssertionError(f"no subschema for {place}")


def _subschema(schema: dict[str, Any], place: tuple[str, ...]) -> Any:
    node: Any = schema
    for part in _subschema_pointer(place):
        node = node[part]
    return node


@functools.cache
def _fast_check(version: str, place: tuple[str, ...]) -> Check | None:
    return subschema_check(_shipped_schema(version), _subschema_pointer(place))


@functools.cache
def _validator(version: str) -> Any:
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]  # noqa: PLC0415

    schema = _shipped_schema(version)
    validator = validator_for(schema)(schema)
    resolver = validator._resolver
    crawled = type(resolver)(base_uri=resolver._base_uri, registry=resolver._registry.crawl())
    return validator.evolve(_resolver=crawled)


@functools.cache
def _shipped_schema(version: str) -> dict[str, Any]:
    spec = importlib.util.find_spec("openapi_spec_validator")  # finds it, runs nothing
    assert spec is not None and spec.submodule_search_locations, "openapi-spec-validator"
    folder = Path(next(iter(spec.submodule_search_locations)))
    schema: dict[str, Any] = json.loads((folder / SCHEMA_FILES[version]).read_text(
        encoding="utf-8"))
    return schema


def error_message(error: Any) -> str:
    """A jsonschema error as one line: its message, and for a failed anyOf/oneOf the
    problem of the branch that came closest; huge values and messages shortened."""
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]  # noqa: PLC0415

    message = _short_message(error)
    if error.context:
        closest = best_match(error.context)
        message += f"; closest match: {_short_message(closest)}"
    return truncate(message, MAX_MESSAGE)


def _short_message(error: Any) -> str:
    message = str(error.message)
    instance = repr(error.instance)
    if len(instance) > _MAX_REPR and instance in message:
        message = message.replace(instance, truncate(instance, _MAX_REPR))
    return message

