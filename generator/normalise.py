"""Stage 3: rewrite known real-world spec defects, each by a small named fix.

Every fix has a stable code, fires on one kind of OpenAPI object, rewrites it in
place (in a deep copy: the input document is never changed) and reports a
warning pointing at the object it changed; the message names the keyword.
Unknown problems are not guessed at: they stay validation errors.

Fixes run one after another over the whole document, in ``FIXES`` order. The only
fix that moves nodes (N001, which may wrap a schema in ``anyOf``) runs last, so the
pointers every other fix reports still exist in the source and carry its line.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeAlias
from urllib.parse import unquote, urlsplit

from .diagnostics import (
    Diagnostic,
    Severity,
    json_pointer,
    short_repr,
    split_json_pointer,
)
from .document import Document, JsonObject, JsonValue

__all__ = ["FIXES", "Finding", "Fix", "FixContext", "Visit", "iter_objects", "normalise"]

Parts: TypeAlias = tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """One firing of a fix: where (pointer parts), what happened, what to do."""

    parts: Parts
    message: str
    hint: str = ""


@dataclass(frozen=True)
class FixContext:
    root: JsonObject  # the document being rewritten (for resolving local $refs)
    scalar_text: Mapping[str, str]  # source text of non-string scalars, by pointer


@dataclass(frozen=True)
class Fix:
    code: str
    name: str
    description: str
    kinds: frozenset[str]
    apply: Callable[[Visit, FixContext], list[Finding]]
    only_31: bool = False  # the defect exists only in an OpenAPI 3.1 document
    # Reads and rewrites only the visited node's own keys (see `_walks`); not N005,
    # which follows $refs into other parts of the document.
    node_local: bool = False


def normalise(doc: Document) -> tuple[Document, list[Diagnostic]]:
    """Apply every fix to a copy of ``doc``; return the copy and one warning per firing."""
    data = {key: _copy(value) for key, value in doc.data.items()}
    is_31 = str(doc.data.get("openapi", "")).startswith("3.1")
    context = FixContext(data, doc.scalar_text)
    diagnostics = [
        doc.diagnostic(
            Severity.WARNING, fix.code, found.message, json_pointer(found.parts), found.hint
        )
        for walk in _walks([f for f in FIXES if is_31 or not f.only_31])
        for fix, found in _run(walk, context)
    ]
    return dataclasses.replace(doc, data=data), sorted(diagnostics)


def _walks(fixes: list[Fix]) -> list[list[Fix]]:
    """The fixes in order, consecutive node-local ones sharing one walk of the document.
    A node-local fix reads and rewrites only the visited node's own keys, so applying
    it node by node in one walk, after the fixes before it in the same walk, gives what
    a whole walk of its own would; a fix that reads elsewhere gets a walk of its own."""
    walks: list[list[Fix]] = []
    for fix in fixes:
        if walks and fix.node_local and all(f.node_local for f in walks[-1]):
            walks[-1].append(fix)
        else:
            walks.append([fix])
    return walks


def _run(fixes: list[Fix], context: FixContext) -> Iterator[tuple[Fix, Finding]]:
    for visit in iter_objects(context.root):
        for fix in fixes:
            if visit.kind in fix.kinds:
                for found in fix.apply(visit, context):
                    yield fix, found


def _copy(value: JsonValue) -> JsonValue:
    # Much faster than copy.deepcopy for a plain JSON tree.
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


# -- walking the document --------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """An OpenAPI object reached by :func:`iter_objects`. ``parent_keyword`` is the schema
    keyword a schema sits under (``properties``, ``allOf``, ``items``...), else ""."""

    kind: str  # schema, parameter, header, response, requestBody, example, link, ...
    parts: Parts
    node: JsonObject
    parent_keyword: str = ""


_Walker: TypeAlias = Callable[[JsonObject, Parts], Iterator[Visit]]
_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SUBSCHEMA = tuple(
    """items additionalProperties not if then else contains propertyNames unevaluatedItems
    unevaluatedProperties contentSchema additionalItems""".split()
)
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def iter_objects(data: JsonObject) -> Iterator[Visit]:
    """Every schema, parameter, header, response, request body, example, link, callback
    and security scheme, parents first. Callers may rewrite the visited node in place
    before the walk descends into it. Reference Objects are yielded but not entered."""
    yield from _each(data, "paths", (), _path_item)
    yield from _each(data, "webhooks", (), _path_item)
    components = data.get("components")
    if isinstance(components, dict):
        for section, walker in _COMPONENTS.items():
            yield from _each(components, section, ("components",), walker)


def _each(container: JsonObject, key: str, parts: Parts, walker: _Walker) -> Iterator[Visit]:
    children = container.get(key)
    if isinstance(children, dict):
        for name, child in children.items():
            if isinstance(child, dict):
                yield from walker(child, (*parts, key, name))
    elif isinstance(children, list):
        for index, child in enumerate(children):
            if isinstance(child, dict):
                yield from walker(child, (*parts, key, str(index)))


def _schema(node: JsonObject, parts: Parts, parent_keyword: str = "") -> Iterator[Visit]:
    yield Visit("schema", parts, node, parent_keyword)
    for key in _SUBSCHEMA:
        child = node.get(key)
        if isinstance(child, dict):
            yield from _schema(child, (*parts, key), key)
    for key in (*_SUBSCHEMA_LISTS, *_SUBSCHEMA_MAPS):
        children = node.get(key)
        items = (
            children.items()
            if isinstance(children, dict)
            else (enumerate(children) if isinstance(children, list) else ())
        )
        for name, child in items:
            if isinstance(child, dict):
                yield from _schema(child, (*parts, key, str(name)), key)


def _schema_in(node: JsonObject, parts: Parts) -> Iterator[Visit]:
    child = node.get("schema")
    if isinstance(child, dict):
        yield from _schema(child, (*parts, "schema"))


def _path_item(node: JsonObject, parts: Parts) -> Iterator[Visit]:
    yield Visit("pathItem", parts, node)
    yield from _each(node, "parameters", parts, _parameter)
    for method in _OPERATIONS:
        operation = node.get(method)
        if isinstance(operation, dict):
            yield from _operation(operation, (*parts, method))


def _operation(node: JsonObject, parts: Parts) -> Iterator[Visit]:
    yield Visit("operation", parts, node)
    yield from _each(node, "parameters", parts, _parameter)
    body = node.get("requestBody")
    if isinstance(body, dict):
        yield from _request_body(body, (*parts, "requestBody"))
    yield from _each(node, "responses", parts, _response)
    yield from _each(node, "callbacks", parts, _callback)


def _parameter(node: JsonObject, parts: Parts, kind: str = "parameter") -> Iterator[Visit]:
    yield Visit(kind, parts, node)
    if "$ref" not in node:
        yield from _schema_in(node, parts)
        yield from _content(node, parts)
        yield from _each(node, "examples", parts, _leaf("example"))


def _header(node: JsonObject, parts: Parts) -> Iterator[Visit]:
    return _parameter(node, parts, "header")


def _request_body(node: JsonObject, parts: Parts) -> Iterator[Visit]:
    yield Visit("requestBody", parts, node)
    if "$ref" not in node:
        yield from _content(node, parts)


def _response(node: JsonObject, parts: Parts) -> Iterator[Visit]:
    yield Visit("response", parts, node)
    if "$ref" not in node:
        yield from _each(node, "headers", parts, _header)
        yield from _content(node, parts)
        yield from _each(node, "links", parts, _leaf("link"))


def _callback(node: JsonObject, parts: Parts) -> Iterator[Visit]:
    yield Visit("callback", parts, node)
    if "$ref" not in node:
        for expression, item in node.items():
            if isinstance(item, dict) and not expression.startswith("x-"):
                yield from _path_item(item, (*parts, expression))


def _content(node: JsonObject, parts: Parts) -> Iterator[Visit]:
    content = node.get("content")
    for mime, media in content.items() if isinstance(content, dict) else ():
        if isinstance(media, dict):
            media_parts = (*parts, "content", mime)
            yield from _schema_in(media, media_parts)
            yield from _each(media, "examples", media_parts, _leaf("example"))
            encodings = media.get("encoding")
            for name, encoding in encodings.items() if isinstance(encodings, dict) else ():
                if isinstance(encoding, dict):
                    enc_parts = (*media_parts, "encoding", name)
                    yield from _each(encoding, "headers", enc_parts, _header)


def _leaf(kind: str) -> _Walker:
    def walk(node: JsonObject, parts: Parts) -> Iterator[Visit]:
        yield Visit(kind, parts, node)

    return walk


_COMPONENTS: dict[str, _Walker] = {
    "schemas": _schema,
    "parameters": _parameter,
    "headers": _header,
    "requestBodies": _request_body,
    "responses": _response,
    "callbacks": _callback,
    "pathItems": _path_item,
    "examples": _leaf("example"),
    "links": _leaf("link"),
    "securitySchemes": _leaf("securityScheme"),
}


# -- N001 nullable-to-union -------------------------------------------------------------------

# Keywords that, when present, make a schema reject null on their own.
_COMPOSITE = ("$ref", "allOf", "anyOf", "oneOf", "const", "not")


def nullable_to_union(visit: Visit, context: FixContext) -> list[Finding]:
    node = visit.node
    if "nullable" not in node:
        return []
    nullable = node.pop("nullable")
    if nullable is not True:
        message = f"'nullable: {_yaml(nullable)}' has no meaning in OpenAPI 3.1; removed"
        return [Finding(visit.parts, message, "delete the keyword")]
    how = _make_nullable(node)
    return [
        Finding(
            visit.parts,
            f"'nullable: true' is OpenAPI 3.0, ignored by 3.1; rewritten as {how}",
            "write type: [<type>, 'null'], or anyOf: [<schema>, {type: 'null'}]",
        )
    ]


def _make_nullable(node: JsonObject) -> str:
    present = [k for k in _COMPOSITE if k in node]
    if not present:
        return _add_null_in_place(node)
    branches = node.get(present[0])
    only_branches = present in (["anyOf"], ["oneOf"]) and "type" not in node
    if only_branches and "enum" not in node and isinstance(branches, list):
        branches.append({"type": "null"})
        return f"a {{type: 'null'}} branch in {present[0]}"
    moved = {k: node.pop(k) for k in (*_COMPOSITE, "type", "enum") if k in node}
    node["anyOf"] = [moved, {"type": "null"}]
    return "anyOf: [<schema>, {type: 'null'}]"


def _add_null_in_place(node: JsonObject) -> str:
    enum = node.get("enum")
    if isinstance(enum, list) and None not in enum:
        enum.append(None)
    kind = node.get("type")
    if isinstance(kind, str) and kind != "null":
        node["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        kind.append("null")
    elif "type" not in node and "enum" not in node:
        return "nothing (a schema without a type already accepts null)"
    return "a 'null' type" + (" and a null enum value" if isinstance(enum, list) else "")


# -- N002 example-beside-ref ------------------------------------------------------------------

# A Reference Object may carry only these; OpenAPI ignores any other sibling.
_REF_SIBLINGS_KEPT = frozenset({"$ref", "summary", "description"})


def example_beside_ref(visit: Visit, context: FixContext) -> list[Finding]:
    node = visit.node
    if not isinstance(node.get("$ref"), str):
        return []
    ignored = [k for k in node if k not in _REF_SIBLINGS_KEPT and not k.startswith("x-")]
    for key in ignored:
        del node[key]
    return [
        Finding(
            visit.parts,
            f"{key} beside $ref is ignored; removed",
            "move it into the referenced definition, or delete it",
        )
        for key in ignored
    ]


# -- N003 required-without-property -----------------------------------------------------------

# Any of these could supply a property that `properties` does not list.
_SUPPLIERS = tuple(
    "allOf anyOf oneOf $ref $dynamicRef patternProperties dependentSchemas if then else".split()
)
# A schema under one of these is combined with its parent, which may define the property.
_COMBINED_UNDER = frozenset(
    {"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas"}
)


def required_without_property(visit: Visit, context: FixContext) -> list[Finding]:
    node = visit.node
    required, properties = node.get("required"), node.get("properties")
    if not isinstance(required, list) or not isinstance(properties, dict):
        return []
    if visit.parent_keyword in _COMBINED_UNDER or any(k in node for k in _SUPPLIERS):
        return []
    if node.get("additionalProperties", False) is not False:
        return []
    if node.get("unevaluatedProperties", False) is not False:
        return []
    missing = [name for name in required if isinstance(name, str) and name not in properties]
    if not missing:
        return []
    kept = [name for name in required if name not in missing]
    if kept:
        node["required"] = kept
    else:
        del node["required"]
    names = ", ".join(repr(name) for name in missing)
    return [
        Finding(
            visit.parts,
            f"required names {names}, which properties does not define; dropped from required",
            "add the property to properties, or remove it from required",
        )
    ]


# -- N004 boolean-enum-to-string --------------------------------------------------------------


def boolean_enum_to_string(visit: Visit, context: FixContext) -> list[Finding]:
    node = visit.node
    kind = node.get("type")
    is_string = kind == "string" or (
        isinstance(kind, list) and "string" in kind and "boolean" not in kind
    )
    if not is_string:
        return []
    changed: list[str] = []
    enum = node.get("enum")
    if isinstance(enum, list):
        for index, value in enumerate(enum):
            if isinstance(value, bool):
                enum[index] = _source_text(context, (*visit.parts, "enum", str(index)), value)
                changed.append(repr(enum[index]))
    for key in ("default", "const"):
        value = node.get(key)
        if isinstance(value, bool):
            node[key] = _source_text(context, (*visit.parts, key), value)
            changed.append(f"{key} {node[key]!r}")
    if not changed:
        return []
    return [
        Finding(
            visit.parts,
            f"YAML read {', '.join(changed)} as booleans in a string schema; made them strings",
            "quote the values in the spec, e.g. enum: ['true', 'false']",
        )
    ]


def _source_text(context: FixContext, parts: Parts, value: bool) -> str:
    # `enum: [yes, no]` meant the strings "yes"/"no": keep what was written.
    return context.scalar_text.get(json_pointer(parts), "true" if value else "false")


# -- N005 example-format-mismatch (report only) -----------------------------------------------


def example_format_mismatch(visit: Visit, context: FixContext) -> list[Finding]:
    node = visit.node
    if visit.kind == "schema":
        schema: JsonValue = node
        examples = _examples(node.get("example"), node.get("examples"), schema_examples=True)
    else:
        schema = _resolve(context.root, node.get("schema"))
        examples = _examples(node.get("example"), node.get("examples"), schema_examples=False)
    fmt = schema.get("format") if isinstance(schema, dict) else None
    check = FORMAT_CHECKS.get(fmt) if isinstance(fmt, str) else None
    if check is None:
        return []
    return [
        Finding(
            visit.parts,
            f"example {short_repr(value)} is not a valid {fmt}",
            f"use a real {fmt} value in the example; the spec was not changed",
        )
        for value in examples
        if not (isinstance(value, str) and len(value) <= _MAX_FORMATTED and check(value))
    ]


def _examples(example: JsonValue, examples: JsonValue, schema_examples: bool) -> list[JsonValue]:
    found: list[JsonValue] = [] if example is None else [example]
    if schema_examples and isinstance(examples, list):
        found.extend(examples)
    elif not schema_examples and isinstance(examples, dict):
        found.extend(e["value"] for e in examples.values() if isinstance(e, dict) and "value" in e)
    return found


def _resolve(root: JsonObject, node: JsonValue) -> JsonValue:
    for _ in range(20):  # bounded: refs can form cycles
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not (isinstance(ref, str) and ref.startswith("#/")):
            return node
        target: JsonValue = root
        for token in split_json_pointer(unquote(ref[1:])):
            target = target.get(token) if isinstance(target, dict) else None
        node = target
    return node


def _yaml(value: JsonValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


# -- format checks for N005 ------------------------------------------------------------------

# Longer than any real uuid/email/uri/...; also keeps regex time bounded on hostile input.
_MAX_FORMATTED = 2048

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# Labels must be separated by dots: an optional dot would make this regex backtrack
# exponentially on a long bad example.
_HOSTNAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*\.?")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


def _is_date_time(text: str) -> bool:
    return _parses(datetime.fromisoformat, text) if _DATE_TIME.fullmatch(text) else False


def _is_date(text: str) -> bool:
    return len(text) == 10 and _parses(date.fromisoformat, text)


def _is_uri(text: str) -> bool:
    parts = urlsplit(text)
    return bool(_SCHEME.fullmatch(parts.scheme)) and not any(c.isspace() for c in text)


def _parses(parser: Callable[[str], object], text: str) -> bool:
    try:
        parser(text)
    except ValueError:
        return False
    return True


FORMAT_CHECKS: dict[str, Callable[[str], bool]] = {
    "uuid": lambda text: bool(_UUID.fullmatch(text)),
    "date-time": _is_date_time,
    "date": _is_date,
    "email": lambda text: bool(_EMAIL.fullmatch(text)),
    "uri": _is_uri,
    "hostname": lambda text: bool(_HOSTNAME.fullmatch(text)),
    "ipv4": lambda text: _parses(ipaddress.IPv4Address, text),
    "ipv6": lambda text: _parses(ipaddress.IPv6Address, text),
}

# -- the registry -----------------------------------------------------------------------------

_SCHEMA = frozenset({"schema"})
# Objects that may be a Reference Object (schemas aside: there, siblings of $ref count).
_REFERABLE = frozenset(
    "parameter response requestBody header example link callback securityScheme".split()
)

FIXES: list[Fix] = [
    Fix(
        "N002",
        "example-beside-ref",
        "drop keys beside $ref that OpenAPI ignores",
        _REFERABLE,
        example_beside_ref,
        node_local=True,
    ),
    Fix(
        "N003",
        "required-without-property",
        "drop names from required that properties does not define",
        _SCHEMA,
        required_without_property,
        node_local=True,
    ),
    Fix(
        "N004",
        "boolean-enum-to-string",
        "turn YAML booleans in a string schema's enum/default/const into strings",
        _SCHEMA,
        boolean_enum_to_string,
        node_local=True,
    ),
    Fix(
        "N005",
        "example-format-mismatch",
        "report examples that contradict their format (no rewrite)",
        frozenset({"schema", "parameter", "header"}),
        example_format_mismatch,
    ),
    Fix(
        "N001",
        "nullable-to-union",
        "rewrite OpenAPI 3.0 nullable as a JSON Schema null type",
        _SCHEMA,
        nullable_to_union,
        only_31=True,
        node_local=True,
    ),
]
