"""The OpenAPI 3.1 object model, as far as re-indenting needs it.

For every object kind: which keys it allows and what each key's value is (a
scalar, an object of another kind, a list of some kind, or free-form data).
Keys that are names chosen by the author (paths, status codes, property names,
component names) are matched by pattern. The re-indenter only ever places a
line where this table allows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Sentinel kinds that are not OpenAPI objects.
ANY = "Any"  # free-form data (examples, defaults, x-* values)
STR = "str"  # list items that are plain strings (tags, required, scopes)
SCALAR = "scalar"  # list items that are any scalar (enum values)


@dataclass(frozen=True)
class Value:
    """What a key's value may be."""

    scalar: tuple[type, ...] = ()  # inline scalar types accepted
    map: str | None = None  # kind of a nested mapping
    seq: str | None = None  # kind of the items of a nested list


S = Value(scalar=(str,))
STR_OR_NUM = Value(scalar=(str, int, float))
BOOL = Value(scalar=(bool,))
NUM = Value(scalar=(int, float))
INT = Value(scalar=(int,))
FREE = Value(scalar=(str, int, float, bool), map=ANY, seq=ANY)
# Inside free-form data a `key:` with nothing after it is a null.
FREE_OR_NULL = Value(scalar=(str, int, float, bool, type(None)), map=ANY, seq=ANY)
SCHEMA = Value(map="Schema")


def _m(kind: str) -> Value:
    return Value(map=kind)


def _seq(kind: str) -> Value:
    return Value(seq=kind)


SCHEMA_KEYS: dict[str, Value] = {
    "$ref": S, "$id": S, "$schema": S, "$anchor": S, "$comment": S,
    "$defs": _m("SchemaMap"), "title": S, "description": S,
    "type": Value(scalar=(str,), seq=STR), "format": S,
    "enum": Value(seq=SCALAR), "const": FREE,
    "default": FREE, "example": FREE, "examples": Value(seq=ANY),
    "deprecated": BOOL, "readOnly": BOOL, "writeOnly": BOOL,
    "nullable": BOOL,  # OpenAPI 3.0; kept as the seed has it
    "properties": _m("Properties"), "patternProperties": _m("Properties"),
    "required": _seq(STR),
    "additionalProperties": Value(scalar=(bool,), map="Schema"),
    "unevaluatedProperties": Value(scalar=(bool,), map="Schema"),
    "propertyNames": SCHEMA, "items": SCHEMA, "prefixItems": _seq("Schema"),
    "contains": SCHEMA, "not": SCHEMA, "if": SCHEMA, "then": SCHEMA, "else": SCHEMA,
    "allOf": _seq("Schema"), "anyOf": _seq("Schema"), "oneOf": _seq("Schema"),
    "minimum": NUM, "maximum": NUM, "exclusiveMinimum": Value(scalar=(int, float, bool)),
    "exclusiveMaximum": Value(scalar=(int, float, bool)), "multipleOf": NUM,
    "minLength": INT, "maxLength": INT, "pattern": S,
    "minItems": INT, "maxItems": INT, "uniqueItems": BOOL,
    "minProperties": INT, "maxProperties": INT,
    "discriminator": _m(ANY), "xml": _m(ANY), "externalDocs": _m("ExternalDocs"),
    "contentMediaType": S, "contentEncoding": S,
    "dependentRequired": _m(ANY), "dependentSchemas": _m("SchemaMap"),
}

KINDS: dict[str, dict[str, Value]] = {
    "Root": {
        "openapi": S, "info": _m("Info"), "jsonSchemaDialect": S,
        "servers": _seq("Server"), "paths": _m("Paths"), "webhooks": _m("PathItemMap"),
        "components": _m("Components"), "security": _seq("SecReq"),
        "tags": _seq("Tag"), "externalDocs": _m("ExternalDocs"),
    },
    "Info": {
        "title": S, "summary": S, "description": S, "termsOfService": S,
        "contact": _m("Contact"), "license": _m("License"), "version": STR_OR_NUM,
    },
    "Contact": {"name": S, "url": S, "email": S},
    "License": {"name": S, "identifier": S, "url": S},
    "ExternalDocs": {"description": S, "url": S},
    "Server": {"url": S, "description": S, "variables": _m("ServerVariableMap")},
    "ServerVariable": {"enum": _seq(STR), "default": S, "description": S},
    "Components": {
        "schemas": _m("SchemaMap"), "responses": _m("ResponseMap"),
        "parameters": _m("ParameterMap"), "examples": _m("ExampleMap"),
        "requestBodies": _m("RequestBodyMap"), "headers": _m("HeaderMap"),
        "securitySchemes": _m("SecuritySchemeMap"), "links": _m("LinkMap"),
        "callbacks": _m(ANY), "pathItems": _m("PathItemMap"),
    },
    "PathItem": {
        "$ref": S, "summary": S, "description": S,
        **{m: _m("Operation") for m in
           ("get", "put", "post", "delete", "options", "head", "patch", "trace")},
        "servers": _seq("Server"), "parameters": _seq("Parameter"),
    },
    "Operation": {
        "tags": _seq(STR), "summary": S, "description": S,
        "externalDocs": _m("ExternalDocs"), "operationId": S,
        "parameters": _seq("Parameter"), "requestBody": _m("RequestBody"),
        "responses": _m("Responses"), "callbacks": _m(ANY), "deprecated": BOOL,
        "security": _seq("SecReq"), "servers": _seq("Server"),
    },
    # A Parameter may also be a Reference; the seed puts `example` beside a
    # `$ref` (a real defect kept for the loader to repair), so one kind holds both.
    "Parameter": {
        "$ref": S, "name": S, "in": S, "description": S, "summary": S,
        "required": BOOL, "deprecated": BOOL, "allowEmptyValue": BOOL,
        "style": S, "explode": BOOL, "allowReserved": BOOL, "schema": SCHEMA,
        "example": FREE, "examples": _m("ExampleMap"), "content": _m("MediaTypeMap"),
    },
    "RequestBody": {
        "$ref": S, "summary": S, "description": S,
        "content": _m("MediaTypeMap"), "required": BOOL,
    },
    "MediaType": {
        "schema": SCHEMA, "example": FREE, "examples": _m("ExampleMap"),
        "encoding": _m(ANY),
    },
    "Responses": {},  # status codes only, see PATTERN_KEYS
    "Response": {
        "$ref": S, "summary": S, "description": S, "headers": _m("HeaderMap"),
        "content": _m("MediaTypeMap"), "links": _m("LinkMap"),
    },
    "Header": {
        "$ref": S, "summary": S, "description": S, "required": BOOL,
        "deprecated": BOOL, "style": S, "explode": BOOL, "schema": SCHEMA,
        "example": FREE, "examples": _m("ExampleMap"), "content": _m("MediaTypeMap"),
    },
    "Example": {
        "$ref": S, "summary": S, "description": S, "value": FREE, "externalValue": S,
    },
    "Link": {
        "$ref": S, "operationRef": S, "operationId": S, "parameters": _m(ANY),
        "requestBody": FREE, "description": S, "server": _m("Server"),
    },
    "SecurityScheme": {
        "$ref": S, "type": S, "description": S, "name": S, "in": S, "scheme": S,
        "bearerFormat": S, "flows": _m(ANY), "openIdConnectUrl": S,
    },
    "Tag": {"name": S, "description": S, "externalDocs": _m("ExternalDocs")},
    "Schema": SCHEMA_KEYS,
    # A code sample item of `x-code-samples` (Redoc's extension).
    "CodeSample": {"lang": S, "label": S, "source": S},
    # Microcks' per-operation mock settings.
    "MicrocksOperation": {
        "delay": NUM, "dispatcher": S, "dispatcherRules": S,
        "parameterConstraints": _seq(ANY),
    },
}

COMPONENT_NAME = re.compile(r"^[a-zA-Z0-9.\-_]+$")
STATUS_CODE = re.compile(r"^([1-5][0-9][0-9]|[1-5]XX|default)$")
MEDIA_TYPE = re.compile(r"^[\w.+*-]+/[\w.+*-]+(;.*)?$")
ANY_NAME = re.compile(r"^.+$")

# Kinds whose keys are names chosen by the author: (name pattern, value).
PATTERN_KEYS: dict[str, tuple[re.Pattern[str], Value]] = {
    "Paths": (re.compile(r"^/"), _m("PathItem")),
    "PathItemMap": (ANY_NAME, _m("PathItem")),
    "Responses": (STATUS_CODE, _m("Response")),
    "SchemaMap": (COMPONENT_NAME, _m("Schema")),
    "ResponseMap": (COMPONENT_NAME, _m("Response")),
    "ParameterMap": (COMPONENT_NAME, _m("Parameter")),
    "ExampleMap": (COMPONENT_NAME, _m("Example")),
    "RequestBodyMap": (COMPONENT_NAME, _m("RequestBody")),
    "HeaderMap": (ANY_NAME, _m("Header")),
    "SecuritySchemeMap": (COMPONENT_NAME, _m("SecurityScheme")),
    "LinkMap": (COMPONENT_NAME, _m("Link")),
    "ServerVariableMap": (ANY_NAME, _m("ServerVariable")),
    "MediaTypeMap": (MEDIA_TYPE, _m("MediaType")),
    # Property names are free; their values must be schema *objects* (a bare
    # `true` would make `additionalProperties: true` after the last property
    # look like a property).
    "Properties": (ANY_NAME, Value(map="Schema")),
    # A security requirement maps scheme names to scope lists.
    "SecReq": (ANY_NAME, Value(seq=STR)),
}

# Keys that must be present when an object of the kind is complete.
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "Info": ("title", "version"),
    "Operation": ("responses",),
    "Tag": ("name",),
    "Server": ("url",),
    "CodeSample": ("lang", "source"),
}
# Same, but a `$ref` makes the object a Reference that needs nothing else.
REQUIRED_UNLESS_REF: dict[str, tuple[str, ...]] = {
    "Parameter": ("name", "in"),
    "Response": ("description",),
    "RequestBody": ("content",),
    "SecurityScheme": ("type",),
}

# Where vendor extensions live. The spec allows `x-*` on almost every object,
# so position alone cannot place them; these are placed by their meaning.
EXTENSION_HOMES: dict[str, tuple[str, Value]] = {
    "x-code-samples": ("Operation", _seq("CodeSample")),
    "x-codeSamples": ("Operation", _seq("CodeSample")),
    "x-microcks-operation": ("Operation", _m("MicrocksOperation")),
    "x-microcks-default": ("Example", BOOL),
}
# Kinds that accept other (unknown) x-* keys, with free-form values.
EXTENSIBLE = frozenset(k for k in KINDS if k not in ("Schema",)) | {"Paths", "Responses"}


# A Reference Object (`$ref`) takes no siblings but these. `example` beside a
# parameter's or header's `$ref` is a common defect (kept for the loader).
REFERENCE_SIBLINGS: dict[str, frozenset[str]] = {
    "Parameter": frozenset({"summary", "description", "example"}),
    "Header": frozenset({"summary", "description", "example"}),
}
DEFAULT_REFERENCE_SIBLINGS = frozenset({"summary", "description"})
# A schema that is a `$ref` under `properties` may carry annotations; under
# `items`, `schema` and elsewhere the keys after it belong to the parent.
REF_PROPERTY_ANNOTATIONS = frozenset(
    {"description", "title", "deprecated", "readOnly", "writeOnly", "nullable", "default"}
)


def reference_allows(kind: str, owner_kind: str, key: str) -> bool:
    """Whether `key` may follow a `$ref` in an object of `kind` (inside `owner_kind`)."""
    if kind == "Schema":
        return owner_kind == "Properties" and key in REF_PROPERTY_ANNOTATIONS
    return key in REFERENCE_SIBLINGS.get(kind, DEFAULT_REFERENCE_SIBLINGS)


# A schema under `items` or `additionalProperties` usually only says what the
# members are; the annotations and array constraints after it describe the
# parent (seed 004: `items: {$ref}` then `minItems`, `description` of the array).
MEMBER_SCHEMA_OWNERS = frozenset({"items", "additionalProperties"})
PARENT_LEVEL_KEYS = frozenset({
    "description", "title", "example", "examples", "default", "deprecated",
    "minItems", "maxItems", "uniqueItems", "readOnly", "writeOnly", "nullable",
})


def name_style(name: str) -> str:
    """Author-chosen names in one map share a style: `PascalCase` components,
    `snake_case` or `camelCase` properties."""
    head = name[:1]
    return "upper" if head.isupper() else "lower" if head.islower() or head == "_" else "other"


def value_for(kind: str, key: str) -> Value | None:
    """The value a `key` may have in an object of `kind`, or None if it can't be there."""
    if key.startswith("x-"):
        home = EXTENSION_HOMES.get(key)
        if home is not None:
            return home[1] if home[0] == kind else None
        return FREE if kind in EXTENSIBLE else None
    fixed = KINDS.get(kind, {}).get(key)
    if fixed is not None:
        return fixed
    pattern = PATTERN_KEYS.get(kind)
    if pattern is not None and pattern[0].match(key):
        return pattern[1]
    return None
