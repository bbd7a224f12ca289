"""Stage 2: check the document against the OpenAPI specification, reporting every problem.

Three passes, each collecting all problems rather than stopping at the first:

- V002/V003/V004: every ``$ref`` is local, resolves, and does not lead back to itself
  through refs and allOf/anyOf/oneOf alone. Checked first and by us, so that external
  references are never fetched and broken or endless ones can't crash the next pass.
- V001 (structure): the official OpenAPI JSON Schema, via openapi-spec-validator; the
  error's path is a JSON pointer into the document.
- V001 (semantics): openapi-spec-validator's keyword checks (schema meta-validation,
  defaults, duplicate operationIds, path parameters). These errors carry no location,
  so each checker is wrapped to tag its errors with the node it was looking at.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import unquote

from jsonschema.exceptions import best_match  # type: ignore[import-untyped]
from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation.keywords import KeywordValidator
from openapi_spec_validator.validation.registries import KeywordValidatorRegistry
from openapi_spec_validator.validation.validators import SpecValidator

from generator.diagnostics import Diagnostic, Severity, json_pointer, split_json_pointer
from generator.load import Document, JsonValue

__all__ = ["validate_document"]

_MAX_REPR = 80
_MAX_MESSAGE = 300
_MAX_HOPS = 50
_MAX_VISITS = 10_000  # schemas one cycle check looks at before giving up
# Keys whose values are example/instance data, not OpenAPI objects: a "$ref" in there is data.
_DATA_KEYS = frozenset({"example", "default", "enum", "const", "value"})
# Keys whose values map user-chosen names to objects: their keys are never keywords.
_NAME_MAPS = frozenset(
    """properties patternProperties $defs definitions dependentSchemas schemas responses
    parameters examples requestBodies headers securitySchemes links callbacks pathItems
    content encoding paths webhooks variables""".split()
)
_WHERE = "_ahasend_where"  # attribute we tag semantic-pass errors with


def validate_document(doc: Document) -> list[Diagnostic]:
    version = doc.data.get("openapi")
    validator_cls = _validator_for(version)
    if validator_cls is None:
        return [_version_problem(doc, version)]
    ref_problems = list(_check_refs(doc))
    structure = list(_structure_errors(doc, validator_cls))
    semantics: list[Diagnostic] = []
    if not ref_problems:
        semantics = _semantic_errors(doc, validator_cls, quiet=bool(structure))
    return _dedupe([*ref_problems, *_drop_vague(structure), *semantics])


def _version_problem(doc: Document, version: JsonValue) -> Diagnostic:
    if "openapi" in doc.data:
        message = f"unsupported 'openapi' version {version!r}; expected 3.1.x or 3.0.x"
        return doc.diagnostic(Severity.ERROR, "V001", message, "/openapi")
    if "swagger" in doc.data:
        message = f"a Swagger {doc.data['swagger']!r} document; expected OpenAPI 3.1.x or 3.0.x"
        hint = "convert it to OpenAPI 3 first (e.g. with swagger2openapi)"
        return doc.diagnostic(Severity.ERROR, "V001", message, "/swagger", hint)
    message = "no 'openapi' version; expected an OpenAPI 3.1.x or 3.0.x document"
    return doc.diagnostic(Severity.ERROR, "V001", message, "", "start the file with openapi: 3.1.0")


def _validator_for(version: JsonValue) -> type[SpecValidator] | None:
    if isinstance(version, str) and version.startswith("3.1."):
        return OpenAPIV31SpecValidator
    if isinstance(version, str) and version.startswith("3.0."):
        return OpenAPIV30SpecValidator
    return None


# -- references -------------------------------------------------------------------------------


def _check_refs(doc: Document) -> Iterator[Diagnostic]:
    anchors = set(_anchors(doc.data))
    for parts, ref in _iter_refs(doc.data, [], names=False):
        pointer = json_pointer(parts)
        if not ref.startswith("#"):
            yield doc.diagnostic(
                Severity.ERROR,
                "V003",
                f"external reference {ref!r} is not supported (other files and URLs are "
                "never fetched)",
                pointer,
                "move the referenced definition into components",
            )
        elif not _resolves(doc.data, unquote(ref[1:]), anchors):
            yield doc.diagnostic(
                Severity.ERROR,
                "V002",
                f"reference {ref!r} does not resolve",
                pointer,
                _suggest(doc.data, unquote(ref[1:])),
            )
        elif _in_ref_cycle(doc.data, parts[:-1]):
            yield doc.diagnostic(
                Severity.ERROR,
                "V004",
                f"reference {ref!r} leads back to itself through $ref/allOf/anyOf/oneOf "
                "only, so it never reaches a definition",
                pointer,
                "point one of the references in the cycle at an actual definition",
            )


def _in_ref_cycle(data: JsonValue, parts: list[str]) -> bool:
    """Whether the Reference Object at `parts` comes back to itself through `$ref`s and
    allOf/anyOf/oneOf/not members only: checking any value against it would never end.
    (A ref that only leads into such a cycle is not in it: the cycle is reported there.)"""
    start = json_pointer(parts)
    pending, seen = [start], {start}
    while pending and len(seen) < _MAX_VISITS:
        pointer = pending.pop()
        for step in _in_place_steps(_lookup(data, split_json_pointer(pointer)), pointer):
            if step == start:
                return True
            if step not in seen:
                seen.add(step)
                pending.append(step)
    return False


def _in_place_steps(node: JsonValue, pointer: str) -> list[str]:
    """Pointers of the schemas that apply to the same value as `node` does."""
    if not isinstance(node, dict):
        return []
    ref = _local_ref(node)
    steps = [] if ref is None else [unquote(ref)]
    for key in ("allOf", "anyOf", "oneOf"):
        members = node.get(key)
        if isinstance(members, list):
            steps += [f"{pointer}/{key}/{index}" for index in range(len(members))]
    if isinstance(node.get("not"), dict):
        steps.append(f"{pointer}/not")
    return steps


def _iter_refs(node: JsonValue, parts: list[str], names: bool) -> Iterator[tuple[list[str], str]]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _iter_refs(item, [*parts, str(index)], names=False)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not names and _is_data(key, value):
                continue
            if not names and key == "$ref" and isinstance(value, str):
                yield [*parts, key], value
            else:
                yield from _iter_refs(value, [*parts, key], names=not names and key in _NAME_MAPS)


def _is_data(key: str, value: JsonValue) -> bool:
    # A schema's `examples` is a list of instances; a media type's is a map of Example objects.
    schema_examples = key == "examples" and isinstance(value, list)
    return key in _DATA_KEYS or key.startswith("x-") or schema_examples


def _anchors(node: JsonValue) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("$anchor", "$dynamicAnchor") and isinstance(value, str):
                yield value
            else:
                yield from _anchors(value)
    elif isinstance(node, list):
        for item in node:
            yield from _anchors(item)


def _suggest(data: JsonValue, fragment: str) -> str:
    default = "check the spelling, or add the missing definition under components"
    if not fragment.startswith("/"):
        return default
    *parent, name = split_json_pointer(fragment)
    siblings = _lookup(data, parent)
    if isinstance(siblings, dict):
        close = difflib.get_close_matches(name, list(siblings), n=1)
        if close:
            return f"did you mean '#{json_pointer([*parent, close[0]])}'?"
    return default


def _resolves(data: JsonValue, fragment: str, anchors: set[str]) -> bool:
    if fragment and not fragment.startswith("/"):
        return fragment in anchors  # plain-name fragment: a JSON Schema $anchor
    node = data
    for token in split_json_pointer(fragment):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


# -- structure (the OpenAPI JSON Schema) ------------------------------------------------------


def _structure_errors(doc: Document, validator_cls: type[SpecValidator]) -> Iterator[Diagnostic]:
    for error in _crawled_schema_validator(validator_cls).iter_errors(doc.data):
        parts = [str(p) for p in error.absolute_path]
        yield _to_diagnostic(doc, error, parts)


_CRAWLED: dict[type[SpecValidator], Any] = {}


def _crawled_schema_validator(validator_cls: type[SpecValidator]) -> Any:
    """The library's schema validator over a registry crawled once, up front. As shipped,
    the registry is left uncrawled, so every `$dynamicRef` in the OpenAPI 3.1 schema
    re-crawls it: a third of the run. Same schema, same errors, about 2.5x faster."""
    if validator_cls not in _CRAWLED:
        validator = validator_cls.schema_validator
        resolver = validator._resolver
        registry = resolver._registry.crawl()
        crawled = type(resolver)(base_uri=resolver._base_uri, registry=registry)
        _CRAWLED[validator_cls] = validator.evolve(_resolver=crawled)
    return _CRAWLED[validator_cls]


def _drop_vague(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop 'not valid under any of the given schemas' when a more specific error was
    reported inside the same node: it only repeats it, less clearly."""
    pointers = [d.pointer for d in diagnostics]
    return [
        d
        for d in diagnostics
        if not (
            "under any of the given schemas" in d.message
            and any(p.startswith(d.pointer + "/") for p in pointers)
        )
    ]


def _to_diagnostic(doc: Document, error: Any, parts: Sequence[str]) -> Diagnostic:
    message = _short_message(error)
    if error.context:
        closest = best_match(error.context)
        message += f"; closest match: {_short_message(closest)}"
    return doc.diagnostic(
        Severity.ERROR, "V001", _truncate(message, _MAX_MESSAGE), json_pointer(parts)
    )


def _short_message(error: Any) -> str:
    message = str(error.message)
    instance = repr(error.instance)
    if len(instance) > _MAX_REPR and instance in message:
        message = message.replace(instance, _truncate(instance, _MAX_REPR))
    return message


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- semantics (openapi-spec-validator's keyword checks) --------------------------------------


class _Locating:
    """Wraps a keyword checker so each error it yields knows which node it came from.
    The innermost checker tags first; outer ones leave the tag alone."""

    def __init__(self, inner: KeywordValidator, keyword: str) -> None:
        self.inner = inner
        # The "default" checker gets (schema, value); its errors are about the value.
        self.suffix = ("default",) if keyword == "default" else ()

    def __call__(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        where = next((a.parts for a in args if isinstance(a, SchemaPath)), ())
        for error in self.inner(*args, **kwargs):  # type: ignore[operator]
            if not hasattr(error, _WHERE):
                setattr(error, _WHERE, (*(str(p) for p in where), *self.suffix))
            yield error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class _LocatingRegistry(KeywordValidatorRegistry):
    def __missing__(self, keyword: str) -> KeywordValidator:
        if keyword not in self.keyword_validators:
            raise KeyError(keyword)
        checker: Any = _Locating(self.keyword_validators[keyword](self), keyword)
        self[keyword] = checker
        return checker  # type: ignore[no-any-return]


class _Offline:
    """No resolver handlers: nothing outside the document can be fetched."""

    resolver_handlers: dict[str, Any] = {}


def _semantic_errors(
    doc: Document, validator_cls: type[SpecValidator], quiet: bool
) -> list[Diagnostic]:
    offline = type("OfflineValidator", (_Offline, validator_cls), {})
    validator = offline(doc.data)
    validator.keyword_validators_registry = _LocatingRegistry(validator.keyword_validators)
    found: list[Diagnostic] = []
    try:
        for error in validator.root_validator(validator.schema_path):
            where = [*getattr(error, _WHERE, ()), *(str(p) for p in error.absolute_path)]
            found.append(_to_diagnostic(doc, error, _canonical(doc.data, where)))
    except Exception as exc:
        # The library trips over some malformed input. After structural errors that is
        # expected noise; alone it must still be reported.
        if not quiet:
            message = f"validation stopped early: {type(exc).__name__}: {exc}"
            found.append(doc.diagnostic(Severity.ERROR, "V001", _truncate(message, 300), ""))
    return found


def _canonical(data: JsonValue, parts: Iterable[str]) -> list[str]:
    """Turn a path that walked through $refs into the pointer of the node it reached,
    so the diagnostic points at the definition, not at the place that referenced it."""
    result: list[str] = []
    node = data
    for token in parts:
        for _ in range(_MAX_HOPS):  # bounded: refs can form cycles
            ref = _local_ref(node) if isinstance(node, dict) and token not in node else None
            if ref is None:
                break
            result = split_json_pointer(unquote(ref))
            node = _lookup(data, result)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            node = None
        result.append(token)
    return result


def _local_ref(node: JsonValue) -> str | None:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref[1:] if isinstance(ref, str) and ref.startswith("#/") else None


def _lookup(data: JsonValue, parts: list[str]) -> JsonValue:
    node = data
    for token in parts:
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for diag in diagnostics:
        key = (diag.pointer, diag.message)
        if key not in seen:
            seen.add(key)
            unique.append(diag)
    return sorted(unique)
