"""Inputs for property-based fuzzing, and the run each example gets.

Two sources of documents: slices of the AhaSend spec (one path item with the
components it references, so each example is small and fast) mutated at random
places, and small specs generated from scratch. Each runs through the real
pipeline (`generate_files`: load, normalise, validate, build, render) with black
replaced by `compile()`: formatting is slow and exercised elsewhere, and every
rendered module is still compiled.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from hypothesis import strategies as st

from generator.diagnostics import SpecError
from generator.load import JsonObject, JsonValue, load_document
from generator.pipeline import Run, generate_files
from tests.adversarial.inert import PAYLOADS, leaks

ROOT = Path(__file__).resolve().parents[2]
AHASEND = ROOT / "spec" / "ahasend-openapi-v2.yaml"
_HTTP_METHODS = ("get", "put", "post", "delete", "patch")

# Text that has broken generators: quotes, escapes, template syntax, code,
# names Python reserves, path tricks, references, invisible characters.
HOSTILE = (
    '"""', "'''", '"', "\\", "\\x00", "\x00", "\x1b[31m", "{{ 7 * 7 }}", "{% raw %}", "{#",
    '"""; import os; os.system("touch PWNED"); """', "__init__", "__class__", "class", "None",
    "list", "type", "self", "", "0", "123", "été", "日本", "\u202e", "a\r\nb", "..", "../x",
    "#/components/schemas/Missing", "https://attacker.example.com/x.yaml", "$ref", "x-y",
    "userId", "user_id", "types", "client", "model_config", "max_retries", "a b", "-",
)
hostile_text = st.sampled_from(HOSTILE) | st.text(max_size=12)
json_scalars = (st.none() | st.booleans() | st.integers(-(2**70), 2**70)
                | st.floats(allow_nan=False, allow_infinity=False) | hostile_text)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=6,
)


# -- running the generator ----------------------------------------------------------------------


@contextmanager
def fast_pipeline() -> Iterator[None]:
    """The pipeline as the CLI runs it, minus black, forks, cache and template reloading."""
    import generator.format as formatting
    import generator.render as render

    environment = functools.lru_cache(maxsize=None)(render.make_environment)
    settings = {"AHASEND_CODEGEN_CACHE": "off", "AHASEND_CODEGEN_JOBS": "1"}
    # `_black` itself is replaced, not black: its memo must never hold unformatted text.
    with mock.patch.dict(os.environ, settings), \
            mock.patch.object(formatting, "_black", lambda text: text), \
            mock.patch.object(render, "make_environment", environment):
        yield


def generate_from(data: JsonValue, directory: Path) -> dict[str, str] | SpecError:
    """Generate from `data` written as YAML: the files, or the SpecError that says why
    not. Any other exception escapes, and fails the property."""
    spec = directory / "spec.yaml"
    spec.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True,
                              sort_keys=False), encoding="utf-8")
    try:
        _, files = generate_files(spec, directory / "absent-codegen.toml", Run())
    except SpecError as error:
        return error
    return files


def assert_client_or_diagnostic(outcome: dict[str, str] | SpecError, spec_name: str) -> str:
    """The property: a located diagnostic, or a package whose Python all compiles."""
    if isinstance(outcome, SpecError):
        assert outcome.diagnostics, "a SpecError must say what is wrong"
        for diagnostic in outcome.diagnostics:
            line = diagnostic.format()
            assert "\n" not in line and "\x1b" not in line and spec_name in line, line
        return "diagnostic"
    for path, text in outcome.items():
        if path.endswith(".py"):
            compile(text, path, "exec", dont_inherit=True)
            if any(payload in text for payload in PAYLOADS):
                assert not leaks(text), f"{path}: {leaks(text)}"
    return "client"


# -- AhaSend slices and mutations ---------------------------------------------------------------


@functools.cache
def ahasend_slices() -> tuple[JsonObject, ...]:
    """One small document per operation of the AhaSend spec: the operation (with its
    path item's parameters) and, transitively, the components it references."""
    data = load_document(AHASEND).data
    paths = data["paths"]
    assert isinstance(paths, dict)
    slices = []
    for path, item in paths.items():
        assert isinstance(item, dict)
        for method in (m for m in _HTTP_METHODS if m in item):
            operation = {k: v for k, v in item.items() if k not in _HTTP_METHODS or k == method}
            document = {k: v for k, v in data.items() if k not in ("paths", "components")}
            document["paths"] = {path: operation}
            document["components"] = _components_for(data, operation)
            slices.append(document)
    return tuple(slices)


def _components_for(data: JsonObject, root: JsonValue) -> JsonObject:
    components = data["components"]
    assert isinstance(components, dict)
    found: dict[str, dict[str, JsonValue]] = {"securitySchemes": {}}
    found["securitySchemes"] = copy.deepcopy(components.get("securitySchemes", {}))  # type: ignore[arg-type]
    pending = list(_refs(root))
    seen: set[str] = set()
    while pending:
        ref = pending.pop()
        parts = ref.removeprefix("#/components/").split("/")
        if ref in seen or not ref.startswith("#/components/") or len(parts) != 2:
            continue
        seen.add(ref)
        section = components.get(parts[0])
        target = section.get(parts[1]) if isinstance(section, dict) else None
        if target is not None:
            found.setdefault(parts[0], {})[parts[1]] = target
            pending.extend(_refs(target))
    return found  # type: ignore[return-value]


def _refs(node: JsonValue) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


Draw = Callable[[st.SearchStrategy[Any]], Any]


def mutate(document: JsonObject, draw: Draw) -> str:
    """Change `document` in place at a random node; say what was done (for the report)."""
    parent, key = _pick(document, draw)
    kind = draw(st.sampled_from(("delete", "duplicate", "retype", "rename", "inject")))
    if isinstance(parent, dict):
        assert isinstance(key, str)
        if kind == "delete":
            del parent[key]
        elif kind == "duplicate":
            parent[key + draw(hostile_text)] = copy.deepcopy(parent[key])
        elif kind == "rename":
            parent[draw(hostile_text)] = parent.pop(key)
        else:
            parent[key] = _replacement(parent[key], kind, draw)
    else:
        assert isinstance(key, int)
        if kind == "delete":
            del parent[key]
        elif kind in ("duplicate", "rename"):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[key] = _replacement(parent[key], kind, draw)
    return f"{kind} at {key!r}"


def _replacement(value: JsonValue, kind: str, draw: Draw) -> JsonValue:
    new: JsonValue
    if kind == "inject" and isinstance(value, str):
        at: int = draw(st.integers(0, len(value)))
        text: str = draw(hostile_text)
        new = value[:at] + text + value[at:]
    elif kind == "inject":
        new = draw(hostile_text)
    else:
        new = draw(json_values.filter(lambda other: type(other) is not type(value)))
    return new


Container = dict[str, JsonValue] | list[JsonValue]


def _pick(document: JsonObject, draw: Draw) -> tuple[Container, str | int]:
    """A (container, key) pair somewhere in `document`, reached by a random walk down."""
    parent: Container = document
    key: str | int = draw(st.sampled_from(sorted(document)))
    while True:
        child = parent[key]  # type: ignore[index]
        if not isinstance(child, dict | list) or not child or draw(st.integers(0, 3)) == 0:
            return parent, key
        parent = child
        key = (draw(st.sampled_from(sorted(child))) if isinstance(child, dict)
               else draw(st.integers(0, len(child) - 1)))


# -- small specs from scratch -------------------------------------------------------------------

# Component names OpenAPI allows (^[a-zA-Z0-9._-]+$), some of them hostile.
component_names = st.sampled_from(
    ("Thing", "thing", "class", "list", "None", "__init__", "123", "user_id", "userId",
     "Mapping", "Field", "Any", "a.b", "a-b", "Types", "Client")
) | st.from_regex(r"[A-Za-z0-9._-]{1,8}", fullmatch=True)
property_names = hostile_text | st.from_regex(r"[a-z][A-Za-z0-9_]{0,8}", fullmatch=True)
_FORMATS = st.sampled_from((None, "date-time", "date", "uuid", "int64", "email", "weird"))


@st.composite
def schemas(draw: Draw, refs: tuple[str, ...], depth: int = 0) -> JsonObject:
    kinds = ["string", "integer", "number", "boolean", "enum"]
    kinds += ["ref"] * bool(refs) + (["array", "object", "oneOf", "allOf"] if depth < 2 else [])
    kind = draw(st.sampled_from(kinds))
    schema: JsonObject
    if kind == "ref":
        schema = {"$ref": "#/components/schemas/" + draw(st.sampled_from(refs))}
    elif kind == "enum":
        values = draw(st.lists(hostile_text, min_size=1, max_size=4, unique=True))
        schema = {"type": "string", "enum": values}
        if draw(st.booleans()):
            schema["default"] = values[0]
    elif kind == "array":
        schema = {"type": "array", "items": draw(schemas(refs, depth + 1))}
    elif kind == "object":
        names = draw(st.lists(property_names, max_size=4, unique=True))
        schema = {"type": "object",
                  "properties": {n: draw(schemas(refs, depth + 1)) for n in names}}
        if names and draw(st.booleans()):
            schema["required"] = names[:1]
    elif kind in ("oneOf", "allOf"):
        schema = {kind: draw(st.lists(schemas(refs, depth + 1), min_size=1, max_size=3))}
    else:
        schema = {"type": kind}
        fmt = draw(_FORMATS)
        if fmt:
            schema["format"] = fmt
    if draw(st.booleans()):
        schema["description"] = draw(hostile_text)
    return schema


@st.composite
def operations(draw: Draw, refs: tuple[str, ...]) -> tuple[str, str, JsonObject]:
    segments = draw(st.lists(st.from_regex(r"[a-z0-9_-]{1,6}", fullmatch=True), min_size=1,
                             max_size=3))
    param = draw(st.none() | st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,6}", fullmatch=True))
    path = "/" + "/".join(segments) + (f"/{{{param}}}" if param else "")
    parameters: list[JsonValue] = []
    if param:
        parameters.append({"name": param, "in": "path", "required": True,
                           "schema": {"type": "string"}})
    for name in draw(st.lists(hostile_text.filter(bool), max_size=3, unique=True)):
        where = draw(st.sampled_from(("query", "header")))
        parameters.append({"name": name, "in": where, "schema": draw(schemas(refs, 1))})
    operation: JsonObject = {
        "operationId": draw(hostile_text.filter(bool)),
        "tags": [draw(hostile_text)],
        "summary": draw(hostile_text),
        "parameters": parameters,
        "responses": {"200": {"description": draw(hostile_text), "content": {
            "application/json": {"schema": draw(schemas(refs))}}}},
    }
    method = draw(st.sampled_from(_HTTP_METHODS))
    if method in ("post", "put", "patch") and draw(st.booleans()):
        operation["requestBody"] = {"content": {"application/json": {
            "schema": draw(schemas(refs))}}}
    return path, method, operation


@st.composite
def small_specs(draw: Draw) -> JsonObject:
    names = tuple(draw(st.lists(component_names, max_size=4, unique=True)))
    paths: dict[str, JsonValue] = {}
    for path, method, operation in draw(st.lists(operations(names), min_size=1, max_size=3)):
        item = paths.setdefault(path, {})
        assert isinstance(item, dict)
        item[method] = operation
    return {
        "openapi": draw(st.sampled_from(("3.0.3", "3.1.0"))),
        "info": {"title": draw(hostile_text), "version": "1.0.0",
                 "description": draw(hostile_text)},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": {name: draw(schemas(names, 1)) for name in names}},
    }


def as_json(data: JsonValue) -> str:
    """For failure reports: the document that broke the property."""
    return json.dumps(data, ensure_ascii=False, indent=1)
